import { OwnApiHarness, startApiOnOwnServices } from './fault-harness';

/** F9 / F5: /health answers 503 within a couple of seconds when a dependency hangs or is gone, never waits on it. */
describe('/health fails fast', () => {
  let h: OwnApiHarness;
  beforeAll(async () => {
    h = await startApiOnOwnServices();
  });
  afterAll(() => h?.close());

  const timedHealth = async () => {
    const started = Date.now();
    const res = await h.anonymous.get('/health');
    return { res, ms: Date.now() - started };
  };

  it('answers 503 naming Redis within 2.5 s while Redis is paused, and 200 again once it answers', async () => {
    expect((await timedHealth()).res.status).toBe(200);
    // CLIENT UNPAUSE would wait out a pause of ALL too, so the pause is short enough to end by itself
    const pausedUntil = Date.now() + 6_000;
    await h.redis.client().call('CLIENT', 'PAUSE', '6000', 'ALL');
    const { res, ms } = await timedHealth();
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ statusCode: 503, code: 'SERVICE_UNAVAILABLE' });
    expect(res.body.details.redis.status).toBe('down');
    expect(res.body.details.database.status).toBe('up');
    expect(ms).toBeLessThan(2_500);
    await new Promise((r) => setTimeout(r, Math.max(0, pausedUntil - Date.now()) + 200));
    expect((await timedHealth()).res.status).toBe(200);
  });

  it('answers 503 naming the database within 2.5 s while PostgreSQL is down, and 200 again after it is back', async () => {
    await h.pg.stop('immediate');
    try {
      const { res, ms } = await timedHealth();
      expect(res.status).toBe(503);
      expect(res.body.details.database.status).toBe('down');
      expect(ms).toBeLessThan(2_500);
    } finally {
      await h.pg.start();
    }
    // the pool drops the broken connections and opens new ones
    let status = 0;
    for (let i = 0; i < 20 && status !== 200; i++) {
      status = (await timedHealth()).res.status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 250));
    }
    expect(status).toBe(200);
  });
});
