import { ApiHarness, Org, startApi } from './harness';

type Caller = keyof Org['users'];
type Expect = 'read' | 'branch' | 'lead' | 'office' | 'hidden';

/**
 * For every task endpoint, who may do what. `hidden` callers get 404 everywhere (no existence leak); read-only
 * callers get 200 on reads and 403 on writes; the co-owner may also post progress on its own branch.
 */
const CALLERS: Array<[Caller, Expect, string]> = [
  ['justiceB', 'hidden', 'a department of another county'],
  ['townA', 'hidden', 'another department of the same county'],
  ['officeB', 'hidden', 'the office of another county'],
  ['leaderA2', 'hidden', 'a leader in charge of other units'],
  ['financeA', 'branch', 'a co-owner'],
  ['leaderA', 'read', 'the leader in charge of the lead unit'],
];

interface Endpoint {
  name: string;
  call: (h: ApiHarness, c: Caller, ids: Ids) => Promise<{ status: number }>;
  /** the status for a caller allowed to see the task, by what the caller is */
  visible: (e: Expect) => number;
}
interface Ids { task: string; file: string; extension: string }

const read = () => 200;
const write = (e: Expect) => (e === 'branch' || e === 'read' ? 403 : 0);
const ENDPOINTS: Endpoint[] = [
  { name: 'GET detail', call: (h, c, i) => h.as(c).get(`/api/tasks/${i.task}`), visible: read },
  { name: 'GET history', call: (h, c, i) => h.as(c).get(`/api/tasks/${i.task}/history`), visible: read },
  { name: 'GET progress', call: (h, c, i) => h.as(c).get(`/api/tasks/${i.task}/progress`), visible: read },
  { name: 'GET evidence', call: (h, c, i) => h.as(c).get(`/api/tasks/${i.task}/evidence`), visible: read },
  { name: 'GET evidence file', call: (h, c, i) => h.as(c).get(`/api/tasks/${i.task}/evidence/${i.file}`), visible: read },
  { name: 'GET extensions', call: (h, c, i) => h.as(c).get(`/api/tasks/${i.task}/extensions`), visible: read },
  { name: 'PATCH edit', call: (h, c, i) => h.as(c).patch(`/api/tasks/${i.task}`, { title: '改标题' }), visible: write },
  { name: 'POST publish', call: (h, c, i) => h.as(c).post(`/api/tasks/${i.task}/publish`), visible: write },
  { name: 'POST acknowledge', call: (h, c, i) => h.as(c).post(`/api/tasks/${i.task}/acknowledge`), visible: write },
  { name: 'POST submit', call: (h, c, i) => h.as(c).post(`/api/tasks/${i.task}/submit`, { note: '完成' }), visible: write },
  { name: 'POST approve', call: (h, c, i) => h.as(c).post(`/api/tasks/${i.task}/approve`), visible: write },
  { name: 'POST return', call: (h, c, i) => h.as(c).post(`/api/tasks/${i.task}/return`, { reason: '退回' }), visible: write },
  { name: 'POST cancel', call: (h, c, i) => h.as(c).post(`/api/tasks/${i.task}/cancel`, { reason: '撤销' }), visible: write },
  { name: 'POST reopen', call: (h, c, i) => h.as(c).post(`/api/tasks/${i.task}/reopen`, { reason: '重开' }), visible: write },
  { name: 'POST transfer', call: (h, c, i) => h.as(c).post(`/api/tasks/${i.task}/transfer`,
    { leadUnitId: h.org.units.townA, reason: '转交' }), visible: write },
  { name: 'POST progress', call: (h, c, i) => h.as(c).post(`/api/tasks/${i.task}/progress`, { note: '进展', percent: 50 }),
    visible: (e) => (e === 'branch' ? 201 : 403) },
  { name: 'POST extension', call: (h, c, i) => h.as(c).post(`/api/tasks/${i.task}/extensions`,
    { newDeadline: '2026-12-31', reason: '延期' }), visible: write },
  { name: 'POST approve extension', call: (h, c, i) => h.as(c).post(`/api/tasks/${i.task}/extensions/${i.extension}/approve`),
    visible: write },
  { name: 'POST reject extension', call: (h, c, i) => h.as(c).post(`/api/tasks/${i.task}/extensions/${i.extension}/reject`,
    { reason: '驳回' }), visible: write },
];

