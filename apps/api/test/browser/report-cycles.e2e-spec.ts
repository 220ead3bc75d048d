import type { Page } from 'playwright-core';
import { browserUnavailable, BrowserHarness, fitsWidth, login, see, shot, startBrowser } from './browser';

const unavailable = browserUnavailable();
if (unavailable) console.warn(`browser tests skipped: ${unavailable}`);
const describeBrowser = unavailable ? describe.skip : describe;
jest.setTimeout(90_000);

// 定期报送 in the pages: the office sets a cycle on tasks selected in the ledger and on the task page; the lead unit
// reads it on its task, on a phone too
describeBrowser('报送周期 in the ledger and on the task page', () => {
  let b: BrowserHarness;
  let office: Page;
  const ids: Record<string, string> = {};
  const codes: Record<string, string> = {};

  beforeAll(async () => {
    b = await startBrowser('2026-03-02T02:00:00Z');
    const api = b.api.as('officeA');
    for (const [key, title] of [['a', '规范行政执法程序'], ['b', '推进行政复议规范化']] as const) {
      const res = await api.post('/api/tasks', { title, planYear: 2026, leadUnitId: b.api.org.units.justiceA, deadline: '2026-12-31' })
        .expect(201);
      [ids[key], codes[key]] = [res.body.id, res.body.code];
    }
    await api.post('/api/tasks/publish', { ids: Object.values(ids) }).expect(200);
    office = await b.page();
    await login(office, b.baseUrl, 'officeA');
  });
  afterAll(() => b?.close());
  afterEach(() => expect(b.errors).toEqual([]));

  const rows = (page: Page) => page.locator('[data-test=task-table] .el-table__body-wrapper tbody tr');
  const pick = async (page: Page, select: string, option: string) => {
    await page.locator(`.el-dialog:visible ${select}`).click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: option }).last().click();
    await page.waitForTimeout(300);
  };

  it('sets a monthly cycle on the selected tasks; the ledger shows it under the deadline, still 1366 px wide', async () => {
    await office.goto(`${b.baseUrl}/tasks`);
    await rows(office).nth(1).waitFor();
    for (const code of [codes.a, codes.b]) await rows(office).filter({ hasText: code }).locator('.el-checkbox').click();
    await office.locator('[data-test=bulk-report-cycle]').click();
    await pick(office, '[data-test=report-cycle-kind]', '每月');
    await pick(office, '[data-test=report-cycle-day]', '25日');
    await office.locator('[data-test=report-cycle-confirm]').click();
    await see(office.locator('.el-message--success'), '已为 2 项任务设置报送周期');
    await see(rows(office).filter({ hasText: codes.a }).locator('[data-test=cycle-cell]'), '报送：每月25日前');
    expect((await b.api.as('officeA').get(`/api/tasks/${ids.b}`).expect(200)).body.reportCycle).toEqual({ kind: 'monthly', day: 25 });
    await fitsWidth(office, 1366);
    await shot(office, 'report-cycles-01-ledger');
  });

  it('changes one task\'s cycle on its page; the lead unit reads it on a phone, with no 设置', async () => {
    await office.goto(`${b.baseUrl}/tasks/${ids.a}`);
    await see(office.locator('[data-test=report-cycle-label]'), '每月25日前');
    await office.locator('[data-test=set-report-cycle]').click();
    await pick(office, '[data-test=report-cycle-kind]', '每周');
    await pick(office, '[data-test=report-cycle-day]', '周四');
    await office.locator('[data-test=report-cycle-confirm]').click();
    await see(office.locator('[data-test=report-cycle-label]'), '每周四前');

    const unit = await b.page();
    await unit.setViewportSize({ width: 390, height: 844 });
    await login(unit, b.baseUrl, 'justiceA');
    await unit.goto(`${b.baseUrl}/tasks/${ids.a}`);
    await see(unit.locator('[data-test=report-cycle-label]'), '每周四前');
    expect(await unit.locator('[data-test=set-report-cycle]').count()).toBe(0);
    await fitsWidth(unit, 390);
    await shot(unit, 'report-cycles-02-phone');
  });
});
