import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { browserUnavailable, BrowserHarness, login, PHONE, SCREENSHOTS, see, shot, startBrowser } from './browser';

const unavailable = browserUnavailable();
if (unavailable) console.warn(`browser tests skipped: ${unavailable}`);
const describeBrowser = unavailable ? describe.skip : describe;
jest.setTimeout(90_000);

/** Neither the page nor the layout's main area scrolls sideways, and every `selectors` match lies within the screen's width. */
async function fitsScreen(page: Page, ...selectors: string[]): Promise<void> {
  await page.waitForLoadState('networkidle');
  const width = page.viewportSize()!.width;
  const sizes = await page.evaluate(`({ doc: document.documentElement.scrollWidth,
    main: document.querySelector('.app-main').scrollWidth, mainClient: document.querySelector('.app-main').clientWidth })`) as
    { doc: number; main: number; mainClient: number };
  expect(sizes.doc).toBeLessThanOrEqual(width);
  expect(sizes.main).toBeLessThanOrEqual(sizes.mainClient);
  for (const selector of selectors) {
    const box = await page.locator(selector).first().boundingBox();
    expect(box).not.toBeNull();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(width);
  }
}

// 分管领导 leaderA (in charge of 甲县司法局) on a phone: the leader's page, a 批示 from a task card, read by the bureau
describeBrowser('the leader on a phone (390×844): 领导首页 and 批示', () => {
  let b: BrowserHarness;
  let leader: Page;
  const ids = {} as Record<'late' | 'soon', string>;
  const TEXT = '请司法局本周内报送整改方案，\n逾期原因一并说明。';

  beforeAll(async () => {
    b = await startBrowser('2026-03-02T02:00:00Z', {}, PHONE);
    const office = b.api.as('officeA');
    const make = async (title: string, deadline: string) => {
      const res = await office.post('/api/tasks', { title, planYear: 2026, leadUnitId: b.api.org.units.justiceA, deadline }).expect(201);
      await office.post(`/api/tasks/${res.body.id}/publish`).expect(200);
      return res.body.id as string;
    };
    ids.late = await make('清理涉企行政规范性文件并向社会公布清理结果', '2026-03-10');
    ids.soon = await make('公布行政执法事项清单', '2026-03-20');
    await make('修订行政复议工作规则', '2026-09-30');
    await b.api.dataSource.query(`INSERT INTO notification (dedup_key, kind, jurisdiction_id, recipient_unit_id, recipient_user_id,
        period, title, body, created_at) VALUES ('leader-test', 'supervise', $1, $1, $2, '2026-03-15',
        '督办通知单：清理涉企行政规范性文件并向社会公布清理结果', '正文', '2026-03-15T01:00:00Z')`,
    [b.api.org.units.countyA, b.api.org.users.leaderA.id]);
    b.api.clock.set('2026-03-16T02:00:00Z'); // two weeks on: the first task is 6 days overdue, the second due in 4
  });
  afterAll(() => b?.close());
  afterEach(() => expect(b.errors).toEqual([]));

  it('the leader lands on 领导首页: the unit in charge as a card, the overdue task as a card with 批示', async () => {
    leader = await b.page();
    await login(leader, b.baseUrl, 'leaderA');
    await leader.waitForURL(/\/leader$/);
    await see(leader.locator('.el-breadcrumb'), '领导首页');
    await see(leader.locator('[data-test=leader-unit-card]'), '甲县司法局');
    const card = leader.locator('[data-test=leader-overdue] [data-test=leader-task-card]');
    await see(card, '清理涉企行政规范性文件');
    await see(card, '逾期 6 天');
    await see(leader.locator('[data-test=leader-due-soon] [data-test=leader-task-card]'), '公布行政执法事项清单');
    await see(leader.locator('[data-test=leader-overdue]'), '共 1 条');
    await see(leader.locator('[data-test=leader-escalation]'), '督办通知单');
    await see(leader.locator('[data-test=leader-count-overdue]'), '1');
    await fitsScreen(leader, '[data-test=leader-overdue] [data-action=instruct]', '[data-test=leader-unit-card]');
    // the menu offers the leader's page first
    await leader.locator('[data-test=menu-button]').click();
    expect((await leader.locator('[data-test=nav] .el-menu-item').first().textContent())?.trim()).toBe('领导首页');
    await leader.locator('.nav-mask').click();
    await shot(leader, 'leader-01-phone-page');
  });

  it('writes a 批示 in a full-width dialog; the card then shows it', async () => {
    await leader.locator('[data-test=leader-overdue] [data-action=instruct]').click();
    const dialog = leader.locator('.el-dialog:visible');
    await dialog.waitFor();
    // an empty 批示 is refused in the page, before anything is sent
    await dialog.locator('[data-test=instruct-confirm]').click();
    await see(dialog.locator('.el-form-item__error'), '请填写批示内容');
    await dialog.locator('[data-test=instruct-text]').fill(TEXT);
    const box = (await dialog.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    expect(box.width).toBeGreaterThan(340);
    const confirm = (await dialog.locator('[data-test=instruct-confirm]').boundingBox())!;
    expect(confirm.x + confirm.width).toBeLessThanOrEqual(390);
    expect(confirm.y + confirm.height).toBeLessThanOrEqual(844);
    await leader.waitForTimeout(300);
    await leader.screenshot({ path: join(SCREENSHOTS, 'leader-02-phone-dialog.png') });
    await dialog.locator('[data-test=instruct-confirm]').click();
    await leader.locator('.el-message--success').last().waitFor();
    await dialog.waitFor({ state: 'hidden' });
    await see(leader.locator('[data-test=leader-overdue] [data-test=last-instruction]'), '逾期原因一并说明');
  });

  it('the bureau\'s clerk, on a phone too, reads the 批示 at the top of the task and in its history', async () => {
    const clerk = await b.page();
    await login(clerk, b.baseUrl, 'justiceA');
    await clerk.goto(`${b.baseUrl}/tasks/${ids.late}`);
    await see(clerk.locator('[data-test=latest-instruction]'), '请司法局本周内报送整改方案');
    await see(clerk.locator('[data-test=history-instruct]'), '逾期原因一并说明');
    await see(clerk.locator('[data-test=history-instruct]'), 'leaderA');
    // the clerk cannot instruct
    expect(await clerk.locator('[data-action=instruct]').count()).toBe(0);
    await fitsScreen(clerk, '[data-test=latest-instruction]', '[data-test=history-instruct]');
    await shot(clerk, 'leader-03-phone-task-detail');
    await clerk.close();
  });

  it('at 1366×768 the page shows tables, and the task page offers the leader 批示', async () => {
    await leader.setViewportSize({ width: 1366, height: 768 });
    await leader.reload();
    await see(leader.locator('[data-test=leader-unit-table]'), '甲县司法局');
    await see(leader.locator('[data-test=leader-overdue] [data-test=leader-task-table]'), '清理涉企行政规范性文件');
    await see(leader.locator('[data-test=leader-overdue] [data-test=last-instruction]'), '请司法局本周内报送整改方案');
    await fitsScreen(leader, '[data-test=leader-due-soon] [data-action=instruct]');
    await shot(leader, 'leader-04-desktop-page');
    await leader.locator('[data-test=leader-due-soon] a', { hasText: '公布行政执法事项清单' }).click();
    await leader.waitForURL(new RegExp(`/tasks/${ids.soon}$`));
    await leader.locator('[data-test=actions] [data-action=instruct]').waitFor();
    expect((await b.api.as('officeA').get(`/api/tasks/${ids.late}/history`).expect(200)).body.at(-1))
      .toMatchObject({ action: 'instruct', reason: TEXT });
  });
});
