import { ApiHarness, startApi } from './harness';

/** The ledger's three orders, each paged with its own keyset cursor: every task once, in order, whatever the page size. */
describe('GET /api/tasks?sort=', () => {
  let h: ApiHarness;
  const titles: Record<string, string> = {};
  beforeAll(async () => {
    h = await startApi('2026-03-02T02:00:00Z');
    // deadlines with ties (two on 06-30) so the id tie-break matters; created one minute apart
    const deadlines = ['2026-06-30', '2026-04-15', '2026-09-01', '2026-06-30', '2026-05-20'];
    for (const [i, deadline] of deadlines.entries()) {
      h.clock.advanceDays(1 / 1440);
      const res = await h.as('officeA').post('/api/tasks', { title: `排序任务${i + 1}`, planYear: 2026,
        leadUnitId: h.org.units.justiceA, deadline }).expect(201);
      titles[res.body.id] = res.body.title;
    }
    // the third task changes last: it heads the 最近更新 order
    h.clock.advanceDays(1 / 1440);
    const third = Object.keys(titles).find((id) => titles[id] === '排序任务3')!;
    await h.as('officeA').patch(`/api/tasks/${third}`, { description: '补充说明' }).expect(200);
  });
  afterAll(() => h?.close());

  const all = async (sort: string | undefined, limit: number) => {
    const seen: Array<{ title: string; currentDeadline: string; updatedAt: string; id: string }> = [];
    let after: string | undefined;
    let pages = 0;
    do {
      const query = new URLSearchParams({ limit: String(limit), ...(sort ? { sort } : {}), ...(after ? { after } : {}) });
      const res = await h.as('officeA').get(`/api/tasks?${query}`).expect(200);
      seen.push(...res.body.items);
      after = res.body.nextCursor ?? undefined;
      pages++;
    } while (after && pages < 20);
    return seen;
  };

  it('orders by deadline (default), latest deadline first, or latest change first, with no task twice or missing', async () => {
    for (const limit of [1, 2, 100]) {
      const byDeadline = await all(undefined, limit);
      expect(byDeadline.map((t) => t.currentDeadline)).toEqual(['2026-04-15', '2026-05-20', '2026-06-30', '2026-06-30', '2026-09-01']);
      const reversed = await all('-deadline', limit);
      expect(reversed.map((t) => t.id)).toEqual([...byDeadline].reverse().map((t) => t.id));
      const byChange = await all('-updated', limit);
      expect(byChange.map((t) => t.title)).toEqual(['排序任务3', '排序任务5', '排序任务4', '排序任务2', '排序任务1']);
      expect(new Set(byChange.map((t) => t.id)).size).toBe(5);
    }
  });

  it('keeps microsecond timestamps apart: rows changed within one millisecond still page exactly once', async () => {
    // tasks written by SQL (a bulk import, a migration) carry PostgreSQL's microseconds
    await h.dataSource.query(`UPDATE task SET updated_at = TIMESTAMPTZ '2026-03-05 10:00:00.000100+08' + (random() * interval '0.0008 s')
      WHERE jurisdiction_id = $1`, [h.org.units.countyA]);
    const expected = (await h.dataSource.query(`SELECT id FROM task WHERE jurisdiction_id = $1 ORDER BY updated_at DESC, id DESC`,
      [h.org.units.countyA])).map((r: { id: string }) => r.id);
    expect((await all('-updated', 1)).map((t) => t.id)).toEqual(expected);
  });

  it('counts the filtered list beside its first page (共 N 条), in the caller\'s scope, and only when asked', async () => {
    const first = await h.as('officeA').get('/api/tasks?withTotal=true&limit=2').expect(200);
    expect(first.body).toMatchObject({ total: 5 });
    expect(first.body.items).toHaveLength(2);
    const next = await h.as('officeA').get(`/api/tasks?withTotal=true&limit=2&after=${first.body.nextCursor}`).expect(200);
    expect(next.body.total).toBeUndefined();
    expect((await h.as('officeA').get('/api/tasks?withTotal=true&dueMonth=2026-06').expect(200)).body.total).toBe(2);
    expect((await h.as('officeA').get('/api/tasks?limit=2').expect(200)).body.total).toBeUndefined();
    expect((await h.as('officeB').get('/api/tasks?withTotal=true').expect(200)).body).toEqual({ items: [], nextCursor: null, total: 0 });
    const bad = await h.as('officeA').get('/api/tasks?withTotal=maybe').expect(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
  });

  it('refuses an unknown order, and a cursor from another order, with a Chinese message', async () => {
    const bad = await h.as('officeA').get('/api/tasks?sort=title').expect(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    const page = await h.as('officeA').get('/api/tasks?limit=1').expect(200);
    const mixed = await h.as('officeA').get(`/api/tasks?limit=1&sort=-updated&after=${page.body.nextCursor}`).expect(400);
    expect(mixed.body).toMatchObject({ code: 'BAD_CURSOR', message: expect.stringContaining('分页游标无效') });
  });

  it('pages an office down the (jurisdiction, updated_at, id) index for 最近更新', async () => {
    const session = h.dataSource.createQueryRunner(); // one connection: the SET must hold for the EXPLAIN
    await session.connect();
    await session.query(`SET enable_seqscan = off`);
    const plan = await session.query(`EXPLAIN (FORMAT JSON) SELECT id FROM task t WHERE t.jurisdiction_id = $1
      ORDER BY t.updated_at DESC, t.id DESC LIMIT 51`, [h.org.units.countyA]);
    await session.query(`RESET enable_seqscan`);
    await session.release();
    expect(JSON.stringify(plan)).toContain('ix_task_jurisdiction_updated');
  });
});
