import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { browserUnavailable, BrowserHarness, login, see, shot, startBrowser } from './browser';

const unavailable = browserUnavailable();
if (unavailable) console.warn(`browser tests skipped: ${unavailable}`);
const describeBrowser = unavailable ? describe.skip : describe;
jest.setTimeout(90_000);

const REPORT = readFileSync(join(__dirname, '..', 'fixtures', 'jia-justice-2024.txt'));

// county A on 2026-03-10: from the 2024 report T1 (justice, due 02-27, completed 02-10) and T2 (township, due 02-27,
// open, overdue); not from a report T3 (justice, due 04-30) and T4 (finance, due 05-31), both open
describeBrowser('the dashboard\'s per-report progress and month trend, and bulk transfer, in Chromium', () => {
  let b: BrowserHarness;
  let office: Page;
  const t: Record<string, string> = {};
  let reportId: string;

  beforeAll(async () => {
    b = await startBrowser('2026-01-05T02:00:00Z');
    const api = b.api.as('officeA');
    const { justiceA, financeA, townA } = b.api.org.units;
    const uploaded = await b.api.anonymous.post('/api/reports').set('authorization', `Bearer ${b.api.org.users.officeA.token}`)
      .attach('file', REPORT, '甲县司法局2024年报告.txt').expect(201);
    reportId = uploaded.body.id;
    const report = (await api.get(`/api/reports/${reportId}`).expect(200)).body;
    const drafts = (await api.post(`/api/reports/${reportId}/drafts`, { items: [
      { itemId: report.measures[0].id, leadUnitId: justiceA, coOwnerUnitIds: [], deadline: '2026-02-27' },
      { itemId: report.measures[1].id, leadUnitId: townA, coOwnerUnitIds: [], deadline: '2026-02-27' },
    ] }).expect(201)).body.created;
    [t.T1, t.T2] = drafts.map((d: { id: string }) => d.id);
    const create = async (title: string, leadUnitId: string, deadline: string) =>
      (await api.post('/api/tasks', { title, planYear: 2026, leadUnitId, deadline }).expect(201)).body.id as string;
    t.T3 = await create('规范行政执法公示信息', justiceA, '2026-04-30');
    t.T4 = await create('清理规范性文件', financeA, '2026-05-31');
    await api.post('/api/tasks/publish', { ids: Object.values(t) }).expect(200);
    b.api.clock.set('2026-02-10T02:00:00Z');
    await b.api.as('justiceA').post(`/api/tasks/${t.T1}/acknowledge`).expect(200);
    await b.api.as('justiceA').post(`/api/tasks/${t.T1}/submit`, { note: '已完成' }).expect(200);
    await api.post(`/api/tasks/${t.T1}/approve`).expect(200);
    b.api.clock.set('2026-03-10T02:00:00Z');
  });
  afterAll(() => b?.close());
  afterEach(() => expect(b.errors).toEqual([]));

  const rows = (page: Page) => page.locator('[data-test=task-table] tbody tr');
  const titles = async (page: Page) => {
    await page.locator('[data-test=task-table] .el-loading-mask').waitFor({ state: 'hidden' });
    return (await page.locator('[data-test=task-table] tbody tr .title-link').allTextContents()).sort();
  };
  const title = async (id: string) => (await b.api.as('officeA').get(`/api/tasks/${id}`).expect(200)).body.title as string;

  it('shows progress per imported report and the month trend', async () => {
    office = await b.page();
    await login(office, b.baseUrl, 'officeA');
    await office.goto(`${b.baseUrl}/dashboard`);
    const byReport = office.locator('[data-test=by-report] tbody tr');
    await see(byReport.first(), '甲县司法局2024年法治政府建设情况报告');
    expect(await byReport.count()).toBe(2);
    const cells = async (i: number) => (await byReport.nth(i).locator('td').allTextContents()).map((c) => c.trim());
    expect((await cells(0)).slice(1, 6)).toEqual(['2', '1', '1', '1', '1']); // total, open, completed, on time, overdue
    expect(await cells(0)).toContain('50%');
    expect((await cells(1))[0]).toBe('其他来源');
    // the finance bureau (T4 open) has no leader in charge and the county no default leader: its 督办 would reach no one
    const [finance] = await b.api.dataSource.query(`SELECT name FROM unit WHERE id = $1`, [b.api.org.units.financeA]);
    await see(office.locator('[data-test=no-leader-warning]'), '其督办通知单将无领导接收');
    expect(await office.locator('[data-test=no-leader-unit]').allTextContents()).toEqual([`${finance.name}（在办任务 1 项）`]);
    expect((await cells(1)).slice(1, 6)).toEqual(['2', '2', '0', '0', '0']);

    const trendRow = async (key: string) => (await office.locator(`[data-test=trend-${key}] td`).allTextContents()).map((c) => c.trim());
    expect((await trendRow('due')).slice(0, 5)).toEqual(['0', '2', '0', '1', '1']);
    expect((await trendRow('completed')).slice(0, 3)).toEqual(['0', '1', '0']);
    expect((await trendRow('onTime')).slice(0, 3)).toEqual(['0', '1', '0']);
    expect((await trendRow('overdue')).slice(0, 4)).toEqual(['0', '1', '1', '—']); // March is this month: overdue today
    await office.locator('[data-test=by-month] canvas').first().waitFor();
    await shot(office, 'dashboard-by-report-and-trend');
  });

  it('every number opens the ledger with the rows it counts', async () => {
    await office.locator('[data-test=by-report] tbody tr').first().locator('[data-test=rep-overdue]').click();
    await office.waitForURL(new RegExp(`/tasks\\?reportId=${reportId}&overdue=true`));
    await rows(office).first().waitFor();
    expect(await titles(office)).toEqual([await title(t.T2)]);

    await office.goBack();
    await office.locator('[data-test=by-report] tbody tr').nth(1).locator('[data-test=rep-total]').click();
    await office.waitForURL(/reportId=none/);
    await rows(office).first().waitFor();
    expect(await titles(office)).toEqual([await title(t.T3), await title(t.T4)].sort());

    await office.goBack();
    await office.locator('[data-test=trend-due] td').nth(1).locator('a').click(); // February
    await office.waitForURL(/dueMonth=2026-02/);
    await rows(office).first().waitFor();
    expect(await titles(office)).toEqual([await title(t.T1), await title(t.T2)].sort());

    await office.goBack();
    await office.locator('[data-test=trend-overdue] td').nth(1).locator('a').click();
    await office.waitForURL(/overdueAt=2026-02-28/);
    await see(office.locator('[data-test=extra-filters]'), '截至 2026-02-28 日终逾期');
    expect(await titles(office)).toEqual([await title(t.T2)]);
    await shot(office, 'ledger-from-dashboard-link');
    // dropping the tag drops the filter
    await office.locator('[data-test=extra-filters] .el-tag__close').click();
    await office.waitForURL((url) => !url.search.includes('overdueAt'));
    await rows(office).nth(3).waitFor();
    expect(await rows(office).count()).toBe(4);
  });

  it('bulk 转交 of two tasks shows a result per task and the ledger the new lead unit', async () => {
    await office.goto(`${b.baseUrl}/tasks?reportId=none`);
    await rows(office).nth(1).waitFor();
    for (const row of await rows(office).all()) await row.locator('.el-checkbox').click();
    await office.locator('[data-test=bulk-transfer]').click();
    const dialog = office.locator('[data-test=transfer-dialog]');
    await dialog.locator('[data-test=transfer-confirm]').click();
    await see(office.locator('.el-message--warning'), '请选择新的牵头单位');
    await dialog.locator('[data-test=transfer-unit]').click();
    await office.locator('.el-select-dropdown__item:visible', { hasText: '甲县城关镇' }).click();
    await dialog.locator('textarea').fill('职责调整，改由城关镇牵头');
    await dialog.locator('[data-test=transfer-confirm]').click();
    await see(dialog.locator('[data-test=transfer-summary]'), '转交成功 2 项，未转交 0 项');
    expect(await dialog.locator('[data-test=transfer-results] tbody tr', { hasText: '已转交' }).count()).toBe(2);
    await shot(office, 'ledger-bulk-transfer-results');
    await dialog.locator('[data-test=transfer-close]').click();
    await dialog.waitFor({ state: 'hidden' });
    await see(rows(office).first(), '甲县城关镇');
    const leads = await rows(office).locator('td:nth-child(5)').allTextContents();
    expect(leads.map((l) => l.trim())).toEqual(['甲县城关镇', '甲县城关镇']);
    await shot(office, 'ledger-after-bulk-transfer');

    for (const id of [t.T3, t.T4]) {
      const task = (await b.api.as('officeA').get(`/api/tasks/${id}`).expect(200)).body;
      expect(task).toMatchObject({ status: 'assigned', leadUnit: { id: b.api.org.units.townA } });
      const history = (await b.api.as('officeA').get(`/api/tasks/${id}/history`).expect(200)).body;
      expect(history.at(-1)).toMatchObject({ action: 'transfer', reason: '职责调整，改由城关镇牵头' });
    }
  });
});
