import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import type { Page } from 'playwright-core';
import { QueueName } from '@app/queues';
import { browserUnavailable, BrowserHarness, login, see, shot, startBrowser } from './browser';

const unavailable = browserUnavailable();
if (unavailable) console.warn(`browser tests skipped: ${unavailable}`);
const describeBrowser = unavailable ? describe.skip : describe;
jest.setTimeout(120_000);

/** Buttons of bull-board's zh-CN UI that change a queue or a job. */
const WRITE_ACTIONS = /^(提升全部|清理全部|重试全部|提升|清理|重试|暂停|全部暂停|清空|彻底删除|添加作业)$/;

/** A delivery job waiting for its backoff, and a beat trigger waiting for a worker: something to look at. */
async function seedQueues(b: BrowserHarness): Promise<void> {
  await b.api.app.get<Queue>(getQueueToken(QueueName.Notifications))
    .add('deliver-notification', { notificationId: 'demo' }, { delay: 3_600_000, jobId: 'n-demo' });
  await b.api.app.get<Queue>(getQueueToken(QueueName.Cadence)).add('run-beat', { beat: 'daily-assign' });
}

/** The admin opens the board from 管理: a new tab, signed in to the board by the one-time ticket. */
async function openBoardFromAdminPage(b: BrowserHarness): Promise<Page> {
  const admin = await b.page();
  await login(admin, b.baseUrl, 'admin');
  await admin.locator('.el-menu-item', { hasText: '管理' }).click();
  await admin.waitForURL(/\/admin$/);
  const [board] = await Promise.all([b.context.waitForEvent('page'), admin.locator('[data-test=open-queue-board]').click()]);
  await board.waitForURL(/\/admin\/queues\/$/);
  return board;
}

describeBrowser('the queue board in Chromium (read-only, the default)', () => {
  let b: BrowserHarness;
  beforeAll(async () => {
    b = await startBrowser('2026-03-02T10:00:00+08:00');
    await seedQueues(b);
  });
  afterAll(() => b?.close());
  afterEach(() => expect(b.errors).toEqual([]));

  it('the admin opens it from 管理 and sees both queues, with no button that changes anything', async () => {
    const board = await openBoardFromAdminPage(b);
    await see(board.locator('body'), '督办节拍 cadence');
    await see(board.locator('body'), '通知发送 notifications');
    await shot(board, 'queue-board-01-overview');

    await board.goto(`${b.baseUrl}/admin/queues/queue/notifications?status=delayed`);
    await see(board.locator('body'), 'n-demo');
    await shot(board, 'queue-board-02-delayed');
    expect(await board.getByRole('button', { name: WRITE_ACTIONS }).count()).toBe(0);
    // nor does the server take a change the page does not offer
    const status = await board.evaluate(async () => (await fetch('/admin/queues/api/queues/notifications/pause', { method: 'PUT' })).status);
    expect(status).toBe(405);
    await board.close();
  });

  it('a department user gets neither the button nor the board; a visitor without a session is refused', async () => {
    await b.context.clearCookies(); // the admin's board cookie is the browser's, not the tab's
    const dept = await b.page();
    await login(dept, b.baseUrl, 'justiceA');
    expect(await dept.locator('.el-menu-item', { hasText: '管理' }).count()).toBe(0);
    await dept.goto(`${b.baseUrl}/admin`);
    await see(dept.locator('body'), '无权访问');
    expect(await dept.locator('[data-test=open-queue-board]').count()).toBe(0);
    // asking the API for a ticket with the department's own token
    const ticket = await dept.evaluate(async () => (await fetch('/api/admin/queues/ticket', { method: 'POST',
      headers: { authorization: `Bearer ${(globalThis as unknown as { sessionStorage: { getItem(k: string): string | null } }).sessionStorage.getItem('duban.token')}` } })).status);
    expect(ticket).toBe(403);
    for (const path of ['/admin/queues/', '/admin/queues/queue/notifications']) {
      const res = await dept.goto(`${b.baseUrl}${path}`);
      expect(res?.status()).toBe(401);
      await see(dept.locator('[data-test=board-refused]'), '请以系统管理员身份登录');
      expect(await dept.content()).not.toContain('n-demo');
    }
    await shot(dept, 'queue-board-03-refused');
    const api = await dept.evaluate(async () => {
      const res = await fetch('/admin/queues/api/queues');
      return { status: res.status, body: await res.text() };
    });
    expect(api.status).toBe(401);
    expect(api.body).not.toContain('notifications');
    await dept.close();
  });
});

describeBrowser('the queue board in Chromium with QUEUE_BOARD_WRITE=true', () => {
  let b: BrowserHarness;
  beforeAll(async () => {
    b = await startBrowser('2026-03-02T10:00:00+08:00', { QUEUE_BOARD_WRITE: 'true' });
    await seedQueues(b);
  });
  afterAll(() => b?.close());
  afterEach(() => expect(b.errors).toEqual([]));

  it('offers the write actions the read-only board leaves out', async () => {
    const board = await openBoardFromAdminPage(b);
    await board.goto(`${b.baseUrl}/admin/queues/queue/notifications?status=delayed`);
    await see(board.locator('body'), 'n-demo');
    await board.getByRole('button', { name: WRITE_ACTIONS }).first().waitFor();
    await shot(board, 'queue-board-04-writable');
  });
});
