import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { PASSWORD } from '../harness';
import { act, browserUnavailable, BrowserHarness, fitsWidth as fitsPhone, login, PHONE, SCREENSHOTS, see, shot, startBrowser } from './browser';

const unavailable = browserUnavailable();
if (unavailable) console.warn(`browser tests skipped: ${unavailable}`);
const describeBrowser = unavailable ? describe.skip : describe;
jest.setTimeout(90_000);

const WIDTH = 390;
/** the workflow notice's pictures, looked at by hand */
const NOTICE_SHOTS = '/tmp/shots-notices';

/** Nothing may scroll sideways on the phone. */
const fitsWidth = (page: Page) => fitsPhone(page, WIDTH);

/** What the phone's screen shows right now (shot() takes the whole page). */
async function screen(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}

/** The element lies wholly on the 390×844 screen. */
async function onScreen(locator: Locator): Promise<void> {
  const box = await locator.boundingBox();
  expect(box).not.toBeNull();
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.y).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width).toBeLessThanOrEqual(WIDTH);
  expect(box!.y + box!.height).toBeLessThanOrEqual(844);
}

/** Presses the button and returns the action dialog it opened. */
async function openDialog(page: Page, button: string): Promise<Locator> {
  await page.locator(button).click();
  const dialog = page.locator('.el-dialog:visible');
  await dialog.waitFor();
  return dialog;
}

