import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { browserUnavailable, BrowserHarness, confirmBox, login, see, shot, startBrowser } from './browser';

const unavailable = browserUnavailable();
if (unavailable) console.warn(`browser tests skipped: ${unavailable}`);
const describeBrowser = unavailable ? describe.skip : describe;
jest.setTimeout(120_000);

const notice2027 = readFileSync(join(__dirname, '..', '..', '..', '..', 'libs', 'domain', 'src', 'calendar', 'fixtures', 'notice-2027.txt'), 'utf8');

// December 2026, the holiday data ends with 2026: the admin pastes the 2027 notice, reviews it, applies it; the
// office sees where 2027 comes from, read-only
describeBrowser('管理 → 全国节假日 in Chromium', () => {
  let b: BrowserHarness;
  let admin: Page;

  beforeAll(async () => {
    b = await startBrowser('2026-12-06T10:00:00+08:00');
    admin = await b.page();
    await login(admin, b.baseUrl, 'admin');
  });
  afterAll(() => b?.close());
  afterEach(() => expect(b.errors).toEqual([]));

  const open = async (page: Page) => {
    await page.goto(`${b.baseUrl}/admin?tab=holidays`);
    await page.locator('[data-test=coverage-table]').waitFor();
  };
  const row = (page: Page, year: number): Locator => page.locator('[data-test=coverage-table] .el-table__row', { hasText: String(year) });
  const textarea = (page: Page) => page.locator('[data-test=notice-text] textarea, textarea[data-test=notice-text]').first();

  it('the admin pastes a notice with a typo: the warning is listed and applying waits for the confirmation', async () => {
    await open(admin);
    await see(admin.locator('[data-test=coverage-warning]'), '2027 年的法定节假日尚未录入');
    await see(row(admin, 2027), '未覆盖');

    await textarea(admin).fill(notice2027.replace('2月14日（周日）', '2月14日（周一）'));
    await admin.locator('[data-test=parse-notice]').click();
    await see(admin.locator('[data-test=notice-warnings]'), '“春节”中的 2027-02-14 写的是周一，实际是星期日，请核对');
    expect(await admin.locator('[data-test=apply-notice]').isDisabled()).toBe(true);
    await admin.locator('[data-test=confirm-warnings]').click();
    expect(await admin.locator('[data-test=apply-notice]').isDisabled()).toBe(false);
  });

  it('the admin reviews the clean 2027 notice item by item and on a month grid, then applies it', async () => {
    await textarea(admin).fill(notice2027);
    await admin.locator('[data-test=parse-notice]').click();
    const review = admin.locator('[data-test=notice-review]');
    await see(review, '核对：国务院办公厅关于2027年部分节假日安排的通知');
    expect(await admin.locator('[data-test=notice-warnings]').count()).toBe(0);
    await see(review.locator('[data-test=notice-items] .el-table__row', { hasText: '春节' }),
      '2月5日（周五） 至 2月13日（周六），共 9 天');
    await see(review.locator('[data-test=notice-items] .el-table__row', { hasText: '春节' }), '2月14日（周日）、2月20日（周六）');
    await see(review.locator('[data-test=notice-items] .el-table__row', { hasText: '端午节' }), '不调休');
    expect(await review.locator('[data-date="2027-02-08"]').getAttribute('class')).toContain('off');
    expect(await review.locator('[data-date="2027-02-14"]').getAttribute('class')).toContain('makeup');
    expect(await review.locator('[data-date="2027-03-01"]').getAttribute('class')).toContain('work');
    await shot(admin, 'holidays-01-review');

    await admin.locator('[data-test=apply-notice]').click();
    await see(admin.locator('.el-message-box'), '放假 29 天、调休上班 6 天');
    await confirmBox(admin);
    await see(admin.locator('.el-message--success'), '已应用 2027 年全国放假安排');
    await see(row(admin, 2027), '录入的通知');
    await see(row(admin, 2027), '由 admin 录入');
    expect(await admin.locator('[data-test=coverage-warning]').count()).toBe(0);
    await see(admin.locator('[data-test=entered-year]'), '2027 年安排');
    await shot(admin, 'holidays-02-applied');

    const health = (await b.api.anonymous.get('/health').expect(200)).body.details.calendar;
    expect(health).toMatchObject({ uncoveredYears: [] });
    expect(health.warning).toBeUndefined();
  });

  it('the office sees where 2027 comes from, can look at it, but cannot paste or withdraw', async () => {
    const office = await b.page();
    await login(office, b.baseUrl, 'officeA');
    await open(office);
    await see(row(office, 2027), '由 admin 录入');
    expect(await office.locator('[data-test=parse-notice]').count()).toBe(0);
    expect(await office.locator('[data-test=withdraw-year-2027]').count()).toBe(0);
    await office.locator('[data-test=view-year-2027]').click();
    expect(await office.locator('[data-test=entered-year] [data-date="2027-10-04"]').getAttribute('class')).toContain('off');

    // the jurisdiction's 工作日 tab now lists 春节 2027 from the notice
    await office.locator('.el-tabs__item', { hasText: '工作日调整' }).click();
    await office.locator('[data-test=year-picker] input').fill('2027');
    await office.locator('[data-test=year-picker] input').press('Enter');
    await see(office.locator('[data-test=year-source]'), '2027 年的法定节假日按录入的国务院办公厅通知计算');
    await see(office.locator('[data-test=day-table]'), '2027-02-08');
    await shot(office, 'holidays-03-office');
  });
});
