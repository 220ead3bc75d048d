import { ApiHarness, Client, startApi } from './harness';

/**
 * Jurisdictions nest: a city office (依法治市办) sees the tasks of the counties below it and follows them, while each
 * county's own office does the county's work (publish, approve, settings, groups) and no county sees the city's.
 */
describe('nested jurisdictions (a city over its counties)', () => {
  let h: ApiHarness;
  let city: Client;
  let county: Client;
  let countyDept: Client;
  const u = {} as Record<'city' | 'cityOffice' | 'cityJustice' | 'county' | 'countyOffice' | 'countyJustice', string>;
  beforeAll(async () => {
    h = await startApi('2026-03-02T02:00:00Z');
    u.city = await h.addUnit('C', '丙市人民政府', 'jurisdiction');
    u.cityOffice = await h.addUnit('C-FZB', '丙市依法治市办', 'office', u.city);
    u.cityJustice = await h.addUnit('C-SFJ', '丙市司法局', 'department', u.city);
    u.county = await h.addUnit('C1', '丁县人民政府', 'jurisdiction', u.city);
    u.countyOffice = await h.addUnit('C1-FZB', '丁县依法治县办', 'office', u.county);
    u.countyJustice = await h.addUnit('C1-SFJ', '丁县司法局', 'department', u.county);
    city = (await h.addUser('cityOffice', 'office', u.cityOffice)).client;
    county = (await h.addUser('countyOffice', 'office', u.countyOffice)).client;
    countyDept = (await h.addUser('countyJustice', 'department', u.countyJustice)).client;
  });
  afterAll(async () => {
    await h?.close();
  });

  const publish = async (office: Client, leadUnitId: string, title: string) => {
    const res = await office.post('/api/tasks', { title, planYear: 2026, leadUnitId, deadline: '2026-06-30' }).expect(201);
    await office.post(`/api/tasks/${res.body.id}/publish`).expect(200);
    return res.body as { id: string; code: string; jurisdictionId: string };
  };

  it('lets the city office follow a county task, read-only, while the county office does its work', async () => {
    const countyTask = await publish(county, u.countyJustice, '推进县级行政执法协调监督');
    const cityTask = await publish(city, u.cityJustice, '推进市级行政执法协调监督');
    expect(countyTask.jurisdictionId).toBe(u.county);

    // the city's ledger holds both; the county's only its own; other counties' offices none of them
    const cityList = (await city.get('/api/tasks?limit=100&withTotal=true').expect(200)).body;
    expect(cityList.items.map((t: any) => t.id).sort()).toEqual([countyTask.id, cityTask.id].sort());
    expect(cityList.total).toBe(2);
    const countyList = (await county.get('/api/tasks?limit=100').expect(200)).body;
    expect(countyList.items.map((t: any) => t.id)).toEqual([countyTask.id]);
    await county.get(`/api/tasks/${cityTask.id}`).expect(404);
    await h.as('officeA').get(`/api/tasks/${countyTask.id}`).expect(404);
    expect((await city.get('/api/tasks/stats').expect(200)).body.total).toBe(2);
    expect((await county.get('/api/tasks/stats').expect(200)).body.total).toBe(1);

    // the city office sees the county's task with no buttons; on its own task it has the office's
    const seen = (await city.get(`/api/tasks/${countyTask.id}`).expect(200)).body;
    expect(seen).toMatchObject({ id: countyTask.id, status: 'assigned', allowedActions: [] });
    expect((await city.get(`/api/tasks/${cityTask.id}`).expect(200)).body.allowedActions).toEqual(
      expect.arrayContaining(['edit', 'cancel', 'transfer']));
    expect((await county.get(`/api/tasks/${countyTask.id}`).expect(200)).body.allowedActions).toEqual(
      expect.arrayContaining(['edit', 'cancel', 'transfer']));

    // and every step of the county office's is refused to it, naming why
    await countyDept.post(`/api/tasks/${countyTask.id}/acknowledge`).expect(200);
    await countyDept.post(`/api/tasks/${countyTask.id}/submit`, { note: '协调监督机制已建立' }).expect(200);
    const approve = await city.post(`/api/tasks/${countyTask.id}/approve`).expect(403);
    expect(approve.body).toMatchObject({ code: 'TASK_ACTION_FORBIDDEN' });
    expect(approve.body.message).toContain('上级法治办');
    for (const [url, body] of [
      [`/api/tasks/${countyTask.id}/return`, { reason: '材料不全' }],
      [`/api/tasks/${countyTask.id}/cancel`, { reason: '上级撤销' }],
    ] as const) {
      expect((await city.post(url, body).expect(403)).body.code).toBe('TASK_ACTION_FORBIDDEN');
    }
    expect((await city.patch(`/api/tasks/${countyTask.id}`, { title: '改个标题' }).expect(403)).body.code).toBe('TASK_ACTION_FORBIDDEN');
    const breakDown = await city.post(`/api/tasks/${countyTask.id}/subtasks`, {
      items: [{ title: '子任务', leadUnitId: u.countyJustice, deadline: '2026-05-31' }] }).expect(403);
    expect(breakDown.body.code).toBe('TASK_ACTION_FORBIDDEN');
    const batch = await city.post('/api/tasks/transfer', { taskIds: [countyTask.id], leadUnitId: u.countyOffice, reason: '调整' });
    expect(batch.status).toBe(400);
    expect(batch.body.code).toBe('TASK_UNIT_OUT_OF_JURISDICTION');

    // nothing changed: the county office approves as always
    const done = await county.post(`/api/tasks/${countyTask.id}/approve`).expect(200);
    expect(done.body).toMatchObject({ status: 'completed' });
    const history = (await city.get(`/api/tasks/${countyTask.id}/history`).expect(200)).body;
    expect(history.map((e: any) => e.action)).toEqual(['create', 'publish', 'acknowledge', 'submit', 'approve']);
  });

  it('keeps the units of a task within its own jurisdiction: the city assigns to city units, not to county bureaus', async () => {
    const res = await city.post('/api/tasks', { title: '越级交办', planYear: 2026, leadUnitId: u.countyJustice, deadline: '2026-06-30' })
      .expect(400);
    expect(res.body.code).toBe('TASK_UNIT_OUT_OF_JURISDICTION');
    expect(res.body.message).toContain('本辖区');
  });

  it('shows the city the county cadence settings and leaves changing them to the county office', async () => {
    const read = (await city.get(`/api/jurisdictions/${u.county}/cadence-policy`).expect(200)).body;
    expect(read).toMatchObject({ jurisdictionId: u.county, jurisdictionName: '丁县人民政府' });
    const change = await city.put(`/api/jurisdictions/${u.county}/cadence-policy`, { staleDays: 20 }).expect(403);
    expect(change.body.code).toBe('CADENCE_SETTINGS_NOT_OWN');
    expect(change.body.message).toContain('该辖区的法治办');
    await county.put(`/api/jurisdictions/${u.county}/cadence-policy`, { staleDays: 20 }).expect(200);
    // the county office does not see the city's settings at all
    await county.get(`/api/jurisdictions/${u.city}/cadence-policy`).expect(404);
    // 工作重点 too: the city reads the county's groups but creates none for it
    const group = await city.post('/api/task-groups', { planYear: 2026, title: '县级重点', jurisdictionId: u.county }).expect(403);
    expect(group.body.code).toBe('TASK_GROUP_JURISDICTION');
    const own = await county.post('/api/task-groups', { planYear: 2026, title: '县级重点' }).expect(201);
    const listed = (await city.get('/api/task-groups?planYear=2026').expect(200)).body;
    expect(listed.map((g: any) => g.id)).toContain(own.body.id);
    await city.delete(`/api/task-groups/${own.body.id}`).expect(404);
  });

  it('pages the city ledger over its own and its counties\' tasks in one order, each page merged from every jurisdiction', async () => {
    const deadlines = ['2026-05-01', '2026-05-01', '2026-04-01', '2026-07-01', '2026-05-01'];
    for (const [i, d] of deadlines.entries()) {
      for (const [office, unit] of [[county, u.countyJustice], [city, u.cityJustice]] as const) {
        const res = await office.post('/api/tasks', { title: `分页任务${i}`, planYear: 2026, leadUnitId: unit, deadline: d }).expect(201);
        if (i % 2) await office.post(`/api/tasks/${res.body.id}/publish`).expect(200);
      }
    }
    const orders: Record<string, string> = { deadline: 'current_deadline, id', '-deadline': 'current_deadline DESC, id DESC',
      '-updated': 'updated_at DESC, id DESC' };
    for (const [sort, order] of Object.entries(orders)) {
      for (const filter of ['', '&status=draft']) {
        const expected: string[] = (await h.dataSource.query(`SELECT id FROM task WHERE jurisdiction_id = ANY($1::uuid[])
          ${filter ? `AND status = 'draft'` : ''} ORDER BY ${order}`, [[u.city, u.county]])).map((r: { id: string }) => r.id);
        const seen: string[] = [];
        let url = `/api/tasks?limit=3&sort=${sort}${filter}&withTotal=true`;
        let first = true;
        for (;;) {
          const page = (await city.get(url).expect(200)).body;
          if (first) expect(page.total).toBe(expected.length);
          first = false;
          seen.push(...page.items.map((t: { id: string }) => t.id));
          if (!page.nextCursor) break;
          url = `/api/tasks?limit=3&sort=${sort}${filter}&after=${page.nextCursor}`;
        }
        expect([sort, filter, seen]).toEqual([sort, filter, expected]);
        expect(new Set(seen).size).toBe(seen.length);
      }
    }
    // a county office keeps its one-jurisdiction path and sees only its own
    const own = (await county.get('/api/tasks?limit=100').expect(200)).body.items as Array<{ jurisdictionId: string }>;
    expect(new Set(own.map((t) => t.jurisdictionId))).toEqual(new Set([u.county]));
  });
});