// a justice bureau clerk on a phone, in DingTalk's in-app browser: signs for a task and reports progress with a photo
describeBrowser('the workspace on a phone (390×844, DingTalk)', () => {
  let b: BrowserHarness;
  let clerk: Page;
  const ids = {} as Record<'fresh' | 'returned' | 'late' | 'soon' | 'coOwned', string>;

  beforeAll(async () => {
    b = await startBrowser('2026-03-02T02:00:00Z', {}, PHONE);
    const office = b.api.as('officeA');
    const { justiceA, financeA } = b.api.org.units;
    const make = async (title: string, deadline: string, leadUnitId = justiceA, coOwnerUnitIds?: string[]) => {
      const res = await office.post('/api/tasks', { title, planYear: 2026, leadUnitId, deadline, coOwnerUnitIds }).expect(201);
      await office.post(`/api/tasks/${res.body.id}/publish`).expect(200);
      return res.body.id as string;
    };
    ids.fresh = await make('开展行政执法人员年度轮训', '2026-06-30');
    ids.returned = await make('修订重大行政决策程序规定', '2026-06-30');
    ids.late = await make('清理涉企行政规范性文件', '2026-03-20');
    ids.soon = await make('公布行政执法事项清单', '2026-03-06');
    ids.coOwned = await make('推进预算绩效管理法治化', '2026-09-30', financeA, [justiceA]);
    const justice = b.api.as('justiceA');
    for (const id of [ids.returned, ids.late, ids.soon]) await justice.post(`/api/tasks/${id}/acknowledge`).expect(200);
    await justice.upload(`/api/tasks/${ids.returned}/submit`, { note: '规定已起草。' }, []).expect(200);
    await office.post(`/api/tasks/${ids.returned}/return`, { reason: '请附合法性审查意见。' }).expect(200);
    // a deadline that passed while the task was being worked on (a new task cannot be given one in the past)
    await b.api.dataSource.query(`UPDATE task SET current_deadline = '2026-02-27' WHERE id = $1`, [ids.late]);
    // a notice in the bureau's inbox, as the beats write them (the worker is not part of this test)
    await b.api.dataSource.query(`INSERT INTO notification (dedup_key, kind, jurisdiction_id, recipient_unit_id, period, title, body,
        created_at) VALUES ('phone-test', 'due_soon', $1, $2, '2026-03', '临期提醒：公布行政执法事项清单将于 2026-03-06 到期',
        '您单位牵头的任务“公布行政执法事项清单”将于 2026-03-06 到期，请抓紧办理。', '2026-03-02T02:00:00Z')`,
    [b.api.org.units.countyA, justiceA]);
  });
  afterAll(() => b?.close());
  afterEach(() => expect(b.errors).toEqual([]));

  it('the login page fits the phone, and the clerk lands on 我的任务', async () => {
    clerk = await b.page();
    await clerk.goto(`${b.baseUrl}/login`);
    await clerk.locator('[data-test=login]').waitFor();
    await fitsWidth(clerk);
    await onScreen(clerk.locator('[data-test=login]'));
    await screen(clerk, 'phone-01-login');
    await login(clerk, b.baseUrl, 'justiceA');
    await clerk.waitForURL(/\/my$/);
  });

  it('the header stays on one line and the menu is a drawer opened from it', async () => {
    // no side bar taking 200 of the 390 px; the header one line high with the user, the inbox and 退出登录
    const drawer = clerk.locator('[data-test=nav]');
    await drawer.waitFor({ state: 'hidden' });
    const header = await clerk.locator('.app-header').boundingBox();
    expect(header).toMatchObject({ x: 0, width: WIDTH, height: 52 });
    const title = await clerk.locator('.app-header .jurisdiction').boundingBox();
    expect(title!.height).toBeLessThan(30);
    await onScreen(clerk.locator('[data-test=logout]'));
    await onScreen(clerk.locator('[data-test=inbox-badge]'));

    await clerk.locator('[data-test=menu-button]').click();
    await drawer.waitFor();
    expect((await drawer.locator('.el-menu-item > span:not(.menu-count)').allTextContents()).map((m) => m.trim()))
      .toEqual(['我的任务', '任务台账', '报送日历', '督办文书', '月通报', '季考核', '年度考核', '消息']);
    // the unread count beside 消息: the beat's notice and the workflow's (5 交办, 1 退回)
    const unread = (await b.api.as('justiceA').get('/api/notifications?limit=1').expect(200)).body.unreadCount as number;
    expect(unread).toBe(7);
    await see(drawer.locator('[data-test=menu-unread]'), String(unread));
    await clerk.waitForTimeout(300); // the slide-in
    await onScreen(drawer.locator('.el-menu-item', { hasText: '消息' }));
    await screen(clerk, 'phone-02-menu');
    await drawer.locator('.el-menu-item', { hasText: '消息' }).click();
    await clerk.waitForURL(/\/inbox$/);
    await drawer.waitFor({ state: 'hidden' });
    await see(clerk.locator('[data-test=notice-card]'), '临期提醒');
    const inbox = (await b.api.as('justiceA').get('/api/notifications?limit=1').expect(200)).body;
    await see(clerk.locator('[data-test=list-total]'), `共 ${inbox.totalCount} 条`);
    await fitsWidth(clerk);
    await shot(clerk, 'phone-03-inbox');
    // a notice opens in a full-width dialog and is read
    const notice = await openDialog(clerk, '[data-test=notice-card]:has-text("临期提醒")');
    await see(notice, '请抓紧办理');
    await onScreen(notice.locator('.el-dialog__footer .el-button', { hasText: '关闭' }));
    await notice.locator('.el-dialog__footer .el-button', { hasText: '关闭' }).click();
    await see(clerk.locator('[data-test=notice-card]'), '已读');
  });

  it('a workflow notice says which task and why, and its link opens the task', async () => {
    const code = (await b.api.as('justiceA').get(`/api/tasks/${ids.returned}`).expect(200)).body.code as string;
    const card = clerk.locator('[data-test=notice-card]', { hasText: '【退回】' });
    await see(card, `【退回】${code} 修订重大行政决策程序规定`);
    await onScreen(card.locator('[data-test=notice-task-link]'));
    await fitsWidth(clerk);
    mkdirSync(NOTICE_SHOTS, { recursive: true });
    await clerk.screenshot({ path: join(NOTICE_SHOTS, 'inbox-phone.png') });
    // opened: the reason and what to do, and 查看任务 on screen
    const dialog = await openDialog(clerk, '[data-test=notice-card]:has-text("【退回】")');
    await see(dialog.locator('[data-test=notice-body]'), '退回理由：请附合法性审查意见。');
    await see(dialog.locator('[data-test=notice-body]'), '请按退回意见补充完善后，重新申请办结。');
    await onScreen(dialog.locator('[data-test=open-task]'));
    await clerk.waitForTimeout(300);
    await clerk.screenshot({ path: join(NOTICE_SHOTS, 'notice-dialog-phone.png') });
    await dialog.locator('.el-dialog__footer .el-button', { hasText: '关闭' }).click();
    await dialog.waitFor({ state: 'hidden' });
    // the card's own link goes straight to the task
    await card.locator('[data-test=notice-task-link]').click();
    await clerk.waitForURL(new RegExp(`/tasks/${ids.returned}$`));
    await see(clerk.locator('[data-test=status]'), '办理中');
    await see(clerk.locator('body'), '修订重大行政决策程序规定');
    await clerk.screenshot({ path: join(NOTICE_SHOTS, 'task-from-notice-phone.png') });
    // 全部已读 empties the count, the badge and the menu's number
    await clerk.goto(`${b.baseUrl}/inbox`);
    await clerk.locator('[data-test=inbox-read-all]').click();
    await clerk.locator('.el-message--success').last().waitFor();
    expect((await b.api.as('justiceA').get('/api/notifications?limit=1').expect(200)).body.unreadCount).toBe(0);
    await see(clerk.locator('[data-test=inbox-unread]'), '未读 0 条');
    await clerk.locator('[data-test=inbox-badge] .el-badge__content').waitFor({ state: 'hidden' });
  });

  it('我的任务 shows every open task of the unit as cards, grouped by what it needs', async () => {
    await clerk.goto(`${b.baseUrl}/my`);
    await see(clerk.locator('[data-test=box-ack]'), '开展行政执法人员年度轮训');
    const cards = async (box: string) => (await clerk.locator(`[data-test=box-${box}] [data-test=task-card]`).allTextContents()).join('|');
    expect(await cards('ack')).toContain('开展行政执法人员年度轮训');
    expect(await cards('returned')).toContain('修订重大行政决策程序规定');
    expect(await cards('overdue')).toContain('清理涉企行政规范性文件');
    expect(await cards('soon')).toContain('公布行政执法事项清单');
    expect(await cards('doing')).toContain('推进预算绩效管理法治化');
    for (const [key, n] of [['ack', 1], ['returned', 1], ['overdue', 1], ['soon', 1], ['doing', 1]] as const) {
      await see(clerk.locator(`[data-test=count-${key}]`), String(n));
    }
    // the row actions the unit may take: a returned task is submitted again, a co-owned one only gets progress
    const actions = async (box: string) => clerk.locator(`[data-test=box-${box}] [data-action]`).evaluateAll(
      (els) => els.map((e) => e.getAttribute('data-action')));
    expect(await actions('ack')).toEqual(['acknowledge', 'progress', 'extension_request']);
    expect(await actions('returned')).toEqual(['progress', 'submit', 'extension_request']);
    await see(clerk.locator('[data-test=box-returned] [data-action=submit]'), '重新申请办结');
    expect(await actions('overdue')).toEqual(['progress', 'submit']);
    expect(await actions('doing')).toEqual(['progress']);
    await fitsWidth(clerk);
    await shot(clerk, 'phone-04-my-tasks');
  });

  it('the clerk signs for the new task from its card; it stays on 我的任务, now in progress', async () => {
    const dialog = await openDialog(clerk, '[data-test=box-ack] [data-action=acknowledge]');
    await onScreen(dialog.locator('[data-test=confirm]'));
    await onScreen(dialog.locator('.el-dialog__footer .el-button', { hasText: '取消' }));
    await screen(clerk, 'phone-05-sign-dialog');
    await dialog.locator('[data-test=confirm]').click();
    await clerk.locator('.el-message--success').last().waitFor();
    await see(clerk.locator('[data-test=box-doing]'), '开展行政执法人员年度轮训');
    expect(await clerk.locator('[data-test=box-ack] [data-test=task-card]').count()).toBe(0);
    const task = (await b.api.as('justiceA').get(`/api/tasks/${ids.fresh}`).expect(200)).body;
    expect(task.status).toBe('acknowledged');
  });

  it('on the task page the clerk posts progress with a photo; a wrong or too big file is refused before it is sent', async () => {
    await clerk.locator('[data-test=box-doing] a', { hasText: '开展行政执法人员年度轮训' }).click();
    await clerk.waitForURL(new RegExp(`/tasks/${ids.fresh}$`));
    await see(clerk.locator('[data-test=status]'), '办理中');
    // the actions are a bar at the bottom of the screen
    await onScreen(clerk.locator('[data-test=actions] [data-action=progress]'));
    await fitsWidth(clerk);
    await screen(clerk, 'phone-06-task-detail');

    const dialog = await openDialog(clerk, '[data-action=progress]:visible');
    const input = dialog.locator('input[type=file]');
    expect(await input.getAttribute('accept')).toContain('image/*');
    expect(await input.getAttribute('capture')).toBeNull();
    await input.setInputFiles({ name: '安装包.exe', mimeType: 'application/octet-stream', buffer: Buffer.from('MZ') });
    await see(clerk.locator('.el-message--error'), '文件类型不支持');
    // 21 MB made in the page: sending that many bytes through the DevTools protocol takes longer than the test
    await clerk.evaluate(`(() => { const input = document.querySelector('.el-dialog input[type=file]');
      const files = new DataTransfer();
      files.items.add(new File([new Uint8Array(21 * 1024 * 1024)], '扫描件.pdf', { type: 'application/pdf' }));
      input.files = files.files; input.dispatchEvent(new Event('change', { bubbles: true })); })()`);
    await see(clerk.locator('.el-message--error'), '超过 20 MB');
    // both leave the list (after its fade-out)
    await dialog.locator('.el-upload-list__item').first().waitFor({ state: 'detached' });
    expect(await dialog.locator('.el-upload-list__item').count()).toBe(0);
    await dialog.locator('.el-dialog__headerbtn').click();
    await dialog.waitFor({ state: 'hidden' });

    await act(clerk, 'progress', { note: '已制定轮训计划，\n第一期培训于3月5日举办。',
      files: [{ name: '培训现场.jpg', buffer: Buffer.from('jpeg bytes of a photo') }] });
    await see(clerk.locator('[data-test=progress-list]'), '第一期培训于3月5日举办');
    await see(clerk.locator('[data-test=evidence]'), '培训现场.jpg');
    await fitsWidth(clerk);
    await shot(clerk, 'phone-07-task-detail-progress');
  });

  it('the progress dialog fits the screen with its buttons on it', async () => {
    const dialog = await openDialog(clerk, '[data-action=progress]:visible');
    const box = await dialog.boundingBox();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(WIDTH);
    await onScreen(dialog.locator('[data-test=confirm]'));
    await screen(clerk, 'phone-08-progress-dialog');
    await dialog.locator('.el-dialog__headerbtn').click();
    await dialog.waitFor({ state: 'hidden' });
  });

  it('the office sees the progress and the photo', async () => {
    const progress = (await b.api.as('officeA').get(`/api/tasks/${ids.fresh}/progress`).expect(200)).body;
    expect(progress).toEqual([expect.objectContaining({ note: '已制定轮训计划，\n第一期培训于3月5日举办。', unitName: '甲县司法局' })]);
    const evidence = (await b.api.as('officeA').get(`/api/tasks/${ids.fresh}/evidence`).expect(200)).body;
    expect(evidence.map((e: { fileName: string }) => e.fileName)).toEqual(['培训现场.jpg']);
    // and its pages, desktop-first, still work on a phone
    const office = await b.page();
    await login(office, b.baseUrl, 'officeA');
    await office.goto(`${b.baseUrl}/tasks/${ids.fresh}`);
    await see(office.locator('[data-test=progress-list]'), '第一期培训于3月5日举办');
    await see(office.locator('[data-test=evidence]'), '培训现场.jpg');
    await fitsWidth(office);
    await office.close();
  });

  it('the ledger, desktop-first, does not break on the phone: the table scrolls inside itself', async () => {
    await clerk.goto(`${b.baseUrl}/tasks`);
    await clerk.locator('[data-test=task-table] tbody tr').first().waitFor();
    // the list's total, as Chinese back-office lists give it
    const total = (await b.api.as('justiceA').get('/api/tasks?withTotal=true').expect(200)).body.total as number;
    expect(total).toBeGreaterThan(0);
    await see(clerk.locator('[data-test=list-total]'), `共 ${total} 条，已显示 ${total} 条`);
    await fitsWidth(clerk);
    await shot(clerk, 'phone-09-ledger');
  });

  it('a returned task is submitted again from 我的任务', async () => {
    await clerk.goto(`${b.baseUrl}/my`);
    const dialog = await openDialog(clerk, '[data-test=box-returned] [data-action=submit]');
    await dialog.locator('[data-test=note]').fill('已附合法性审查意见。');
    await onScreen(dialog.locator('[data-test=confirm]'));
    await dialog.locator('[data-test=confirm]').click();
    await clerk.locator('.el-message--success').last().waitFor();
    await see(clerk.locator('[data-test=box-doing]'), '修订重大行政决策程序规定');
    expect((await b.api.as('justiceA').get(`/api/tasks/${ids.returned}`).expect(200)).body.status).toBe('submitted');
  });

  it('a session that ends while the clerk is typing keeps the text: signed in again over the page, the note is sent', async () => {
    await clerk.goto(`${b.baseUrl}/tasks/${ids.late}`);
    const dialog = await openDialog(clerk, '[data-action=progress]:visible');
    const note = '已完成涉企规范性文件清理初稿，共梳理文件46件，拟废止3件、修改7件，正在征求意见。';
    await dialog.locator('[data-test=note]').fill(note);
    // the password is changed on another device: every token of the clerk ends (the server's token version)
    await b.api.dataSource.query(`UPDATE app_user SET token_version = token_version + 1 WHERE username = 'justiceA'`);
    await dialog.locator('[data-test=confirm]').click();

    const relogin = clerk.locator('[data-test=relogin-dialog]');
    await see(relogin, '页面上已填写的内容不会丢失');
    await onScreen(relogin.locator('[data-test=relogin-submit]'));
    await screen(clerk, 'phone-10-relogin');
    // still on the task, the note still in the dialog behind; a wrong password is said in the dialog
    expect(clerk.url()).toContain(`/tasks/${ids.late}`);
    await relogin.locator('[data-test=relogin-password]').fill('not-the-password');
    await relogin.locator('[data-test=relogin-submit]').click();
    await see(relogin.locator('.el-form-item__error'), '密码');
    await relogin.locator('[data-test=relogin-password]').fill(PASSWORD);
    await relogin.locator('[data-test=relogin-submit]').click();
    await relogin.waitFor({ state: 'hidden' });
    // the refused request went out again by itself, once
    await clerk.locator('.el-message--success').last().waitFor();
    await see(clerk.locator('[data-test=progress-list]'), '拟废止3件、修改7件');
    const progress = (await b.api.as('officeA').get(`/api/tasks/${ids.late}/progress`).expect(200)).body;
    expect(progress.filter((p: { note: string }) => p.note === note)).toHaveLength(1);
  });

  it('declining to sign in again signs out to the login page, which leads back to the task', async () => {
    await b.api.dataSource.query(`UPDATE app_user SET token_version = token_version + 1 WHERE username = 'justiceA'`);
    await clerk.reload();
    const relogin = clerk.locator('[data-test=relogin-dialog]');
    await relogin.locator('[data-test=relogin-leave]').click();
    await clerk.waitForURL(/\/login\?redirect=/);
    await clerk.locator('input[name=username]').fill('justiceA');
    await clerk.locator('input[name=password]').fill(PASSWORD);
    await clerk.locator('[data-test=login]').click();
    await clerk.waitForURL(new RegExp(`/tasks/${ids.late}$`));
  });
});
