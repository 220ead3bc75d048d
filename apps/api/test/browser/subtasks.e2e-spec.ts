import { browserUnavailable, BrowserHarness, fitsWidth, login, see, shot, startBrowser } from './browser';

const unavailable = browserUnavailable();
if (unavailable) console.warn(`browser tests skipped: ${unavailable}`);
const describeBrowser = unavailable ? describe.skip : describe;
jest.setTimeout(90_000);

// 分解落实 on the task page: the lead department breaks its task down on a phone; the office reads the roll-up
describeBrowser('分解 on the task page', () => {
  let b: BrowserHarness;
  let id: string;
  let code: string;

  beforeAll(async () => {
    b = await startBrowser('2026-03-02T02:00:00Z');
    const api = b.api.as('officeA');
    const res = await api.post('/api/tasks', { title: '推进行政执法“三项制度”落实', planYear: 2026, leadUnitId: b.api.org.units.justiceA,
      deadline: '2026-06-30' }).expect(201);
    [id, code] = [res.body.id, res.body.code];
    await api.post(`/api/tasks/${id}/publish`).expect(200);
  });
  afterAll(() => b?.close());
  afterEach(() => expect(b.errors).toEqual([]));

  it('the lead department breaks its task down at 390 px; the sub-task goes to the chosen unit, listed on the task', async () => {
    const unit = await b.page();
    await unit.setViewportSize({ width: 390, height: 844 });
    await login(unit, b.baseUrl, 'justiceA');
    await unit.goto(`${b.baseUrl}/tasks/${id}`);
    await unit.locator('[data-test=break-down]').click();
    const row = unit.locator('[data-test=subtask-row]').first();
    await row.locator('[data-test=subtask-unit]').click();
    await unit.locator('.el-select-dropdown__item:visible', { hasText: '甲县财政局' }).last().click();
    await row.locator('input[data-test=subtask-title]').fill('落实执法公示制度');
    await fitsWidth(unit, 390);
    await shot(unit, 'subtasks-01-dialog-phone');
    await unit.locator('[data-test=subtask-confirm]').click();
    await see(unit.locator('.el-message--success'), '已分解 1 项子任务并交办');
    await see(unit.locator('[data-test=subtasks]'), `${code}-01`);
    await see(unit.locator('[data-test=subtask]').first(), '甲县财政局');
    await see(unit.locator('[data-test=subtask]').first(), '待签收');
    await fitsWidth(unit, 390);
    await shot(unit, 'subtasks-02-card-phone');

    const child = (await b.api.as('financeA').get('/api/tasks?limit=100').expect(200)).body.items
      .find((t: { code: string }) => t.code === `${code}-01`);
    expect(child).toMatchObject({ title: '落实执法公示制度', currentDeadline: '2026-06-30', status: 'assigned' });
  });

  it('the sub-task\'s unit sees 分解自 with the parent\'s code and title, not a link it could not open', async () => {
    const children = (await b.api.as('officeA').get(`/api/tasks/${id}`).expect(200)).body.children.items;
    const page = await b.page();
    await login(page, b.baseUrl, 'financeA');
    await page.goto(`${b.baseUrl}/tasks/${children[0].id}`);
    await see(page.locator('[data-test=parent-task]'), `${code} 推进行政执法“三项制度”落实`);
    expect(await page.locator('[data-test=parent-task] a').count()).toBe(0);
    await fitsWidth(page, 1366);
  });
});
