import * as ExcelJS from 'exceljs';
import type { Response } from 'superagent';
import { ApiHarness, startApi } from './harness';

type Callback = (err: Error | null, body: Buffer) => void;
const binary = (res: Response, cb: Callback) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

interface Group { id: string; title: string; position: number; planYear: number; taskCount: number }

// seed 003's plan: "7大工作重点、28项任务" — the office groups the year's tasks under the plan's headings
describe('工作重点: groups of tasks over HTTP', () => {
  let h: ApiHarness;
  const task: Record<string, { id: string; code: string }> = {};
  let g: Record<'law' | 'service' | 'empty', Group>;

  beforeAll(async () => {
    h = await startApi('2026-03-02T02:00:00Z');
    const create = async (key: string, title: string, leadUnitId: string, planYear = 2026) => {
      const res = await h.as('officeA').post('/api/tasks', { title, planYear, leadUnitId, deadline: '2026-12-31' }).expect(201);
      task[key] = res.body;
    };
    await create('a', '规范行政执法程序', h.org.units.justiceA);
    await create('b', '推进预算公开', h.org.units.financeA);
    await create('c', '化解矛盾纠纷', h.org.units.townA);
    await create('d', '完善法律顾问制度', h.org.units.justiceA);
    await create('old', '去年的任务', h.org.units.justiceA, 2025);
    await h.as('officeA').post('/api/tasks/publish', { ids: ['a', 'b', 'c', 'd'].map((k) => task[k].id) }).expect(200);
  });
  afterAll(() => h?.close());

  const groups = async (as: Parameters<ApiHarness['as']>[0] = 'officeA', year = 2026) =>
    (await h.as(as).get(`/api/task-groups?planYear=${year}`).expect(200)).body as Group[];

  it('lets the office create groups, each placed last in its plan year; titles are unique per year', async () => {
    const post = (title: string, planYear = 2026) => h.as('officeA').post('/api/task-groups', { planYear, title });
    const law = (await post('  深化法治政府建设 ').expect(201)).body;
    expect(law).toMatchObject({ title: '深化法治政府建设', position: 1, planYear: 2026, jurisdictionId: h.org.units.countyA, taskCount: 0 });
    const service = (await post('优化政务服务').expect(201)).body;
    const empty = (await post('加强队伍建设').expect(201)).body;
    expect((await post('去年的重点', 2025).expect(201)).body.position).toBe(1);
    g = { law, service, empty };
    expect((await groups()).map((x) => [x.title, x.position])).toEqual([['深化法治政府建设', 1], ['优化政务服务', 2], ['加强队伍建设', 3]]);

    const twice = await post('优化政务服务').expect(409);
    expect(twice.body).toMatchObject({ code: 'TASK_GROUP_TITLE_TAKEN', message: '2026年已有名为“优化政务服务”的工作重点' });
    const blank = await post('   ').expect(400);
    expect(blank.body.message).toBe('请求参数有误：工作重点名称不能为空');
    const year = await h.as('officeA').post('/api/task-groups', { planYear: 1999, title: '太早' }).expect(400);
    expect(year.body.message).toBe('请求参数有误：计划年度不能小于 2000');
  });

  it('keeps group management to the office of the jurisdiction and the admin, on every endpoint', async () => {
    const body = { planYear: 2026, title: '部门建的' };
    for (const who of ['justiceA', 'leaderA'] as const) {
      expect((await h.as(who).post('/api/task-groups', body).expect(403)).body.code).toBe('TASK_ACTION_FORBIDDEN');
      await h.as(who).patch(`/api/task-groups/${g.law.id}`, { title: '改名' }).expect(403);
      await h.as(who).put('/api/task-groups/order', { ids: [g.law.id] }).expect(403);
      await h.as(who).delete(`/api/task-groups/${g.empty.id}`).expect(403);
      await h.as(who).put(`/api/tasks/${task.a.id}/group`, { groupId: g.law.id }).expect(403);
      await h.as(who).post('/api/tasks/group', { ids: [task.a.id], groupId: g.law.id }).expect(403);
    }
    // the other county's office: these groups are not there for it
    await h.as('officeB').patch(`/api/task-groups/${g.law.id}`, { title: '乙县改名' }).expect(404);
    await h.as('officeB').put('/api/task-groups/order', { ids: [g.law.id] }).expect(404);
    await h.as('officeB').delete(`/api/task-groups/${g.empty.id}`).expect(404);
    await h.as('officeB').put(`/api/tasks/${task.a.id}/group`, { groupId: null }).expect(404);
    expect((await h.as('officeB').post('/api/task-groups', { ...body, jurisdictionId: h.org.units.countyA }).expect(403)).body.code)
      .toBe('TASK_GROUP_JURISDICTION');
    expect(await groups('officeB')).toEqual([]);
    // the admin names the county
    expect((await h.as('admin').post('/api/task-groups', body).expect(400)).body.code).toBe('TASK_JURISDICTION_REQUIRED');
    const made = (await h.as('admin').post('/api/task-groups', { ...body, jurisdictionId: h.org.units.countyB }).expect(201)).body;
    expect(made).toMatchObject({ jurisdictionId: h.org.units.countyB, position: 1 });
    await h.as('admin').delete(`/api/task-groups/${made.id}`).expect(204);
    expect((await groups()).map((x) => x.title)).toEqual(['深化法治政府建设', '优化政务服务', '加强队伍建设']);
  });

  it('puts tasks under a group, one or many at once, each change in the history; only a task of the group\'s year', async () => {
    await h.as('officeA').put(`/api/tasks/${task.a.id}/group`, { groupId: g.law.id }).expect(200, { updated: 1 });
    await h.as('officeA').post('/api/tasks/group', { ids: [task.b.id, task.c.id, task.d.id], groupId: g.service.id }).expect(200, { updated: 3 });
    await h.as('officeA').put(`/api/tasks/${task.d.id}/group`, { groupId: g.law.id }).expect(200);
    const mismatch = await h.as('officeA').post('/api/tasks/group', { ids: [task.c.id, task.old.id], groupId: g.law.id }).expect(400);
    expect(mismatch.body).toMatchObject({ code: 'TASK_GROUP_MISMATCH',
      message: `任务 ${task.old.code} 与工作重点“深化法治政府建设”不属于同一辖区或同一计划年度（2026年）` });
    expect((await h.as('officeA').get(`/api/tasks/${task.c.id}`).expect(200)).body.group).toMatchObject({ title: '优化政务服务' });
    const detail = (await h.as('officeA').get(`/api/tasks/${task.d.id}`).expect(200)).body;
    expect(detail.group).toEqual({ id: g.law.id, title: '深化法治政府建设', position: 1 });
    const history = (await h.as('officeA').get(`/api/tasks/${task.d.id}/history`).expect(200)).body;
    expect(history.at(-1)).toMatchObject({ action: 'edit', changes: { group: { from: '优化政务服务', to: '深化法治政府建设' } } });
    expect((await groups()).map((x) => [x.title, x.taskCount])).toEqual([['深化法治政府建设', 2], ['优化政务服务', 2], ['加强队伍建设', 0]]);
  });

  it('filters the ledger by group and shows it; a department sees the titles of its own tasks\' groups only', async () => {
    const codes = async (query: string, as: Parameters<ApiHarness['as']>[0] = 'officeA') =>
      ((await h.as(as).get(`/api/tasks?${query}`).expect(200)).body.items as Array<{ code: string }>).map((t) => t.code).sort();
    expect(await codes(`groupId=${g.law.id}`)).toEqual([task.a.code, task.d.code].sort());
    expect(await codes('groupId=none')).toEqual([task.old.code]);
    expect((await h.as('officeA').get('/api/tasks?groupId=abc').expect(400)).body.code).toBe('VALIDATION_FAILED');
    const page = (await h.as('financeA').get('/api/tasks').expect(200)).body.items;
    expect(page.map((t: { group: { title: string } | null }) => t.group?.title)).toEqual(['优化政务服务']);
    expect((await groups('financeA')).map((x) => [x.title, x.taskCount])).toEqual([['优化政务服务', 1]]);
    expect((await groups('justiceA')).map((x) => [x.title, x.taskCount])).toEqual([['深化法治政府建设', 2]]);
    expect((await groups('leaderA2')).map((x) => x.title)).toEqual(['优化政务服务']); // in charge of the township
  });

  it('renames and reorders; the order must list every group of the year once', async () => {
    const renamed = await h.as('officeA').patch(`/api/task-groups/${g.service.id}`, { title: '持续优化政务服务' }).expect(200);
    expect(renamed.body).toMatchObject({ title: '持续优化政务服务', position: 2, taskCount: 2 });
    const taken = await h.as('officeA').patch(`/api/task-groups/${g.service.id}`, { title: '加强队伍建设' }).expect(409);
    expect(taken.body.code).toBe('TASK_GROUP_TITLE_TAKEN');
    const partial = await h.as('officeA').put('/api/task-groups/order', { ids: [g.service.id, g.law.id] }).expect(400);
    expect(partial.body).toMatchObject({ code: 'TASK_GROUP_ORDER_INCOMPLETE', message: '排序须列出2026年的全部 3 个工作重点，每个一次' });
    const order = await h.as('officeA').put('/api/task-groups/order', { ids: [g.service.id, g.empty.id, g.law.id] }).expect(200);
    expect(order.body.map((x: Group) => [x.title, x.position])).toEqual([['持续优化政务服务', 1], ['加强队伍建设', 2], ['深化法治政府建设', 3]]);
    expect((await h.as('officeA').get(`/api/tasks/${task.a.id}`).expect(200)).body.group).toMatchObject({ position: 3 });
  });

  it('exports the ledger in the plan\'s order, 工作重点 in their order then code, with the 工作重点 column', async () => {
    const res = await h.as('officeA').get('/api/tasks/export.xlsx').buffer(true).parse(binary).expect(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    const header = (ws.getRow(3).values as unknown[]).slice(1);
    // the 工作重点 column, wherever later columns (报送周期, 最近报送) put it
    const column = header.indexOf('工作重点') + 1;
    expect(column).toBeGreaterThan(0);
    const rows = [4, 5, 6, 7, 8].map((n) => [ws.getRow(n).getCell(2).value, ws.getRow(n).getCell(column).value]);
    expect(rows).toEqual([
      [task.old.code, null], // plan year 2025 first, under no group
      [task.b.code, '持续优化政务服务'], [task.c.code, '持续优化政务服务'],
      [task.a.code, '深化法治政府建设'], [task.d.code, '深化法治政府建设'],
    ]);
  });

  it('refuses to delete a group with tasks (409, in Chinese); deletes an empty one and closes the gap', async () => {
    const refused = await h.as('officeA').delete(`/api/task-groups/${g.law.id}`).expect(409);
    expect(refused.body).toMatchObject({ code: 'TASK_GROUP_NOT_EMPTY',
      message: '工作重点“深化法治政府建设”下还有 2 项任务，不能删除；请先把这些任务移到其他工作重点或移出' });
    await h.as('officeA').delete(`/api/task-groups/${g.empty.id}`).expect(204);
    await h.as('officeA').delete(`/api/task-groups/${g.empty.id}`).expect(404);
    expect((await groups()).map((x) => [x.title, x.position])).toEqual([['持续优化政务服务', 1], ['深化法治政府建设', 2]]);
    await h.as('officeA').post('/api/tasks/group', { ids: [task.a.id, task.d.id], groupId: null }).expect(200);
    expect((await h.as('officeA').get(`/api/tasks/${task.a.id}`).expect(200)).body.group).toBeNull();
    await h.as('officeA').delete(`/api/task-groups/${g.law.id}`).expect(204);
  });
});
