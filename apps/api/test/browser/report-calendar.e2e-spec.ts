import type { Page } from 'playwright-core';
import type { Org } from '../harness';
import { browserUnavailable, BrowserHarness, fitsWidth, login, see, shot, startBrowser } from './browser';

const unavailable = browserUnavailable();
if (unavailable) console.warn(`browser tests skipped: ${unavailable}`);
const describeBrowser = unavailable ? describe.skip : describe;
jest.setTimeout(90_000);

// 报送日历 on 20 October 2026: the office reads the month as a grid at 1366×768, the justice bureau its own reports as
// day cards on a phone, and opens a report that is due straight into 反馈进展
describeBrowser('报送日历 page', () => {
  let b: BrowserHarness;
  const ids: Record<string, string> = {};
  const at = (day: string) => b.api.clock.set(`${day}T02:00:00Z`);

  beforeAll(async () => {
    b = await startBrowser('2026-09-01T02:00:00Z');
    const task = async (name: string, lead: 'justiceA' | 'financeA', reportCycle: object) => {
      const res = await b.api.as('officeA').post('/api/tasks', { title: name, planYear: 2026, leadUnitId: b.api.org.units[lead],
        deadline: '2026-12-31', reportCycle }).expect(201);
      await b.api.as('officeA').post(`/api/tasks/${res.body.id}/publish`).expect(200);
      await b.api.as(lead).post(`/api/tasks/${res.body.id}/acknowledge`).expect(200);
      ids[name] = res.body.id;
    };
    await task('规范行政执法公示制度', 'justiceA', { kind: 'monthly', day: 15 });
    await task('推进行政复议规范化建设', 'justiceA', { kind: 'monthly', day: 12 });
    await task('开展法治宣传进村入户', 'justiceA', { kind: 'monthly', day: 23 });
    await task('落实重大行政决策合法性审查', 'justiceA', { kind: 'monthly', day: 1 });
    await task('清理规范性文件', 'financeA', { kind: 'weekly', day: 5 });
    const report = async (day: string, name: string, who: keyof Org['users'] = 'justiceA') => {
      at(day);
      await b.api.as(who).post(`/api/tasks/${ids[name]}/progress`, { note: '按期报送进展', percent: 30 }).expect(201);
    };
    await report('2026-10-08', '落实重大行政决策合法性审查'); // 1 October moved past the National Day week
    await report('2026-10-09', '清理规范性文件', 'financeA');
    await report('2026-10-13', '规范行政执法公示制度');
    at('2026-10-20');
  });
  afterAll(() => b?.close());
  afterEach(() => expect(b.errors).toEqual([]));

  const totals = (page: Page) => page.locator('[data-test=totals]');

  it('shows the office the month as a grid, Monday to Sunday, each report in its day and colour, today marked', async () => {
    const office = await b.page();
    await login(office, b.baseUrl, 'officeA');
    await office.locator('.el-menu-item', { hasText: '报送日历' }).click();
    await office.waitForURL(/\/report-calendar$/);
    await see(totals(office), '合计 9 项：已报送 3、待报送 2、未报送 3、未到期 1');
    await see(office.locator('[data-test=month-label]'), '2026年10月');
    expect((await office.locator('.weekday').allTextContents()).map((t) => t.trim()))
      .toEqual(['周一', '周二', '周三', '周四', '周五', '周六', '周日']);
    // 1 October 2026 is a Thursday: three blank days lead the first week
    const cells = office.locator('[data-test=calendar-cell]');
    expect(await cells.nth(3).getAttribute('data-date')).toBe('2026-10-01');
    expect(await office.locator('[data-test=calendar-item]').count()).toBe(9);

    const eighth = office.locator('[data-date="2026-10-08"] [data-test=calendar-item]');
    expect(await eighth.count()).toBe(2);
    await see(eighth.and(office.locator('.missed')), /清理规范性文件\s*甲县财政局 · 第40周/);
    await see(eighth.and(office.locator('.received')), '落实重大行政决策合法性审查');
    await see(office.locator('[data-date="2026-10-12"] .missed'), '推进行政复议规范化建设');
    await see(office.locator('[data-date="2026-10-23"] .due'), '开展法治宣传进村入户');
    await see(office.locator('[data-date="2026-10-30"] .upcoming'), '清理规范性文件');
    const today = office.locator('[data-test=calendar-cell].today');
    expect(await today.getAttribute('data-date')).toBe('2026-10-20');
    await see(today, '今天');
    await fitsWidth(office, 1366);
    await shot(office, 'report-calendar-desktop');

    await office.locator('[data-test=next-month]').click();
    await office.waitForURL(/month=2026-11/);
    await see(office.locator('[data-test=month-label]'), '2026年11月');
    await see(totals(office), '合计 8 项：已报送 0、待报送 0、未报送 0、未到期 8');
    await office.locator('[data-test=prev-month]').click();
    await see(totals(office), '合计 9 项：已报送 3');
  });

  it('gives the bureau its own reports as day cards on a phone; a due one opens the task in 反馈进展', async () => {
    const unit = await b.page();
    await unit.setViewportSize({ width: 390, height: 844 });
    await login(unit, b.baseUrl, 'justiceA');
    await unit.goto(`${b.baseUrl}/report-calendar?month=2026-10`);
    await see(totals(unit), '合计 4 项：已报送 2、待报送 1、未报送 1、未到期 0');
    const days = unit.locator('[data-test=day-card]');
    await days.first().waitFor();
    expect((await days.locator('.day-head').allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim()))
      .toEqual(['10月8日 周四 1 项', '10月12日 周一 1 项', '10月15日 周四 1 项', '10月23日 周五 1 项']);
    expect(await unit.locator('[data-test=calendar-grid]').count()).toBe(0);
    await see(days.nth(0), '10月8日报送');
    await see(days.nth(1).locator('.el-tag'), '未报送');
    await see(days.nth(3).locator('.el-tag'), '待报送');
    expect(await unit.locator('[data-test=calendar-card]', { hasText: '清理规范性文件' }).count()).toBe(0); // another unit's
    await fitsWidth(unit, 390);
    await shot(unit, 'report-calendar-phone');

    await days.nth(3).locator('[data-test=calendar-card]').click();
    await unit.waitForURL(new RegExp(`/tasks/${ids['开展法治宣传进村入户']}\\?action=progress`));
    const dialog = unit.locator('.el-dialog:visible');
    await see(dialog.locator('.el-dialog__title'), '反馈进展');
    await dialog.locator('[data-test=note]').fill('十月份宣传进村入户 12 场');
    await dialog.locator('[data-test=confirm]').click();
    await unit.locator('.el-message--success').last().waitFor();
    await unit.goto(`${b.baseUrl}/report-calendar?month=2026-10`);
    await see(totals(unit), '合计 4 项：已报送 3、待报送 0、未报送 1、未到期 0');
  });
});
