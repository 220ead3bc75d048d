import { ApiHarness, startApi } from './harness';

/** The holiday data runs to 2026: /health says which years around today it misses, as a warning, not an outage. */
describe('/health and the working-day calendar', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApi('2025-06-02T02:00:00Z');
  });
  afterAll(() => h?.close());

  it('reports no gap while last, this and next year are covered', async () => {
    const res = await h.anonymous.get('/health').expect(200);
    expect(res.body.details.calendar).toEqual({ status: 'up', uncoveredYears: [], years: [{ year: 2024, source: 'chinese-days' },
      { year: 2025, source: 'chinese-days' }, { year: 2026, source: 'chinese-days' }] });
  });

  it('stays up (200) with a warning naming next year once the data ends with this one', async () => {
    h.clock.set('2026-03-02T02:00:00Z');
    const res = await h.anonymous.get('/health').expect(200);
    expect(res.body.status).toBe('ok');
    expect(res.body.details.calendar).toEqual({ status: 'up', uncoveredYears: [2027],
      warning: expect.stringMatching(/^节假日数据（chinese-days）未覆盖 2027 年：这些年份按周一至周五计算工作日/),
      years: [{ year: 2025, source: 'chinese-days' }, { year: 2026, source: 'chinese-days' }, { year: 2027, source: null }] });
    h.clock.set('2028-01-03T02:00:00Z');
    expect((await h.anonymous.get('/health').expect(200)).body.details.calendar.uncoveredYears).toEqual([2027, 2028, 2029]);
  });
});
