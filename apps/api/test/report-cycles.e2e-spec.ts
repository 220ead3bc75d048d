import { ApiHarness, startApi } from './harness';

describe('定期报送 over HTTP: the office sets a task\'s reporting cycle', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApi('2026-03-02T02:00:00Z'); // Monday 10:00 in Beijing
  });
  afterAll(() => h?.close());

  const createTask = async (extra: object = {}, who: 'officeA' | 'officeB' = 'officeA') => {
    const res = await h.as(who).post('/api/tasks', { title: '推进行政复议规范化建设', planYear: 2026,
      leadUnitId: who === 'officeA' ? h.org.units.justiceA : h.org.units.justiceB, deadline: '2026-11-30', ...extra }).expect(201);
    await h.as(who).post(`/api/tasks/${res.body.id}/publish`).expect(200);
    return res.body as { id: string; code: string; reportCycle: unknown; reportCycleLabel: string };
  };

  it('on create and edit: shown on the task, recorded in its history, refused with the field named in Chinese', async () => {
    const task = await createTask({ reportCycle: { kind: 'monthly', day: 20 } });
    expect(task).toMatchObject({ reportCycle: { kind: 'monthly', day: 20 }, reportCycleLabel: '每月20日前' });
    const url = `/api/tasks/${task.id}`;
    const seen = await h.as('justiceA').get(url).expect(200); // the lead unit sees what it has to report
    expect(seen.body.reportCycleLabel).toBe('每月20日前');

    const edited = await h.as('officeA').patch(url, { reportCycle: { kind: 'quarterly', day: 25 } }).expect(200);
    expect(edited.body).toMatchObject({ reportCycle: { kind: 'quarterly', day: 25 }, reportCycleLabel: '每季末月25日前' });
    const history = await h.as('officeA').get(`${url}/history`).expect(200);
    expect(history.body.at(-1)).toMatchObject({ action: 'edit',
      changes: { reportCycle: { from: { kind: 'monthly', day: 20 }, to: { kind: 'quarterly', day: 25 } } } });

    const badKind = await h.as('officeA').patch(url, { reportCycle: { kind: 'daily', day: 1 } }).expect(400);
    expect(badKind.body).toMatchObject({ code: 'TASK_REPORT_CYCLE_INVALID' });
    expect(badKind.body.message).toContain('报送周期');
    const badDay = await h.as('officeA').post('/api/tasks', { title: '新任务', planYear: 2026, leadUnitId: h.org.units.justiceA,
      deadline: '2026-11-30', reportCycle: { kind: 'weekly', day: 6 } }).expect(400);
    expect(badDay.body.message).toContain('报送日');

    const cleared = await h.as('officeA').patch(url, { reportCycle: null }).expect(200);
    expect(cleared.body).toMatchObject({ reportCycle: null, reportCycleLabel: '' });
    // a department edits nothing, its cycle included
    await h.as('justiceA').patch(url, { reportCycle: { kind: 'monthly', day: 20 } }).expect(403);
  });

  it('per batch: sets (or drops) one cycle on the office\'s tasks; a department cannot, another county\'s tasks are refused', async () => {
    const a = await createTask();
    const b = await createTask();
    const set = await h.as('officeA').post('/api/tasks/report-cycle', { ids: [a.id, b.id], cycle: { kind: 'weekly', day: 5 } }).expect(200);
    expect(set.body).toEqual({ updated: 2 });
    for (const t of [a, b]) {
      expect((await h.as('officeA').get(`/api/tasks/${t.id}`).expect(200)).body.reportCycleLabel).toBe('每周五前');
    }
    const same = await h.as('officeA').post('/api/tasks/report-cycle', { ids: [a.id], cycle: { kind: 'weekly', day: 5 } }).expect(200);
    expect(same.body).toEqual({ updated: 0 }); // nothing changed, nothing recorded

    const dept = await h.as('justiceA').post('/api/tasks/report-cycle', { ids: [a.id], cycle: null }).expect(403);
    expect(dept.body.code).toBe('TASK_ACTION_FORBIDDEN');
    const other = await createTask({}, 'officeB');
    // 乙县's office cannot reach 甲县's task, nor 甲县's its: the whole batch is refused, nothing changes
    await h.as('officeB').post('/api/tasks/report-cycle', { ids: [other.id, a.id], cycle: null }).expect(404);
    await h.as('officeA').post('/api/tasks/report-cycle', { ids: [other.id], cycle: { kind: 'monthly', day: 20 } }).expect(404);
    expect((await h.as('officeA').get(`/api/tasks/${a.id}`).expect(200)).body.reportCycleLabel).toBe('每周五前');
    expect((await h.as('officeB').get(`/api/tasks/${other.id}`).expect(200)).body.reportCycle).toBeNull();

    const bad = await h.as('officeA').post('/api/tasks/report-cycle', { ids: [a.id], cycle: { kind: 'monthly', day: 0 } }).expect(400);
    expect(bad.body.message).toContain('报送日');
    const missing = await h.as('officeA').post('/api/tasks/report-cycle', { ids: [a.id] }).expect(400);
    expect(missing.body.message).toContain('报送周期');

    const dropped = await h.as('officeA').post('/api/tasks/report-cycle', { ids: [a.id, b.id], cycle: null }).expect(200);
    expect(dropped.body).toEqual({ updated: 2 });
    expect((await h.as('officeA').get(`/api/tasks/${b.id}`).expect(200)).body.reportCycle).toBeNull();
  });
});
