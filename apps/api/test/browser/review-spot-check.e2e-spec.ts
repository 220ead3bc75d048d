import { browserUnavailable, BrowserHarness, confirmBox, fitsWidth, login, see, shot, startBrowser } from './browser';

const unavailable = browserUnavailable();
if (unavailable) console.warn(`browser tests skipped: ${unavailable}`);
const describeBrowser = unavailable ? describe.skip : describe;
jest.setTimeout(120_000);

// 甲县 asks for 复核 before 销号: the leader in charge confirms a close-out on the task page; then the office draws
// March's 督察抽查 and fails the one task drawn, which the justice bureau reads on its phone
describeBrowser('复核 on the task page and the 督察抽查 page, in Chromium', () => {
  let b: BrowserHarness;
  let waiting: string;

  beforeAll(async () => {
    b = await startBrowser('2026-03-20T10:00:00+08:00');
    const u = b.api.org.units;
    await b.api.as('officeA').put(`/api/jurisdictions/${u.countyA}/cadence-policy`, { reviewBeforeClose: true }).expect(200);
    const res = await b.api.as('officeA').post('/api/tasks', { title: '规范行政执法公示', planYear: 2026, leadUnitId: u.justiceA,
      deadline: '2026-06-30' }).expect(201);
    waiting = res.body.id;
    const url = `/api/tasks/${waiting}`;
    await b.api.as('officeA').post(`${url}/publish`).expect(200);
    await b.api.as('justiceA').post(`${url}/acknowledge`).expect(200);
    await b.api.as('justiceA').post(`${url}/submit`, { note: '公示平台已上线' }).expect(200);
    await b.api.as('officeA').post(`${url}/approve`).expect(200);
  });
  afterAll(() => b?.close());
  afterEach(() => expect(b.errors).toEqual([]));

  it('the leader in charge sees 待复核 and confirms; the office draws March and records 不通过; the bureau reads it at 390 px', async () => {
    const leader = await b.page();
    await login(leader, b.baseUrl, 'leaderA');
    await leader.goto(`${b.baseUrl}/tasks/${waiting}`);
    await see(leader.locator('[data-test=awaiting-review]'), '待复核');
    await leader.locator('[data-action=confirm]:visible').first().click();
    const dialog = leader.locator('.el-dialog:visible');
    await dialog.locator('[data-test=confirm]').click();
    await leader.locator('.el-message--success').last().waitFor();
    await see(leader.locator('[data-test=status]'), '已办结');

    const office = await b.page();
    await login(office, b.baseUrl, 'officeA');
    await office.goto(`${b.baseUrl}/assessments`);
    await office.locator('[data-test=spot-checks-link]').click();
    await office.waitForURL(/\/spot-checks$/);
    await office.goto(`${b.baseUrl}/spot-checks?month=2026-03`); // the browser's own clock is not the test's
    await office.locator('[data-test=draw]').click();
    await see(office.locator('[data-test=spot-item]'), '规范行政执法公示');
    await see(office.locator('[data-test=summary]'), '办结 1 项');
    await office.locator('[data-test=fail]').click();
    await office.locator('.el-message-box input').fill('公示信息不全');
    await confirmBox(office);
    await see(office.locator('[data-test=spot-item]'), '发现的问题：公示信息不全');
    await shot(office, 'spot-check-office');

    const phone = await b.page();
    await phone.setViewportSize({ width: 390, height: 844 });
    await login(phone, b.baseUrl, 'justiceA');
    await phone.goto(`${b.baseUrl}/spot-checks?month=2026-03`);
    await see(phone.locator('[data-test=spot-item]'), '不通过');
    expect(await phone.locator('[data-test=fail]').count()).toBe(0); // read-only for the department
    await fitsWidth(phone, 390);
    await shot(phone, 'spot-check-department-phone');
  });
});
