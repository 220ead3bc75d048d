import { ApiHarness, startApi } from './harness';

describe('concurrent changes to one task', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApi();
  });
  afterAll(() => h?.close());

  const draft = async () => (await h.as('officeA').post('/api/tasks', {
    title: '并发测试任务', planYear: 2026, leadUnitId: h.org.units.justiceA, deadline: '2026-10-31',
  }).expect(201)).body.id as string;

  it('lets exactly one of two simultaneous, mutually exclusive transitions win; the other gets 409', async () => {
    for (let round = 0; round < 5; round++) {
      const id = await draft();
      await h.as('officeA').post(`/api/tasks/${id}/publish`).expect(200);
      await h.as('justiceA').post(`/api/tasks/${id}/acknowledge`).expect(200);
      await h.as('justiceA').post(`/api/tasks/${id}/submit`, { note: '已整改到位' }).expect(200);
      // approve and return both start from "submitted": whichever lands first leaves the other impossible
      const [a, b] = await Promise.all([
        h.as('officeA').post(`/api/tasks/${id}/approve`),
        h.as('officeA').post(`/api/tasks/${id}/return`, { reason: '佐证不足' }),
      ]);
      expect([a.status, b.status].sort()).toEqual([200, 409]);
      const loser = a.status === 409 ? a : b;
      expect(['TASK_CONCURRENT_UPDATE', 'TASK_ILLEGAL_TRANSITION']).toContain(loser.body.code);
      const [row] = await h.dataSource.query(`SELECT status, version FROM task WHERE id = $1`, [id]);
      expect(row).toEqual({ status: a.status === 200 ? 'completed' : 'acknowledged', version: 5 });
      const events = await h.dataSource.query(`SELECT action FROM task_event WHERE task_id = $1 ORDER BY id`, [id]);
      expect(events.map((e: { action: string }) => e.action))
        .toEqual(['create', 'publish', 'acknowledge', 'submit', a.status === 200 ? 'approve' : 'return']);
    }
  });

  it('signs for a task once when the same unit double-clicks', async () => {
    const id = await draft();
    await h.as('officeA').post(`/api/tasks/${id}/publish`).expect(200);
    const results = await Promise.all([1, 2, 3].map(() => h.as('justiceA').post(`/api/tasks/${id}/acknowledge`)));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    const [{ n }] = await h.dataSource.query(
      `SELECT count(*)::int AS n FROM task_event WHERE task_id = $1 AND action = 'acknowledge'`, [id]);
    expect(n).toBe(1);
  });

  it('loses no progress note when several arrive at once', async () => {
    const id = await draft();
    await h.as('officeA').post(`/api/tasks/${id}/publish`).expect(200);
    const notes = Array.from({ length: 8 }, (_, i) => `第${i + 1}次进展`);
    const results = await Promise.all(notes.map((note, i) =>
      h.as('justiceA').post(`/api/tasks/${id}/progress`, { note, percent: 10 + i })));
    expect(results.every((r) => r.status === 201)).toBe(true);
    const rows = await h.dataSource.query(`SELECT note FROM task_progress WHERE task_id = $1`, [id]);
    expect(rows.map((r: { note: string }) => r.note).sort()).toEqual([...notes].sort());
  });

  it('refuses a stale version sent by a client that read an older task', async () => {
    const id = await draft();
    const seen = (await h.as('officeA').get(`/api/tasks/${id}`).expect(200)).body.version;
    await h.as('officeA').patch(`/api/tasks/${id}`, { title: '他人先改', version: seen }).expect(200);
    const stale = await h.as('officeA').patch(`/api/tasks/${id}`, { title: '我后改', version: seen }).expect(409);
    expect(stale.body).toMatchObject({ code: 'TASK_VERSION_MISMATCH', message: '任务已被他人修改，请刷新后重试' });
    expect((await h.as('officeA').get(`/api/tasks/${id}`).expect(200)).body.title).toBe('他人先改');
  });
});
