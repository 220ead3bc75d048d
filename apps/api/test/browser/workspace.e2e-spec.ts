import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { act, browserUnavailable, BrowserHarness, confirmBox, login, see, shot, startBrowser } from './browser';

const unavailable = browserUnavailable();
if (unavailable) console.warn(`browser tests skipped: ${unavailable}`);
const describeBrowser = unavailable ? describe.skip : describe;
jest.setTimeout(90_000);

const REPORT = readFileSync(join(__dirname, '..', 'fixtures', 'jia-justice-2024.txt'));

// one story, in order: the office imports and publishes, the justice bureau works a task, the office returns it once
// and approves it, the dashboard follows; every step through the pages in Chromium, checked against the API
describeBrowser('the web workspace in Chromium', () => {
  let b: BrowserHarness;
  let office: Page;
  let justice: Page;
  let taskId: string;

  beforeAll(async () => {
    b = await startBrowser('2025-03-03T02:00:00Z');
  });
  afterAll(() => b?.close());
  afterEach(() => expect(b.errors).toEqual([]));

  const stat = async (page: Page, key: string) => Number(await page.locator(`[data-test=stat-${key}] .num`).textContent());

  it('office signs in and sees the dashboard with nothing published yet', async () => {
    office = await b.page();
    await office.goto(`${b.baseUrl}/tasks`);
    await office.waitForURL(/\/login\?redirect=(%2F|\/)tasks/);
    await shot(office, '01-login');
    await office.locator('input[name=username]').fill('officeA');
    await office.locator('input[name=password]').fill('wrong-password-123');
    await office.locator('[data-test=login]').click();
    await office.locator('.el-message--error').waitFor();
    await login(office, b.baseUrl, 'officeA');
    await office.goto(`${b.baseUrl}/`);
    await office.waitForURL(/\/dashboard$/);
    // the words of the menu; 消息 carries the unread count beside it (checked below for the bureau)
    const menu = await office.locator('.el-menu-item > span:not(.menu-count)').allTextContents();
    expect(menu.map((m) => m.trim())).toEqual(['督办总览', '任务台账', '报送日历', '报告导入', '督办文书', '月通报', '季考核', '年度考核', '消息', '管理']);
    expect(await stat(office, 'published')).toBe(0);
  });

  it('office imports a report, sees its items highlighted, confirms a link, makes drafts and publishes them', async () => {
    await office.locator('.el-menu-item', { hasText: '报告导入' }).click();
    await office.locator('[data-test=report-upload] input[type=file]').setInputFiles(
      { name: '甲县司法局2024年报告.txt', mimeType: 'text/plain', buffer: REPORT });
    await office.waitForURL(/\/reports\/[0-9a-f-]{36}$/);
    await see(office.locator('.page-title'), '甲县司法局2024年法治政府建设情况报告');
    expect(await office.locator('[data-test=report-text] mark.hl-problem').count()).toBe(3);
    expect(await office.locator('[data-test=report-text] mark.hl-measure').count()).toBe(3);
    expect(await office.locator('[data-test=problem]').count()).toBe(3);

    await office.locator('[data-action=confirm-link]').first().click();
    await see(office.locator('[data-test=links]'), '已确认');

    // a measure the suggester found no lead for is marked; give it the justice bureau
    for (const empty of await office.locator('[data-test=measures] .missing').all()) {
      await empty.click();
      await office.locator('.el-select-dropdown__item:visible', { hasText: '甲县司法局' }).click();
    }
    await office.locator('[data-test=measures] thead .el-checkbox').click();
    await office.locator('[data-test=create-drafts]').click();
    await office.locator('[data-test=drafts]').waitFor();
    expect(await office.locator('[data-test=drafts] tbody tr').count()).toBe(3);
    await shot(office, '02-report-review');

    // the drafts outlive the page: coming back to the report lists them, ready to publish
    await office.reload();
    await office.locator('[data-test=drafts] tbody tr').first().waitFor();
    expect(await office.locator('[data-test=drafts] tbody tr').count()).toBe(3);
    await see(office.locator('[data-test=drafts]'), '草稿');
    await office.locator('[data-test=publish-drafts]').click();
    await confirmBox(office);
    await see(office.locator('.el-message--success'), '已交办 3 项任务');
    const tasks = (await b.api.as('officeA').get('/api/tasks').expect(200)).body.items;
    expect(tasks.map((t: { status: string }) => t.status)).toEqual(['assigned', 'assigned', 'assigned']);
    taskId = tasks.find((t: { title: string }) => t.title.includes('执法人员培训')).id;
  });

  it('office sees the ledger with filters, lights and paging, and the dashboard counts the new tasks', async () => {
    await office.goto(`${b.baseUrl}/tasks`);
    await office.locator('[data-test=task-table] tbody tr').first().waitFor();
    expect(await office.locator('[data-test=task-table] tbody tr').count()).toBe(3);
    expect(await office.locator('[data-test=task-table] [data-light]').count()).toBe(3);
    await shot(office, '03-task-ledger');
    await office.locator('[data-test=f-q]').fill('培训');
    await office.locator('[data-test=search]').click();
    await office.waitForURL(/q=%E5%9F%B9%E8%AE%AD/);
    await see(office.locator('[data-test=task-table]'), '执法人员培训');
    expect(await office.locator('[data-test=task-table] tbody tr').count()).toBe(1);

    await office.goto(`${b.baseUrl}/dashboard`);
    await office.locator('[data-test=stat-published]').waitFor();
    expect(await stat(office, 'published')).toBe(3);
    expect(await stat(office, 'open')).toBe(3);
    expect(await stat(office, 'completed')).toBe(0);
    await office.locator('.chart canvas').first().waitFor();
    await shot(office, '04-dashboard-published');
  });

  it('the justice bureau signs for the task, reports progress with a file and applies for close-out', async () => {
    justice = await b.page();
    await login(justice, b.baseUrl, 'justiceA');
    await justice.waitForURL(/\/my$/);
    const menu = await justice.locator('.el-menu-item > span:not(.menu-count)').allTextContents();
    expect(menu.map((m) => m.trim())).toEqual(['我的任务', '任务台账', '报送日历', '督办文书', '月通报', '季考核', '年度考核', '消息']);
    // the 交办 notices are in the bureau's inbox: 消息 shows how many are unread
    const unread = (await b.api.as('justiceA').get('/api/notifications?limit=1').expect(200)).body.unreadCount as number;
    expect(unread).toBeGreaterThan(0);
    await see(justice.locator('[data-test=menu-unread]'), String(unread));
    await see(justice.locator('[data-test=box-ack]'), '执法人员培训');
    await shot(justice, '05-my-tasks');

    await justice.goto(`${b.baseUrl}/tasks/${taskId}`);
    await see(justice.locator('[data-test=source]'), '6月底前制定执法人员年度轮训计划');
    await act(justice, 'acknowledge');
    await see(justice.locator('[data-test=status]'), '办理中');
    await act(justice, 'progress', { note: '已起草年度轮训计划，报局党组审定。',
      files: [{ name: '轮训计划（草案）.pdf', buffer: Buffer.from('%PDF-1.4 draft plan') }] });
    await see(justice.locator('[data-test=progress-list]'), '已起草年度轮训计划');
    await see(justice.locator('[data-test=evidence]'), '轮训计划（草案）.pdf');
    await act(justice, 'submit', { note: '轮训计划已印发。' });
    await see(justice.locator('[data-test=status]'), '待审核');
    const evidence = (await b.api.as('justiceA').get(`/api/tasks/${taskId}/evidence`).expect(200)).body;
    expect(evidence.map((e: { fileName: string }) => e.fileName)).toEqual(['轮训计划（草案）.pdf']);
  });

  it('the office returns it once with a reason, the bureau resubmits, the office approves', async () => {
    await office.goto(`${b.baseUrl}/tasks/${taskId}`);
    await see(office.locator('[data-test=status]'), '待审核');
    // a return needs a reason: the dialog refuses an empty one
    await office.locator('[data-action=return]').click();
    await office.locator('.el-dialog:visible [data-test=confirm]').click();
    await see(office.locator('.el-dialog:visible .el-form-item__error'), '请填写理由');
    await office.locator('.el-dialog:visible .el-dialog__headerbtn').click();
    await act(office, 'return', { reason: '请补充培训签到表。' });
    await see(office.locator('[data-test=status]'), '办理中');
    await see(office.locator('[data-test=history]'), '请补充培训签到表。');

    await justice.goto(`${b.baseUrl}/my`);
    await see(justice.locator('[data-test=box-returned]'), '执法人员培训');
    await justice.goto(`${b.baseUrl}/tasks/${taskId}`);
    await act(justice, 'submit', { note: '已补充签到表。', files: [{ name: '签到表.jpg', buffer: Buffer.from('jpeg bytes') }] });

    await office.reload();
    await see(office.locator('[data-test=status]'), '待审核');
    await act(office, 'approve');
    await see(office.locator('[data-test=status]'), '已办结');
    await shot(office, '06-task-detail-completed');
    const task = (await b.api.as('officeA').get(`/api/tasks/${taskId}`).expect(200)).body;
    expect(task).toMatchObject({ status: 'completed', returnCount: 1 });
  });

  it('the dashboard follows: one completed, two open, per-unit counts link to the ledger', async () => {
    await office.goto(`${b.baseUrl}/dashboard`);
    await office.locator('[data-test=stat-completed]').waitFor();
    expect(await stat(office, 'published')).toBe(3);
    expect(await stat(office, 'open')).toBe(2);
    expect(await stat(office, 'completed')).toBe(1);
    await shot(office, '07-dashboard-after');
    const byUnit = (await b.api.as('officeA').get('/api/tasks/stats/by-unit').expect(200)).body;
    expect(byUnit.find((u: { unitId: string }) => u.unitId === b.api.org.units.justiceA)).toMatchObject({ completed: 1 });
    await b.api.as('justiceB').get('/api/tasks/stats/by-unit').expect(200, []);

    await office.locator('[data-test=stat-completed]').click();
    await office.waitForURL(/\/tasks\?status=completed/);
    await see(office.locator('[data-test=task-table]'), '执法人员培训');
    expect(await office.locator('[data-test=task-table] tbody tr').count()).toBe(1);
  });

  it("a department cannot open another unit's task by its URL", async () => {
    const other = await b.page();
    await login(other, b.baseUrl, 'justiceB');
    await other.goto(`${b.baseUrl}/tasks/${taskId}`);
    await see(other.locator('[data-test=not-found]'), '任务不存在或无权限查看');
    expect(await other.locator('[data-test=source]').count()).toBe(0);
    await shot(other, '08-no-access');
    // and an office page is not on a department's menu, nor reachable by URL
    await other.goto(`${b.baseUrl}/dashboard`);
    await other.waitForURL(/\/my$/);
  });

  it('a leader lands on 领导首页 and has no workflow buttons but 批示; signing out, and declining to sign in again with a stale token, go back to login', async () => {
    const leader = await b.page();
    await login(leader, b.baseUrl, 'leaderA');
    await leader.waitForURL(/\/leader$/);
    expect((await leader.locator('.el-menu-item > span:not(.menu-count)').allTextContents()).map((m) => m.trim()))
      .toEqual(['领导首页', '任务台账', '报送日历', '督办文书', '月通报', '季考核', '年度考核', '消息']);
    await leader.goto(`${b.baseUrl}/tasks/${taskId}`);
    await see(leader.locator('[data-test=status]'), '已办结');
    // the leader in charge of the lead unit may instruct, even on a closed task; nothing else
    expect(await leader.locator('[data-test=actions] [data-action]').evaluateAll((els) => els.map((e) => e.getAttribute('data-action'))))
      .toEqual(['instruct']);
    await leader.locator('[data-test=logout]').click();
    await leader.waitForURL(/\/login$/);

    await justice.evaluate("sessionStorage.setItem('duban.token', 'not-a-token')");
    await justice.goto(`${b.baseUrl}/tasks`);
    // the page stays and asks for the password again (relogin.ts); declining it goes to the login page
    await justice.locator('[data-test=relogin-leave]').click();
    await justice.waitForURL(/\/login\?redirect=/);
    await see(justice.locator('.el-message'), '登录已失效');
  });
});
