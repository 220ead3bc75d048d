import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createTestDatabase, TEST_REDIS_URL } from '@app/testing';
import { ApiHarness, startApi } from './harness';

describe('the running service', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApi();
  });
  afterAll(() => h?.close());

  it('answers /health with both dependencies up, without a token', async () => {
    const res = await h.anonymous.get('/health').expect(200);
    expect(res.body).toMatchObject({ status: 'ok', details: { database: { status: 'up' }, redis: { status: 'up' } } });
  });

  it('answers the liveness probe without touching the dependencies', async () => {
    expect((await h.anonymous.get('/health/live').expect(200)).body).toEqual({ status: 'ok' });
  });

  it('publishes OpenAPI docs listing the ledger endpoints', async () => {
    const res = await h.anonymous.get('/api/docs-json').expect(200);
    const paths = Object.keys(res.body.paths);
    for (const p of ['/api/auth/login', '/api/tasks', '/api/tasks/{id}/acknowledge', '/api/tasks/{id}/history',
      '/api/tasks/{id}/extensions/{extensionId}/approve', '/api/units', '/api/users/{id}/leader-units']) {
      expect(paths).toContain(p);
    }
    await h.anonymous.get('/api/docs').expect(200);
  });
});

describe('the worker process', () => {
  it('boots, reports health on its port and stops cleanly on SIGTERM', async () => {
    const db = await createTestDatabase();
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const child = spawn(process.execPath, [join(__dirname, '..', '..', '..', 'dist', 'apps', 'worker', 'src', 'main.js')], {
      env: { PATH: process.env.PATH, DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, WORKER_PORT: String(port),
        LOG_LEVEL: 'silent', QUEUE_PREFIX: 'tworker' },
      stdio: 'ignore',
    });
    try {
      let body: unknown;
      for (let i = 0; i < 100 && !body; i++) {
        body = await fetch(`http://127.0.0.1:${port}/health`).then((r) => r.json(), () => undefined);
        if (!body) await new Promise((r) => setTimeout(r, 100));
      }
      expect(body).toEqual({ status: 'ok', database: 'up', redis: 'up',
        // the boot's check found a new Redis (no alarm: nothing had run on this database) and registered the schedulers
        reconciler: { lastCheckAt: expect.any(String), redisDataLostAt: null, lastError: null },
        queues: { cadence: expect.objectContaining({ delayed: 6, failed: 0 }),
          notifications: expect.objectContaining({ waiting: 0, failed: 0 }) },
        // one process (WORKER_PROCESSES defaults to 1): no cluster child answered
        process: { id: null, of: 1 } });
      const exited = new Promise<string>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? `exit ${code}`)));
      child.kill('SIGTERM');
      // Nest closes the application on SIGTERM, then re-raises the signal: the process ends by it, not by a hang
      expect(await exited).toBe('SIGTERM');
    } finally {
      child.kill('SIGKILL');
      await db.drop();
    }
  });
});
