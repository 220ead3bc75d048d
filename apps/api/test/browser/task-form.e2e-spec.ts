import type { Locator, Page } from 'playwright-core';
import { act, browserUnavailable, BrowserHarness, login, see, shot, startBrowser } from './browser';

const unavailable = browserUnavailable();
if (unavailable) console.warn(`browser tests skipped: ${unavailable}`);
const describeBrowser = unavailable ? describe.skip : describe;
jest.setTimeout(90_000);

const TITLE = '落实县委常委会议定的行政复议案件集中审理工作';

// the office makes a one-off task by hand (a meeting's decision), fixes the draft before publishing, and the justice
// bureau finds it in 我的任务; the browser's today is the machine's, so the server's clock is today as well
describeBrowser('tasks by hand in Chromium', () => {
  let b: BrowserHarness;
  let office: Page;
  let taskId: string;

  beforeAll(async () => {
    b = await startBrowser(new Date().toISOString());
  });
  afterAll(() => b?.close());
  afterEach(() => expect(b.errors).toEqual([]));

  const year = new Date().getFullYear() + 1;
  const pick = async (page: Page, select: Locator, option: string) => {
    await select.click();
    // each select's list is added to the page when first opened, so the newest open list is the last one
    await page.locator('.el-select-dropdown__item:visible', { hasText: option }).last().click();
    await page.waitForTimeout(300); // the list's closing transition
  };
  const fillDate = async (dialog: Locator, date: string) => {
    const input = dialog.locator('.el-date-editor input');
    await input.fill(date);
    await input.press('Enter');
  };

  it('a missing required field shows its Chinese message and sends nothing', async () => {
    office = await b.page();
    await login(office, b.baseUrl, 'officeA');
    await office.goto(`${b.baseUrl}/tasks`);
    const posts: string[] = [];
    office.on('request', (r) => { if (r.method() !== 'GET' && r.url().includes('/api/tasks')) posts.push(r.url()); });
    await office.locator('[data-test=new-task]').click();
    const dialog = office.locator('.el-dialog:visible');
    await dialog.waitFor();
    await dialog.locator('input[data-test=form-title]').fill(TITLE);
    await dialog.locator('[data-test=form-save]').click();
    await see(dialog.locator('.el-form-item__error'), '请选择牵头单位');
    await see(dialog.locator('.el-form-item__error'), '请选择任务来源');
    await see(dialog.locator('.el-form-item__error'), '请选择完成时限');
    await dialog.locator('input[data-test=form-title]').fill('');
    await dialog.locator('[data-test=form-save]').click();
    await see(dialog.locator('.el-form-item__error'), '请填写任务内容');
    await shot(office, 'task-form-01-required');
    expect(posts).toEqual([]);
    await dialog.locator('.el-dialog__footer .el-button', { hasText: '取消' }).click();
    await dialog.waitFor({ state: 'hidden' });
  });

  it('the office fills every field at 1366×768, saves a draft and sees it in 任务台账', async () => {
    await office.locator('[data-test=new-task]').click();
    const dialog = office.locator('.el-dialog:visible');
    await dialog.waitFor();
    await dialog.locator('input[data-test=form-title]').fill(TITLE);
    await dialog.locator('textarea[data-test=form-description]').fill('年内完成集中审理机制建设，按季度报送办理情况。');
    await pick(office, dialog.locator('[data-test=form-source-kind]'), '会议议定');
    await dialog.locator('input[data-test=form-source-text]').fill('县委常委会第12次会议');
    await pick(office, dialog.locator('[data-test=form-lead]'), '甲县财政局');
    await pick(office, dialog.locator('[data-test=form-co-owners]'), '甲县城关镇');
    await office.keyboard.press('Escape');
    await pick(office, dialog.locator('[data-test=form-leader]'), 'leaderA2');
    await fillDate(dialog, `${year}-06-30`);
    await dialog.locator('[data-test=form-priority] .el-radio-button', { hasText: '高' }).click();
    await shot(office, 'task-form-02-filled');
    await dialog.locator('[data-test=form-save]').click();
    await see(office.locator('.el-message--success'), /已创建草稿任务 /);
    await dialog.waitFor({ state: 'hidden' });

    const row = office.locator('[data-test=task-table] tbody tr', { hasText: TITLE });
    await row.waitFor();
    await see(row, '草稿');
    await see(row, '甲县财政局');
    await see(row, `${year}-06-30`);
    await shot(office, 'task-form-03-ledger');

    const [task] = (await b.api.as('officeA').get('/api/tasks').expect(200)).body.items;
    expect(task).toMatchObject({ title: TITLE, status: 'draft', source: '会议议定：县委常委会第12次会议', priority: 'high',
      currentDeadline: `${year}-06-30`, leadUnit: { name: '甲县财政局' }, responsibleLeader: { name: 'leaderA2' },
      description: '年内完成集中审理机制建设，按季度报送办理情况。' });
    expect(task.coOwners.map((c: { unitName: string }) => c.unitName)).toEqual(['甲县城关镇']);
    taskId = task.id;
  });

  it('the office edits the draft’s lead unit and deadline from its page and sees the change', async () => {
    await office.goto(`${b.baseUrl}/tasks/${taskId}`);
    await office.locator('[data-test=edit-task]').click();
    const dialog = office.locator('.el-dialog:visible');
    await dialog.waitFor();
    expect(await dialog.locator('input[data-test=form-title]').inputValue()).toBe(TITLE);
    await pick(office, dialog.locator('[data-test=form-lead]'), '甲县司法局');
    await fillDate(dialog, `${year}-09-30`);
    await dialog.locator('[data-test=form-save]').click();
    await see(office.locator('.el-message--success'), '已保存修改');
    await dialog.waitFor({ state: 'hidden' });
    await see(office.locator('body'), `${year}-09-30`);
    await see(office.locator('body'), '甲县司法局');
    await shot(office, 'task-form-04-edited');

    const task = (await b.api.as('officeA').get(`/api/tasks/${taskId}`).expect(200)).body;
    expect(task).toMatchObject({ status: 'draft', currentDeadline: `${year}-09-30`, leadUnit: { name: '甲县司法局' }, source: '会议议定：县委常委会第12次会议' });
    const history = (await b.api.as('officeA').get(`/api/tasks/${taskId}/history`).expect(200)).body;
    expect(history.map((h: { action: string }) => h.action)).toEqual(expect.arrayContaining(['create', 'edit', 'transfer']));
    expect(history.find((h: { action: string }) => h.action === 'transfer').reason).toContain('甲县财政局改为甲县司法局');
  });

  it('at phone size the form fits the screen with its buttons on it, the fields scrolling inside', async () => {
    await office.setViewportSize({ width: 390, height: 844 });
    await office.reload();
    await office.locator('[data-test=edit-task]').click();
    const dialog = office.locator('.el-dialog:visible');
    await dialog.waitFor();
    await office.waitForTimeout(400);
    for (const button of await dialog.locator('.el-dialog__footer .el-button').all()) {
      const box = await button.boundingBox();
      expect(box).not.toBeNull();
      expect(box!.x).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width).toBeLessThanOrEqual(390);
      expect(box!.y + box!.height).toBeLessThanOrEqual(844);
    }
    const width = (await dialog.boundingBox())!.width;
    expect(width).toBeLessThanOrEqual(390);
    await office.screenshot({ path: `${__dirname}/../../../../test-output/screenshots/task-form-05-phone.png` });
    await dialog.locator('.el-dialog__footer .el-button', { hasText: '取消' }).click();
    await office.setViewportSize({ width: 1366, height: 768 });
  });

  it('once published there is no free editing, and the justice bureau sees the task in 我的任务', async () => {
    await office.reload();
    await act(office, 'publish');
    await see(office.locator('[data-test=status]'), '待签收');
    expect(await office.locator('[data-test=edit-task]').count()).toBe(0);

    const justice = await b.page();
    await login(justice, b.baseUrl, 'justiceA');
    await justice.waitForURL(/\/my$/);
    await see(justice.locator('[data-test=box-ack]'), TITLE);
    await shot(justice, 'task-form-06-my-tasks');
  });
});
