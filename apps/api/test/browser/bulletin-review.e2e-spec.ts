import type { Page } from 'playwright-core';
import { startCadence } from '../cadence-runner';
import { browserUnavailable, BrowserHarness, confirmBox, fitsWidth, login, see, shot, startBrowser } from './browser';

const unavailable = browserUnavailable();
if (unavailable) console.warn(`browser tests skipped: ${unavailable}`);
const describeBrowser = unavailable ? describe.skip : describe;
jest.setTimeout(120_000);

const bj = (date: string, time = '10:30') => new Date(`${date}T${time}:00+08:00`);

// 甲县 reviews its bulletins before they go out: the monthly beat writes September's as a draft; the office rewrites
// its 总体评价 on the document page, issues it, and the justice bureau then finds it in its inbox
describeBrowser('a bulletin reviewed and issued on the document page, in Chromium', () => {
  let b: BrowserHarness;
  let cadence: Awaited<ReturnType<typeof startCadence>>;
  let draft: string;

  beforeAll(async () => {
    b = await startBrowser('2025-09-01T08:00:00+08:00');
    cadence = await startCadence(b.api.db.url, 'webreview');
    const u = b.api.org.units;
    await b.api.as('officeA').put(`/api/jurisdictions/${u.countyA}/cadence-policy`, { bulletinReview: true }).expect(200);
    const res = await b.api.as('officeA').post('/api/tasks', { title: '规范行政执法程序', planYear: 2025, leadUnitId: u.justiceA,
      deadline: '2025-09-10' }).expect(201);
    await b.api.as('officeA').post(`/api/tasks/${res.body.id}/publish`).expect(200);
    const group = await b.api.as('officeA').post('/api/task-groups', { planYear: 2025, title: '严格规范公正文明执法' }).expect(201);
    await b.api.as('officeA').put(`/api/tasks/${res.body.id}/group`, { groupId: group.body.id }).expect(200);
    await cadence.run('monthly-bulletin', bj('2025-10-09'));
    [{ id: draft }] = await b.api.dataSource.query(`SELECT id FROM supervision_document WHERE kind = 'bulletin'`);
    b.api.clock.set(bj('2025-10-10', '09:00')); // the office reviews it the next morning
  });
  afterAll(async () => {
    await cadence?.close();
    await b?.close();
  });
  afterEach(() => expect(b.errors).toEqual([]));

  /** the bulletins in the inbox, once it has loaded (the task's 交办 notice is always there) */
  const bulletinsInInbox = async (page: Page) => {
    await page.goto(`${b.baseUrl}/inbox`);
    await see(page.locator('[data-test=inbox-table] tbody tr'), '规范行政执法程序');
    return page.locator('[data-test=inbox-table] tbody tr', { hasText: '检查通报' }).count();
  };

  it('the office edits the 总体评价 of the draft, issues it after confirming; the justice bureau\'s inbox then has it, with its 工作重点', async () => {
    const justice = await b.page();
    await login(justice, b.baseUrl, 'justiceA');
    expect(await bulletinsInInbox(justice)).toBe(0); // a draft reaches nobody

    const office = await b.page();
    await login(office, b.baseUrl, 'officeA');
    await office.locator('.el-menu-item', { hasText: '督办文书' }).click();
    const row = office.locator('[data-test=document-table] tbody tr', { hasText: '督办检查通报' });
    await see(row.locator('[data-test=draft-tag]'), '待签发');
    await row.locator('[data-test=document-link]').click();
    await office.waitForURL(new RegExp(`/documents/${draft}$`));
    await see(office.locator('[data-test=breadcrumbs]'), '督办文书');
    await see(office.locator('[data-test=draft-tag]'), '待签发');
    const overall = office.locator('[data-test=edit-overall]');
    expect(await overall.inputValue()).toContain('2025年9月到期任务1项');
    await shot(office, 'bulletin-review-draft');

    // a phone: the form and the document fit 390 px
    await office.setViewportSize({ width: 390, height: 844 });
    await office.locator('[data-test=bulletin-review]').waitFor();
    await fitsWidth(office, 390);
    await shot(office, 'bulletin-review-draft-phone');
    await office.setViewportSize({ width: 1366, height: 768 });

    await overall.fill('九月到期任务1项尚未办结，甲县司法局须限期整改。');
    await office.locator('[data-test=save-summary]').click();
    await office.locator('.el-message--success', { hasText: '已保存' }).waitFor();
    await see(office.locator('[data-test=document]'), '总体评价：九月到期任务1项尚未办结，甲县司法局须限期整改。');

    await office.locator('[data-test=issue]').click();
    await see(office.locator('.el-message-box'), '不能再修改');
    await confirmBox(office);
    await office.locator('.el-message--success', { hasText: '已签发' }).waitFor();
    await office.locator('[data-test=bulletin-review]').waitFor({ state: 'detached' });
    await see(office.locator('.toolbar'), '印发于');
    await shot(office, 'bulletin-review-issued');

    expect(await bulletinsInInbox(justice)).toBe(1);
    await justice.locator('[data-test=inbox-table] tbody tr', { hasText: '检查通报' }).click();
    await justice.locator('[data-test=notice-dialog]').waitFor();
    await see(justice.locator('[data-test=notice-dialog]'), '九月到期任务1项尚未办结');

    // the bulletin page: its 工作重点, as the document has them
    await justice.goto(`${b.baseUrl}/bulletins`);
    const focus = justice.locator('[data-test=bulletin-focus] tbody tr');
    await see(focus, '严格规范公正文明执法');
    expect((await focus.first().locator('td').allTextContents()).map((t) => t.trim()))
      .toEqual(['严格规范公正文明执法', '1', '1', '0', '1', '0.0%']);
    await shot(justice, 'bulletin-focus');
  });
});
