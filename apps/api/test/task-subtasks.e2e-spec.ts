import { ApiHarness, startApi } from './harness';
import { startCadence } from './cadence-runner';

/** 分解落实: a task broken down into sub-tasks of other units, each a task of its own unit, the parent closed after them. */
describe('sub-tasks (分解落实) over HTTP', () => {
  let h: ApiHarness;
  let cadence: Awaited<ReturnType<typeof startCadence>>;
  beforeAll(async () => {
    h = await startApi('2026-03-02T02:00:00Z'); // Monday 10:00 in Beijing
    cadence = await startCadence(h.db.url, 'subtasks');
  });
  afterAll(async () => {
    await cadence?.close();
    await h?.close();
  });

  const publish = async (deadline = '2026-06-30') => {
    const res = await h.as('officeA').post('/api/tasks', { title: '推进行政执法“三项制度”落实', planYear: 2026,
      leadUnitId: h.org.units.justiceA, deadline }).expect(201);
    await h.as('officeA').post(`/api/tasks/${res.body.id}/publish`).expect(200);
    return res.body as { id: string; code: string };
  };
  const row = (unit: string, deadline: string, title = '落实执法公示制度') => ({ title, leadUnitId: unit, deadline });

  it('lets the lead department and the office break a task down, and no one else', async () => {
    const u = h.org.units;
    const parent = await publish();
    const url = `/api/tasks/${parent.id}/subtasks`;

    // another department of the county, another county's office and department do not even see the parent
    for (const who of ['financeA', 'officeB', 'justiceB'] as const) {
      const res = await h.as(who).post(url, { items: [row(u.townA, '2026-05-31')] }).expect(404);
      expect(res.body.code).toBe('TASK_NOT_FOUND');
    }
    const late = await h.as('justiceA').post(url, { items: [row(u.financeA, '2026-07-01')] }).expect(400);
    expect(late.body).toMatchObject({ code: 'TASK_SUBTASK_DEADLINE' });
    expect(late.body.message).toContain('完成时限');
    const self = await h.as('justiceA').post(url, { items: [row(u.justiceA, '2026-05-31')] }).expect(400);
    expect(self.body.code).toBe('TASK_SUBTASK_SELF');
    const elsewhere = await h.as('justiceA').post(url, { items: [row(u.justiceB, '2026-05-31')] }).expect(400);
    expect(elsewhere.body.code).toBe('TASK_UNIT_OUT_OF_JURISDICTION');
    const empty = await h.as('justiceA').post(url, { items: [] }).expect(400);
    expect(empty.body.code).toBe('VALIDATION_FAILED');

    const byLead = await h.as('justiceA').post(url, { items: [row(u.financeA, '2026-04-30'), row(u.townA, '2026-06-30', '落实法制审核制度')] })
      .expect(201);
    expect(byLead.body.children).toMatchObject({ total: 2, completed: 0, open: 2, overdue: 0 });
    expect(byLead.body.children.items.map((c: any) => [c.code, c.leadUnit.id, c.status])).toEqual([
      [`${parent.code}-01`, u.financeA, 'assigned'], [`${parent.code}-02`, u.townA, 'assigned']]);
    const byOffice = await h.as('officeA').post(url, { items: [row(u.financeA, '2026-03-10', '落实执法全过程记录制度')] }).expect(201);
    expect(byOffice.body.children.items.map((c: any) => c.code)).toEqual([1, 2, 3].map((n) => `${parent.code}-0${n}`));

    // nothing was written by the refused requests: codes ran on from -01
    const [{ n }] = await h.dataSource.query(`SELECT count(*)::int AS n FROM task WHERE parent_task_id = $1`, [parent.id]);
    expect(n).toBe(3);
  });

  it('refuses to break down a task that is not open (409)', async () => {
    const draft = await h.as('officeA').post('/api/tasks', { title: '草稿任务', planYear: 2026, leadUnitId: h.org.units.justiceA,
      deadline: '2026-06-30' }).expect(201);
    const res = await h.as('officeA').post(`/api/tasks/${draft.body.id}/subtasks`, { items: [row(h.org.units.financeA, '2026-05-31')] })
      .expect(409);
    expect(res.body.code).toBe('TASK_ILLEGAL_TRANSITION');
  });

  it('makes each sub-task a task of its own unit: listed, chased by the daily beat, rolled up, closing the parent last', async () => {
    h.clock.set('2026-03-02T02:00:00Z');
    const u = h.org.units;
    const parent = await publish();
    await h.as('justiceA').post(`/api/tasks/${parent.id}/acknowledge`).expect(200);
    const made = await h.as('justiceA').post(`/api/tasks/${parent.id}/subtasks`, {
      items: [row(u.financeA, '2026-04-30'), row(u.townA, '2026-06-30'), row(u.financeA, '2026-03-10', '整理执法案卷')],
    }).expect(201);
    const [c1, c2, c3] = made.body.children.items as Array<{ id: string; code: string }>;

    // the finance bureau sees its sub-tasks in its own list, and of the parent its code and title only
    const list = await h.as('financeA').get('/api/tasks?limit=100').expect(200);
    expect(list.body.items.map((t: any) => t.code)).toEqual(expect.arrayContaining([c1.code, c3.code]));
    expect(list.body.items.map((t: any) => t.code)).not.toContain(parent.code);
    const child = await h.as('financeA').get(`/api/tasks/${c1.id}`).expect(200);
    expect(child.body.parent).toEqual({ id: parent.id, code: parent.code, title: '推进行政执法“三项制度”落实' });
    expect(child.body.allowedActions).toContain('acknowledge');
    await h.as('financeA').get(`/api/tasks/${parent.id}`).expect(404);

    // the daily beat issues the 交办单 of a sub-task to the sub-task's own unit
    await cadence.run('daily-assign', new Date('2026-03-02T18:00:00+08:00'));
    const slips: Array<{ task_id: string; unit_id: string }> = await h.dataSource.query(
      `SELECT task_id, unit_id FROM supervision_mark WHERE kind = 'assign_slip' AND task_id = ANY($1::uuid[])`, [[c1.id, c2.id, c3.id]]);
    expect(slips.map((s) => [s.task_id, s.unit_id]).sort()).toEqual(
      [[c1.id, u.financeA], [c2.id, u.townA], [c3.id, u.financeA]].sort());

    // one completes; another runs past its deadline
    await h.as('financeA').post(`/api/tasks/${c1.id}/acknowledge`).expect(200);
    await h.as('financeA').post(`/api/tasks/${c1.id}/submit`, { note: '公示制度已落实' }).expect(200);
    await h.as('officeA').post(`/api/tasks/${c1.id}/approve`).expect(200);
    h.clock.set('2026-03-12T02:00:00Z');
    const rolled = await h.as('justiceA').get(`/api/tasks/${parent.id}`).expect(200);
    expect(rolled.body.children).toMatchObject({ total: 3, completed: 1, cancelled: 0, open: 2, overdue: 1 });
    expect(rolled.body.children.items.find((c: any) => c.id === c3.id)).toMatchObject({ overdue: true, light: 'red' });

    // the parent waits for its open children, named by code
    const blocked = await h.as('justiceA').post(`/api/tasks/${parent.id}/submit`, { note: '三项制度已全面落实' }).expect(409);
    expect(blocked.body.code).toBe('TASK_CHILDREN_OPEN');
    expect(blocked.body.message).toContain(`${c2.code}、${c3.code}`);
    expect(blocked.body.message).not.toContain(c1.code);

    await h.as('townA').post(`/api/tasks/${c2.id}/acknowledge`).expect(200);
    await h.as('townA').post(`/api/tasks/${c2.id}/submit`, { note: '审核制度已落实' }).expect(200);
    await h.as('officeA').post(`/api/tasks/${c2.id}/approve`).expect(200);
    // only the office cancels a sub-task, with a reason
    await h.as('justiceA').post(`/api/tasks/${c3.id}/cancel`, { reason: '并入其他任务' }).expect(404);
    await h.as('officeA').post(`/api/tasks/${c3.id}/cancel`, { reason: '并入其他任务' }).expect(200);
    const done = await h.as('justiceA').post(`/api/tasks/${parent.id}/submit`, { note: '三项制度已全面落实' }).expect(200);
    expect(done.body).toMatchObject({ status: 'submitted',
      children: { total: 3, completed: 2, cancelled: 1, open: 0, overdue: 0 } });
  });

  it('breaks down two levels (a bureau to a township, the township to its village): late grandchild chased at its own unit, parent held', async () => {
    h.clock.set('2026-03-02T02:00:00Z');
    const u = h.org.units;
    const village = await h.addUnit('A-XZ1-01', '城关镇东关村', 'department', u.townA);
    const villager = (await h.addUser('villageA', 'department', village)).client;
    const parent = await publish();
    await h.as('justiceA').post(`/api/tasks/${parent.id}/acknowledge`).expect(200);
    const level1 = await h.as('justiceA').post(`/api/tasks/${parent.id}/subtasks`, {
      items: [row(u.townA, '2026-05-31', '城关镇落实执法公示'), row(u.financeA, '2026-04-30', '财政执法公示')] }).expect(201);
    const [town, finance] = level1.body.children.items as Array<{ id: string; code: string }>;
    // the township, as the lead unit of its sub-task, breaks it down for its village
    await h.as('townA').post(`/api/tasks/${town.id}/acknowledge`).expect(200);
    const level2 = await h.as('townA').post(`/api/tasks/${town.id}/subtasks`, { items: [row(village, '2026-03-20', '东关村公示栏更新')] })
      .expect(201);
    const [grandchild] = level2.body.children.items as Array<{ id: string; code: string }>;
    expect(grandchild.code).toBe(`${town.code}-01`);
    expect(town.code).toBe(`${parent.code}-01`);
    expect((await villager.get(`/api/tasks/${grandchild.id}`).expect(200)).body.parent).toMatchObject({ id: town.id, code: town.code });
    await villager.get(`/api/tasks/${parent.id}`).expect(404);
    await villager.get(`/api/tasks/${town.id}`).expect(404);

    // the village signs for it and lets it run late; the escalation beat chases the village, not the township or the bureau
    await villager.post(`/api/tasks/${grandchild.id}/acknowledge`).expect(200);
    h.clock.set('2026-03-25T02:00:00Z');
    await cadence.run('escalate', new Date('2026-03-25T09:00:00+08:00'));
    const chased: Array<{ task_id: string; unit_id: string; kind: string }> = await h.dataSource.query(
      `SELECT task_id, unit_id, kind FROM supervision_mark WHERE task_id = ANY($1::uuid[]) AND kind NOT IN ('assign_slip')`,
      [[parent.id, town.id, finance.id, grandchild.id]]);
    expect(chased.filter((m) => m.kind === 'urge')).toEqual([{ task_id: grandchild.id, unit_id: village, kind: 'urge' }]);
    const urge = (await villager.get('/api/documents?kind=urge').expect(200)).body.items;
    expect(urge).toHaveLength(1);
    expect((await villager.get(`/api/documents/${urge[0].id}`).expect(200)).body.text).toContain(grandchild.code);

    // the roll-up: the township's task shows its late child; the bureau's parent shows its own two children
    const townView = (await h.as('townA').get(`/api/tasks/${town.id}`).expect(200)).body;
    expect(townView.children).toMatchObject({ total: 1, open: 1, overdue: 1 });
    expect(townView.children.items[0]).toMatchObject({ code: grandchild.code, light: 'red', leadUnit: { id: village, name: '城关镇东关村' } });
    expect((await h.as('justiceA').get(`/api/tasks/${parent.id}`).expect(200)).body.children).toMatchObject({ total: 2, open: 2 });

    // the township cannot close while its village is open; once the village is done, both levels close in turn
    const held = await h.as('townA').post(`/api/tasks/${town.id}/submit`, { note: '已完成' }).expect(409);
    expect(held.body).toMatchObject({ code: 'TASK_CHILDREN_OPEN', details: { codes: [grandchild.code] } });
    await villager.post(`/api/tasks/${grandchild.id}/submit`, { note: '公示栏已更新' }).expect(200);
    await h.as('officeA').post(`/api/tasks/${grandchild.id}/approve`).expect(200);
    await h.as('townA').post(`/api/tasks/${town.id}/submit`, { note: '已完成' }).expect(200);
    await h.as('officeA').post(`/api/tasks/${town.id}/approve`).expect(200);
    await h.as('financeA').post(`/api/tasks/${finance.id}/acknowledge`).expect(200);
    await h.as('financeA').post(`/api/tasks/${finance.id}/submit`, { note: '已公示' }).expect(200);
    await h.as('officeA').post(`/api/tasks/${finance.id}/approve`).expect(200);
    await h.as('justiceA').post(`/api/tasks/${parent.id}/submit`, { note: '三项制度已全面落实' }).expect(200);

    // a child reopened while the parent waits for 审核 (here the office's 重新打开) holds the parent's approval too
    await h.as('officeA').post(`/api/tasks/${finance.id}/reopen`, { reason: '公示内容不全' }).expect(200);
    const approve = await h.as('officeA').post(`/api/tasks/${parent.id}/approve`).expect(409);
    expect(approve.body.code).toBe('TASK_CHILDREN_OPEN');
    expect(approve.body.message).toContain(`${finance.code} 尚未办结，不能审核通过`);
    expect((await h.as('officeA').get(`/api/tasks/${parent.id}`).expect(200)).body.status).toBe('submitted');

    // March's bulletin counts the grandchild under the village: due in March, done, not on time
    await cadence.run('monthly-bulletin', new Date('2026-04-01T10:00:00+08:00'));
    const [bulletin] = (await h.as('officeA').get('/api/documents?kind=bulletin').expect(200)).body.items;
    const text: string = (await h.as('officeA').get(`/api/documents/${bulletin.id}`).expect(200)).body.text;
    expect(text).toContain('2026年3月督办检查通报');
    expect(text).toMatch(/城关镇东关村　1　1　1　0　0　100\.0%　0\.0%/);
  });
});