describe('task access matrix', () => {
  let h: ApiHarness;
  let ids: Ids;
  let before: unknown;

  const snapshot = async () => ({
    task: await h.dataSource.query(`SELECT status, title, lead_unit_id, current_deadline, version FROM task WHERE id = $1`, [ids.task]),
    events: await h.dataSource.query(`SELECT count(*)::int AS n FROM task_event WHERE task_id = $1`, [ids.task]),
    progress: await h.dataSource.query(`SELECT count(*)::int AS n FROM task_progress WHERE task_id = $1`, [ids.task]),
    extensions: await h.dataSource.query(`SELECT status FROM task_extension WHERE task_id = $1 ORDER BY created_at`, [ids.task]),
  });

  beforeAll(async () => {
    h = await startApi();
    const created = await h.as('officeA').post('/api/tasks', {
      title: '规范行政执法行为', planYear: 2026, leadUnitId: h.org.units.justiceA, coOwnerUnitIds: [h.org.units.financeA],
      deadline: '2026-09-30',
    }).expect(201);
    const url = `/api/tasks/${created.body.id}`;
    await h.as('officeA').post(`${url}/publish`).expect(200);
    await h.as('justiceA').post(`${url}/acknowledge`).expect(200);
    await h.as('justiceA').upload(`${url}/progress`, { note: '已开展案卷评查', percent: 20 },
      [{ name: '评查报告.pdf', content: Buffer.from('%PDF-1.4 评查') }]).expect(201);
    const ext = await h.as('justiceA').post(`${url}/extensions`, { newDeadline: '2026-11-30', reason: '等待省厅标准' }).expect(201);
    const files = await h.as('justiceA').get(`${url}/evidence`).expect(200);
    ids = { task: created.body.id, file: files.body[0].id, extension: ext.body.pendingExtension.id };
    before = await snapshot();
  });
  afterAll(() => h?.close());

  describe.each(CALLERS)('%s (%s: %s)', (caller, expectation) => {
    it.each(ENDPOINTS.map((e) => [e.name, e] as const))('%s', async (_name, endpoint) => {
      const res = await endpoint.call(h, caller, ids);
      const expected = expectation === 'hidden' ? 404 : endpoint.visible(expectation);
      expect({ endpoint: endpoint.name, status: res.status }).toEqual({ endpoint: endpoint.name, status: expected });
    });
  });

  it('changed nothing but the co-owner progress notes', async () => {
    const after = (await snapshot()) as { task: unknown; events: Array<{ n: number }>; progress: Array<{ n: number }> };
    const was = before as typeof after;
    expect(after.task).toEqual(was.task);
    expect(after.progress[0].n).toBe(was.progress[0].n + 1); // financeA's one allowed progress post
    expect(after.events[0].n).toBe(was.events[0].n + 1);
  });

  it('keeps hidden tasks out of lists and counts', async () => {
    for (const caller of ['justiceB', 'townA', 'officeB', 'leaderA2'] as Caller[]) {
      const list = await h.as(caller).get('/api/tasks').expect(200);
      expect(list.body.items.map((t: { id: string }) => t.id)).not.toContain(ids.task);
      const stats = await h.as(caller).get('/api/tasks/stats').expect(200);
      expect(stats.body.total).toBe(0);
    }
    for (const caller of ['justiceA', 'financeA', 'leaderA', 'officeA', 'admin'] as Caller[]) {
      const list = await h.as(caller).get('/api/tasks').expect(200);
      expect(list.body.items.map((t: { id: string }) => t.id)).toContain(ids.task);
    }
    const coOwned = await h.as('financeA').get(`/api/tasks?coOwnerUnitId=${h.org.units.financeA}`).expect(200);
    expect(coOwned.body.items.map((t: { id: string }) => t.id)).toEqual([ids.task]);
  });

  it('shows an office the tasks of the jurisdictions below its own, and not the other way round', async () => {
    const zone = await h.as('admin').post('/api/units', { code: 'A-KFQ', name: '甲县经济开发区管委会', kind: 'jurisdiction',
      parentId: h.org.units.countyA }).expect(201);
    const bureau = await h.as('admin').post('/api/units', { code: 'A-KFQ-JSJ', name: '开发区建设局', kind: 'department',
      parentId: zone.body.id }).expect(201);
    const task = await h.as('admin').post('/api/tasks', { title: '开发区执法规范化', planYear: 2026, leadUnitId: bureau.body.id,
      deadline: '2026-10-31', jurisdictionId: zone.body.id }).expect(201);
    expect(task.body.code).toBe('2026-001'); // numbered within the zone
    const list = await h.as('officeA').get('/api/tasks?limit=100').expect(200);
    expect(list.body.items.map((t: { id: string }) => t.id)).toEqual(expect.arrayContaining([task.body.id, ids.task]));
    await h.as('officeA').get(`/api/tasks/${task.body.id}`).expect(200);
    await h.as('officeB').get(`/api/tasks/${task.body.id}`).expect(404);
  });

  it('lets the office of the jurisdiction do what the others cannot', async () => {
    await h.as('officeA').post(`/api/tasks/${ids.task}/extensions/${ids.extension}/approve`).expect(200);
    const task = await h.as('officeA').patch(`/api/tasks/${ids.task}`, { title: '规范行政执法行为（修订）' }).expect(200);
    expect(task.body).toMatchObject({ title: '规范行政执法行为（修订）', currentDeadline: '2026-11-30' });
  });

  it('refuses management of units and users to departments and leaders, and scopes it for offices', async () => {
    await h.as('justiceA').post('/api/units', { code: 'X1', name: '新单位', kind: 'department', parentId: h.org.units.countyA })
      .expect(403);
    await h.as('leaderA').get('/api/users').expect(403);
    await h.as('officeB').post('/api/units', { code: 'X2', name: '越界单位', kind: 'department', parentId: h.org.units.countyA })
      .expect(404);
    const made = await h.as('officeA').post('/api/units',
      { code: 'A-HBJ', name: '甲县生态环境局', kind: 'department', parentId: h.org.units.countyA, emails: ['hbj@example.gov.cn'] })
      .expect(201);
    expect(made.body).toMatchObject({ jurisdictionId: h.org.units.countyA, name: '甲县生态环境局' });
    await h.as('officeA').post('/api/users', { username: 'sneaky', displayName: 'x', password: 'long-enough-pw', role: 'admin',
      unitId: made.body.id }).expect(403);
    const user = await h.as('officeA').post('/api/users', { username: 'hbj', displayName: '环境局联络员', password: 'long-enough-pw',
      role: 'department', unitId: made.body.id }).expect(201);
    expect(user.body).not.toHaveProperty('passwordHash');
    const usersA = await h.as('officeA').get('/api/users').expect(200);
    expect(usersA.body.map((u: { username: string }) => u.username)).not.toContain('justiceB');
    const unitsB = await h.as('justiceB').get('/api/units').expect(200);
    expect(unitsB.body.map((u: { code: string }) => u.code).sort()).toEqual(['B', 'B-FZB', 'B-SFJ']);
    await h.as('officeA').put(`/api/users/${h.org.users.leaderA.id}/leader-units`, { unitIds: [h.org.units.townA] }).expect(200);
    await h.as('leaderA').get(`/api/tasks/${ids.task}`).expect(404); // no longer in charge of the justice bureau
  });
});
