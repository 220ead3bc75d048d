import type { Page } from 'playwright-core';
import { browserUnavailable, BrowserHarness, confirmBox, fitsWidth, login, see, shot, startBrowser } from './browser';

const unavailable = browserUnavailable();
if (unavailable) console.warn(`browser tests skipped: ${unavailable}`);
const describeBrowser = unavailable ? describe.skip : describe;
jest.setTimeout(90_000);

// the office has grouped the year's tasks under the plan's 工作重点 (over the API); the ledger shows each task's group,
// filters by it, and a department sees the groups of its own tasks — at 1366×768
describeBrowser('工作重点 in the ledger', () => {
  let b: BrowserHarness;
  let office: Page;
  const codes: Record<string, string> = {};

  beforeAll(async () => {
    b = await startBrowser('2026-03-02T02:00:00Z');
    const api = b.api.as('officeA');
    const { justiceA, financeA, townA } = b.api.org.units;
    const ids: Record<string, string> = {};
    for (const [key, title, lead] of [['a', '规范行政执法程序', justiceA], ['b', '推进预算公开', financeA], ['c', '化解矛盾纠纷', townA]] as const) {
      const res = await api.post('/api/tasks', { title, planYear: 2026, leadUnitId: lead, deadline: '2026-12-31' }).expect(201);
      [ids[key], codes[key]] = [res.body.id, res.body.code];
    }
    await api.post('/api/tasks/publish', { ids: Object.values(ids) }).expect(200);
    const law = (await api.post('/api/task-groups', { planYear: 2026, title: '深化法治政府建设' }).expect(201)).body;
    const service = (await api.post('/api/task-groups', { planYear: 2026, title: '优化法治化营商环境' }).expect(201)).body;
    await api.put(`/api/tasks/${ids.a}/group`, { groupId: law.id }).expect(200);
    await api.put(`/api/tasks/${ids.b}/group`, { groupId: service.id }).expect(200);
    office = await b.page();
    await login(office, b.baseUrl, 'officeA');
  });
  afterAll(() => b?.close());
  afterEach(() => expect(b.errors).toEqual([]));

  /** what `read` gives, once it gives `want` (the page and the API catch up), else the difference */
  const eventually = async <T>(read: () => Promise<T>, want: T) => {
    for (let i = 0; i < 50 && JSON.stringify(await read()) !== JSON.stringify(want); i++) await new Promise((r) => setTimeout(r, 100));
    expect(await read()).toEqual(want);
  };
  const rows = (page: Page) => page.locator('[data-test=task-table] .el-table__body-wrapper tbody tr');
  const groupOf = async (page: Page, code: string) =>
    (await rows(page).filter({ hasText: code }).locator('[data-test=group-cell]').textContent())?.trim();

  it('shows each task\'s 工作重点 in its own column, without scrolling sideways', async () => {
    await office.goto(`${b.baseUrl}/tasks`);
    await rows(office).nth(2).waitFor();
    const headers = (await office.locator('[data-test=task-table] thead th').allTextContents()).map((t) => t.trim());
    expect(headers).toContain('工作重点');
    expect(await groupOf(office, codes.a)).toBe('深化法治政府建设');
    expect(await groupOf(office, codes.b)).toBe('优化法治化营商环境');
    expect(await groupOf(office, codes.c)).toBe('—');
    await fitsWidth(office, 1366);
    // every column in view: the table itself does not scroll sideways either
    const [scroll, client] = await office.locator('[data-test=task-table] .el-table__body-wrapper .el-scrollbar__wrap').first()
      .evaluate((el) => [el.scrollWidth, el.clientWidth]);
    expect(scroll).toBeLessThanOrEqual(client);
    await shot(office, 'ledger-groups');
  });

  it('filters the ledger by a 工作重点, or by tasks under none', async () => {
    const pick = async (label: string) => {
      await office.locator('[data-test=f-group]').click();
      await office.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: label }).click();
      await office.locator('[data-test=search]').click();
    };
    await pick('2026年 · 2. 优化法治化营商环境');
    await office.waitForURL(/groupId=/);
    await see(office.locator('[data-test=list-total]'), '共 1 条');
    expect(await rows(office).count()).toBe(1);
    expect(await groupOf(office, codes.b)).toBe('优化法治化营商环境');
    await pick('未归入工作重点');
    await office.waitForURL(/groupId=none/);
    await see(office.locator('[data-test=list-total]'), '共 1 条');
    await see(rows(office).first(), codes.c);
    await shot(office, 'ledger-groups-filtered');
  });

  it('shows a department the 工作重点 of its own tasks, in the column and the filter', async () => {
    const justice = await b.page();
    await login(justice, b.baseUrl, 'justiceA');
    await justice.goto(`${b.baseUrl}/tasks`);
    await rows(justice).first().waitFor();
    expect(await groupOf(justice, codes.a)).toBe('深化法治政府建设');
    await justice.locator('[data-test=f-group]').click();
    // the dropdown opens with an animation and the groups load with the page: read the options once both are shown (on a loaded box they were
    // read while it was still opening, and came back empty)
    const items = justice.locator('.el-select-dropdown:visible .el-select-dropdown__item');
    await items.filter({ hasText: '深化法治政府建设' }).waitFor();
    await items.filter({ hasText: '未归入工作重点' }).waitFor();
    const options = await items.allTextContents();
    expect(options.map((o) => o.trim())).toEqual(['2026年 · 1. 深化法治政府建设', '未归入工作重点']);
  });
  it('lets the office keep its 工作重点 in a dialog and put selected tasks under one; a group with tasks is not deleted', async () => {
    await office.goto(`${b.baseUrl}/tasks`);
    await rows(office).nth(2).waitFor();
    await office.locator('[data-test=manage-groups]').click();
    const dialog = office.locator('.el-dialog:visible');
    await dialog.locator('[data-test=groups-year] input').fill('2026');
    await dialog.locator('[data-test=groups-year] input').press('Enter');
    await dialog.locator('input[data-test=group-title]').nth(1).waitFor();
    expect(await dialog.locator('input[data-test=group-title]').nth(1).inputValue()).toBe('优化法治化营商环境');
    await dialog.locator('[data-test=group-new]').fill('推进基层依法治理');
    await dialog.locator('[data-test=group-add]').click();
    await see(dialog.locator('[data-test=groups-table] tbody tr').nth(2), '3');
    await dialog.locator('[data-test=groups-table] tbody tr').nth(2).locator('[data-test=group-up]').click();
    const order = async () => (await b.api.as('officeA').get('/api/task-groups?planYear=2026').expect(200)).body
      .map((g: { title: string }) => g.title);
    await eventually(order, ['深化法治政府建设', '推进基层依法治理', '优化法治化营商环境']);
    await dialog.locator('[data-test=groups-table] tbody tr').first().locator('[data-test=group-delete]').click();
    await confirmBox(office);
    await see(office.locator('.el-message--error'), '工作重点“深化法治政府建设”下还有 1 项任务，不能删除');
    await shot(office, 'ledger-groups-dialog');
    await dialog.locator('.el-dialog__headerbtn').click();

    await rows(office).filter({ hasText: codes.c }).locator('.el-checkbox').click();
    await office.locator('[data-test=bulk-group]').click();
    const assign = office.locator('.el-dialog:visible');
    await assign.locator('[data-test=assign-group]').click();
    await office.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: '2. 推进基层依法治理' }).click();
    await assign.locator('[data-test=assign-group-confirm]').click();
    await see(office.locator('.el-message--success'), '已将 1 项任务归入工作重点');
    await eventually(() => groupOf(office, codes.c), '推进基层依法治理');
  });
});
