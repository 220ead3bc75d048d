import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiHarness, startApi } from './harness';

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name));
const PUBLISHED = 'status=assigned,acknowledged,submitted,completed';

// A small known ledger in county A, worked from January to April 2026 with the harness clock:
//   report 2024 → T1 justice due 02-27 (completed 02-10, on time), T2 township due 03-31 (open), T3 finance due 03-31
//   (completed 04-02, late); report 2025 → T4 justice due 04-30 (open); 其他来源 → T5 justice due 02-27 (completed
//   03-10, late), T6 finance due 01-30 (cancelled 02-10), T7 draft; county B → T8.
describe('dashboard statistics: per report and by month', () => {
  let h: ApiHarness;
  const t: Record<string, string> = {};
  let r2024: string;
  let r2025: string;

  beforeAll(async () => {
    h = await startApi('2026-01-05T02:00:00Z'); // Monday 10:00 in Beijing
    const office = h.as('officeA');
    const { justiceA, financeA, townA } = h.org.units;
    const importReport = async (file: string) => {
      const res = await h.anonymous.post('/api/reports').set('authorization', `Bearer ${h.org.users.officeA.token}`)
        .attach('file', fixture(file), file).expect(201);
      return (await office.get(`/api/reports/${res.body.id}`).expect(200)).body;
    };
    const report2024 = await importReport('jia-justice-2024.txt');
    r2024 = report2024.id;
    const [m1, m2, m3] = report2024.measures;
    const drafts1 = (await office.post(`/api/reports/${r2024}/drafts`, { items: [
      { itemId: m1.id, leadUnitId: justiceA, coOwnerUnitIds: [], deadline: '2026-02-27' },
      { itemId: m2.id, leadUnitId: townA, coOwnerUnitIds: [], deadline: '2026-03-31' },
      { itemId: m3.id, leadUnitId: financeA, coOwnerUnitIds: [], deadline: '2026-03-31' },
    ] }).expect(201)).body.created;
    [t.T1, t.T2, t.T3] = drafts1.map((d: { id: string }) => d.id);
    const report2025 = await importReport('jia-justice-2025.txt');
    r2025 = report2025.id;
    const drafts2 = (await office.post(`/api/reports/${r2025}/drafts`, { items: [
      { itemId: report2025.measures[0].id, leadUnitId: justiceA, coOwnerUnitIds: [], deadline: '2026-04-30' },
    ] }).expect(201)).body.created;
    t.T4 = drafts2[0].id;
    const create = async (leadUnitId: string, deadline: string, title: string, as: 'officeA' | 'officeB' = 'officeA') =>
      (await h.as(as).post('/api/tasks', { title, planYear: 2026, leadUnitId, deadline }).expect(201)).body.id as string;
    t.T5 = await create(justiceA, '2026-02-27', '规范行政执法公示');
    t.T6 = await create(financeA, '2026-01-30', '清理过期文件');
    t.T7 = await create(justiceA, '2026-05-31', '仍是草稿的任务');
    t.T8 = await create(h.org.units.justiceB, '2026-02-27', '乙县的任务', 'officeB');
    const published = await office.post('/api/tasks/publish', { ids: [t.T1, t.T2, t.T3, t.T4, t.T5, t.T6] }).expect(200);
    expect(published.body.every((r: { ok: boolean }) => r.ok)).toBe(true);
    await h.as('officeB').post(`/api/tasks/${t.T8}/publish`).expect(200);
    for (const [who, ids] of [['justiceA', [t.T1, t.T4, t.T5]], ['townA', [t.T2]], ['financeA', [t.T3, t.T6]]] as const) {
      for (const id of ids) await h.as(who).post(`/api/tasks/${id}/acknowledge`).expect(200);
    }
    const closeOut = async (who: 'justiceA' | 'financeA', id: string) => {
      await h.as(who).post(`/api/tasks/${id}/submit`, { note: '已完成' }).expect(200);
      await office.post(`/api/tasks/${id}/approve`).expect(200);
    };
    h.clock.set('2026-02-10T02:00:00Z');
    await closeOut('justiceA', t.T1);
    await office.post(`/api/tasks/${t.T6}/cancel`, { reason: '任务已由其他文件覆盖' }).expect(200);
    h.clock.set('2026-03-10T02:00:00Z');
    await closeOut('justiceA', t.T5);
    h.clock.set('2026-04-02T02:00:00Z'); // Thursday 10:00: March has ended, April is this month
    await closeOut('financeA', t.T3);
  });
  afterAll(() => h?.close());

  const ids = async (query: string, as: 'officeA' | 'justiceA' = 'officeA') => {
    const res = await h.as(as).get(`/api/tasks?${query}`).expect(200);
    return (res.body.items as Array<{ id: string }>).map((i) => i.id).sort();
  };
  const names = (...keys: string[]) => keys.map((k) => t[k]).sort();

  it('counts per imported report, newest report first, tasks not from a report as 其他来源', async () => {
    const res = await h.as('officeA').get('/api/tasks/stats/by-report').expect(200);
    expect(res.body).toEqual([
      { reportId: r2025, title: '甲县司法局2025年法治政府建设情况报告', reportYear: 2025, planYear: 2026,
        total: 1, open: 1, completed: 0, onTime: 0, overdue: 0, completionRate: 0 },
      { reportId: r2024, title: '甲县司法局2024年法治政府建设情况报告', reportYear: 2024, planYear: 2025,
        total: 3, open: 1, completed: 2, onTime: 1, overdue: 1, completionRate: 0.667 },
      { reportId: null, title: '其他来源', reportYear: null, planYear: null,
        total: 1, open: 0, completed: 1, onTime: 0, overdue: 0, completionRate: 1 },
    ]);
  });

  it('links every per-report number to the ledger rows it counts', async () => {
    expect(await ids(`reportId=${r2024}&${PUBLISHED}`)).toEqual(names('T1', 'T2', 'T3'));
    expect(await ids(`reportId=${r2024}&status=completed`)).toEqual(names('T1', 'T3'));
    expect(await ids(`reportId=${r2024}&onTime=true`)).toEqual(names('T1'));
    expect(await ids(`reportId=${r2024}&overdue=true`)).toEqual(names('T2'));
    expect(await ids(`reportId=none&${PUBLISHED}`)).toEqual(names('T5'));
    expect(await ids('reportId=none')).toEqual(names('T5', 'T6', 'T7')); // the office's ledger also holds the draft and the cancelled
    expect(await ids('onTime=false')).toEqual(names('T3', 'T5'));
  });

  it('gives the month trend: due, completed, on time, overdue at month end (this month: today), nothing for later months', async () => {
    const res = await h.as('officeA').get('/api/tasks/stats/by-month?year=2026').expect(200);
    expect(res.body).toHaveLength(12);
    expect(res.body.slice(0, 5)).toEqual([
      { month: '2026-01', period: 'past', due: 0, completed: 0, onTime: 0, overdue: 1, overdueAsOf: '2026-01-31' },
      { month: '2026-02', period: 'past', due: 2, completed: 1, onTime: 1, overdue: 1, overdueAsOf: '2026-02-28' },
      { month: '2026-03', period: 'past', due: 2, completed: 1, onTime: 0, overdue: 2, overdueAsOf: '2026-03-31' },
      { month: '2026-04', period: 'current', due: 1, completed: 1, onTime: 0, overdue: 1, overdueAsOf: '2026-04-02' },
      { month: '2026-05', period: 'future', due: 0, completed: 0, onTime: 0, overdue: null, overdueAsOf: null },
    ]);
    // the draft due in May is nobody's yet
    expect(res.body.slice(4).every((m: { due: number; period: string }) => m.due === 0 && m.period === 'future')).toBe(true);
    // without a year: this year
    expect((await h.as('officeA').get('/api/tasks/stats/by-month').expect(200)).body).toEqual(res.body);
    const lastYear = (await h.as('officeA').get('/api/tasks/stats/by-month?year=2025').expect(200)).body;
    expect(lastYear.every((m: { due: number; completed: number; overdue: number; period: string }) =>
      m.period === 'past' && m.due === 0 && m.completed === 0 && m.overdue === 0)).toBe(true);
  });

  it('links every month number to the ledger rows it counts', async () => {
    expect(await ids(`dueMonth=2026-02&${PUBLISHED}`)).toEqual(names('T1', 'T5'));
    expect(await ids(`dueMonth=2026-03&${PUBLISHED}`)).toEqual(names('T2', 'T3'));
    expect(await ids('completedMonth=2026-02')).toEqual(names('T1'));
    expect(await ids('completedMonth=2026-02&onTime=true')).toEqual(names('T1'));
    expect(await ids('completedMonth=2026-03&onTime=true')).toEqual([]);
    expect(await ids('completedMonth=2026-04')).toEqual(names('T3'));
    expect(await ids('overdueAt=2026-01-31')).toEqual(names('T6')); // overdue then, cancelled since
    expect(await ids('overdueAt=2026-02-28')).toEqual(names('T5'));
    expect(await ids('overdueAt=2026-03-31')).toEqual(names('T2', 'T3'));
    expect(await ids('overdue=true')).toEqual(names('T2'));
  });

  it('keeps to the caller\'s scope: a department its own tasks, a leader the units in charge, the other county its own', async () => {
    const justice = (await h.as('justiceA').get('/api/tasks/stats/by-report').expect(200)).body;
    expect(justice.map((r: { reportId: string | null; total: number; completed: number }) => [r.reportId, r.total, r.completed]))
      .toEqual([[r2025, 1, 0], [r2024, 1, 1], [null, 1, 1]]);
    expect(await ids(`reportId=${r2024}`, 'justiceA')).toEqual(names('T1'));
    const leader = (await h.as('leaderA2').get('/api/tasks/stats/by-report').expect(200)).body; // in charge of the township
    expect(leader).toEqual([expect.objectContaining({ reportId: r2024, total: 1, open: 1, overdue: 1 })]);
    const other = (await h.as('officeB').get('/api/tasks/stats/by-report').expect(200)).body;
    expect(other).toEqual([expect.objectContaining({ reportId: null, total: 1, open: 1, overdue: 1 })]);

    const justiceMonths = (await h.as('justiceA').get('/api/tasks/stats/by-month?year=2026').expect(200)).body;
    expect(justiceMonths.slice(0, 4).map((m: { due: number; completed: number; overdue: number }) => [m.due, m.completed, m.overdue]))
      .toEqual([[0, 0, 0], [2, 1, 1], [0, 1, 0], [1, 0, 0]]);
    const officeBMonths = (await h.as('officeB').get('/api/tasks/stats/by-month?year=2026').expect(200)).body;
    expect(officeBMonths[1]).toMatchObject({ due: 1, overdue: 1 });
    expect(officeBMonths[0]).toMatchObject({ due: 0, overdue: 0 });
    const admin = (await h.as('admin').get('/api/tasks/stats/by-report').expect(200)).body;
    expect(admin.find((r: { reportId: string | null }) => r.reportId === null)).toMatchObject({ total: 2 });
  });

  it('counts, for every user, exactly the published tasks the ledger shows them', async () => {
    // responsible leader of a justice task without being in charge of the unit: the leader sees it through that link
    await h.as('officeA').patch(`/api/tasks/${t.T4}`, { responsibleLeaderId: h.org.users.leaderA2.id }).expect(200);
    for (const user of Object.keys(h.org.users) as Array<keyof typeof h.org.users>) {
      const stats = (await h.as(user).get('/api/tasks/stats').expect(200)).body;
      const byReport = (await h.as(user).get('/api/tasks/stats/by-report').expect(200)).body;
      const sum = byReport.reduce((n: number, r: { total: number }) => n + r.total, 0);
      expect([user, sum]).toEqual([user, stats.total - stats.byStatus.draft - stats.byStatus.cancelled]);
    }
    const leader = (await h.as('leaderA2').get('/api/tasks/stats/by-report').expect(200)).body;
    expect(leader.map((r: { reportId: string }) => r.reportId)).toEqual([r2025, r2024]);
  });

  it('filters by lead unit and refuses bad parameters with a Chinese message', async () => {
    const finance = (await h.as('officeA').get(`/api/tasks/stats/by-month?year=2026&leadUnitId=${h.org.units.financeA}`)
      .expect(200)).body;
    expect(finance.slice(0, 4).map((m: { due: number; overdue: number }) => [m.due, m.overdue])).toEqual([[0, 1], [0, 0], [1, 1], [0, 0]]);
    const byReport = (await h.as('officeA').get(`/api/tasks/stats/by-report?leadUnitId=${h.org.units.financeA}`).expect(200)).body;
    expect(byReport).toEqual([expect.objectContaining({ reportId: r2024, total: 1, completed: 1, onTime: 0 })]);

    for (const bad of ['/api/tasks/stats/by-month?year=1999', '/api/tasks/stats/by-month?year=abc', '/api/tasks?reportId=abc',
      '/api/tasks?dueMonth=2026-13', '/api/tasks?completedMonth=2026-3', '/api/tasks?overdueAt=2026-02-30', '/api/tasks?onTime=maybe']) {
      const res = await h.as('officeA').get(bad).expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.message).toMatch(/^请求参数有误：.*(不能|必须|格式)/);
    }
  });

  it('warns the office of units whose 督办通知单 would reach no leader, until the county names a default leader', async () => {
    const { financeA } = h.org.units;
    const warned = async (user: keyof typeof h.org.users) => (await h.as(user).get('/api/tasks/stats').expect(200)).body.unitsWithoutLeader;
    // the finance bureau has no leader in charge, but no open task either: nothing to warn of yet
    expect(await warned('officeA')).toEqual([]);
    const id = (await h.as('officeA').post('/api/tasks', { title: '清理行政规范性文件', planYear: 2026, leadUnitId: financeA,
      deadline: '2026-06-30' }).expect(201)).body.id;
    await h.as('officeA').post(`/api/tasks/${id}/publish`).expect(200);
    const finance = [{ unitId: financeA, unitName: expect.any(String), openTasks: 1 }];
    expect(await warned('officeA')).toEqual(finance);
    // county B's justice bureau (T8 open, no leader) is B's office's warning, and the admin's
    const justiceB = { unitId: h.org.units.justiceB, unitName: expect.any(String), openTasks: 1 };
    expect(await warned('officeB')).toEqual([justiceB]);
    expect(await warned('admin')).toEqual(expect.arrayContaining([...finance, justiceB]));
    for (const user of ['financeA', 'leaderA'] as const) expect([user, await warned(user)]).toEqual([user, []]);
    // the justice bureau and the township have theirs (leaderA, leaderA2): never listed
    await h.as('officeA').put(`/api/jurisdictions/${h.org.units.countyA}/cadence-policy`, { defaultLeaderId: h.org.users.leaderA.id })
      .expect(200);
    expect(await warned('officeA')).toEqual([]);
    await h.as('officeA').put(`/api/jurisdictions/${h.org.units.countyA}/cadence-policy`, {}).expect(200);
    expect(await warned('officeA')).toEqual(finance);
  });
});
