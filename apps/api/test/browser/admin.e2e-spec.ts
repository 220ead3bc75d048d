import type { Locator, Page } from 'playwright-core';
import { browserUnavailable, BrowserHarness, confirmBox, login, see, shot, startBrowser } from './browser';

const unavailable = browserUnavailable();
if (unavailable) console.warn(`browser tests skipped: ${unavailable}`);
const describeBrowser = unavailable ? describe.skip : describe;
jest.setTimeout(120_000);

// the office runs its county from the 管理 page: a new bureau and its user, a leader in charge of it, the cadence,
// a local working day and a keyword rule; each change checked against the API, and again after a reload
describeBrowser('the 管理 page in Chromium', () => {
  let b: BrowserHarness;
  let office: Page;
  let bureauId: string;

  beforeAll(async () => {
    b = await startBrowser('2026-03-02T10:00:00+08:00');
    office = await b.page();
    await login(office, b.baseUrl, 'officeA');
  });
  afterAll(() => b?.close());
  afterEach(() => expect(b.errors).toEqual([]));

  const tab = async (page: Page, label: string) => {
    await page.locator('.el-tabs__item', { hasText: label }).click();
    await page.locator('.el-tab-pane:visible').first().waitFor();
  };
  // Element Plus puts data-* either on the input itself or on its wrapper
  const inp = (scope: Page | Locator, name: string) =>
    scope.locator(`:is(input, textarea)[data-test=${name}], [data-test=${name}] :is(input, textarea)`).first();
  const dialog = (page: Page) => page.locator('.el-dialog:visible');
  const success = async (page: Page, text: string) => see(page.locator('.el-message--success'), text);
  const pick = async (page: Page, text: string) => page.locator('.el-select-dropdown:visible, .el-popper:visible')
    .locator('.el-select-dropdown__item, .el-tree-node__label', { hasText: text }).first().click();

  it('the office adds a department under its county and edits it', async () => {
    await office.locator('.el-menu-item', { hasText: '管理' }).click();
    await office.waitForURL(/\/admin$/);
    await see(office.locator('[data-test=unit-table]'), '甲县司法局');
    expect(await office.locator('[data-test=unit-table]').textContent()).not.toContain('乙县'); // its own county only

    await office.locator('[data-test=add-child-A]').click();
    const d = dialog(office);
    await see(d, '甲县人民政府');
    await inp(d, 'unit-name').fill('甲县应急管理局');
    await inp(d, 'unit-code').fill('A-YJJ');
    await inp(d, 'unit-emails').fill('yjj@example.gov.cn');
    await d.locator('[data-test=save-unit]').click();
    await success(office, '已新增单位“甲县应急管理局”');
    await see(office.locator('[data-test=unit-table]'), 'yjj@example.gov.cn');
    const units = (await b.api.as('officeA').get('/api/units').expect(200)).body as Array<{ id: string; code: string; kind: string; parentId: string; emails: string[] }>;
    const bureau = units.find((u) => u.code === 'A-YJJ')!;
    expect(bureau).toMatchObject({ kind: 'department', parentId: b.api.org.units.countyA, emails: ['yjj@example.gov.cn'] });
    bureauId = bureau.id;

    // a taken code: the API's message in the dialog, which keeps what was typed
    await office.locator('[data-test=edit-unit-A-YJJ]').click();
    await inp(d, 'unit-code').fill('A-SFJ');
    await d.locator('[data-test=save-unit]').click();
    await see(d.locator('[data-test=form-error]'), '单位编码“A-SFJ”已被使用');
    expect(await inp(d, 'unit-name').inputValue()).toBe('甲县应急管理局');
    await shot(office, 'admin-01-unit-error');
    await inp(d, 'unit-code').fill('A-YJGLJ');
    await d.locator('[data-test=save-unit]').click();
    await success(office, '单位已保存');
    expect((await b.api.as('officeA').get(`/api/units/${bureauId}`).expect(200)).body.code).toBe('A-YJGLJ');
    await shot(office, 'admin-02-units');
  });

  it('the office creates a user in the new unit; a duplicate username shows the Chinese error and keeps the form', async () => {
    await tab(office, '用户与角色');
    await office.locator('[data-test=add-user]').click();
    const d = dialog(office);
    await inp(d, 'user-username').fill('justiceA');
    await inp(d, 'user-name').fill('应急局联络员');
    await d.locator('[data-test=user-role]').locator('.el-radio', { hasText: '责任单位' }).click();
    await d.locator('[data-test=user-unit]').click();
    await pick(office, '甲县应急管理局');
    await inp(d, 'user-email').fill('lly@example.gov.cn');
    await inp(d, 'user-password').fill('initial-pass-1');
    await d.locator('[data-test=save-user]').click();
    await see(d.locator('[data-test=form-error]'), '用户名“justiceA”已被使用');
    expect(await inp(d, 'user-name').inputValue()).toBe('应急局联络员');
    await shot(office, 'admin-03-user-duplicate');

    await inp(d, 'user-username').fill('yjj');
    await d.locator('[data-test=save-user]').click();
    await success(office, '已新建用户“yjj”');
    await see(office.locator('[data-test=user-table]'), '应急局联络员');
    const user = ((await b.api.as('officeA').get('/api/users').expect(200)).body as Array<{ username: string; unitId: string; role: string; email: string }>)
      .find((u) => u.username === 'yjj');
    expect(user).toMatchObject({ unitId: bureauId, role: 'department', email: 'lly@example.gov.cn' });
    await b.api.anonymous.post('/api/auth/login').send({ username: 'yjj', password: 'initial-pass-1' }).expect(200);

    // reset the password, then deactivate
    await office.locator('[data-test=reset-yjj]').click();
    await inp(dialog(office), 'reset-password').fill('second-pass-2');
    await inp(dialog(office), 'reset-again').fill('second-pass-2');
    await dialog(office).locator('[data-test=save-reset]').click();
    await success(office, '已重置“应急局联络员”的密码');
    await b.api.anonymous.post('/api/auth/login').send({ username: 'yjj', password: 'second-pass-2' }).expect(200);
    await office.locator('[data-test=toggle-yjj]').click();
    await confirmBox(office);
    await success(office, '账号已停用');
    await b.api.anonymous.post('/api/auth/login').send({ username: 'yjj', password: 'second-pass-2' }).expect(401);
    await see(office.locator('[data-test=user-table] tr', { hasText: 'yjj' }), '已停用');
    await shot(office, 'admin-04-users');
  });

  it('the office puts a leader in charge of the new unit', async () => {
    await tab(office, '分管领导');
    await office.locator('[data-test=map-leaderA2]').click();
    const d = dialog(office);
    await d.locator('.el-checkbox', { hasText: '甲县应急管理局' }).click();
    await d.locator('[data-test=save-leader]').click();
    await success(office, '已保存“leaderA2”的分管单位');
    await see(office.locator('[data-test=leader-units-leaderA2]'), '甲县应急管理局');
    const leader = (await b.api.as('officeA').get(`/api/users/${b.api.org.users.leaderA2.id}`).expect(200)).body;
    expect([...leader.leaderUnitIds].sort()).toEqual([b.api.org.units.townA, bureauId].sort());
    await shot(office, 'admin-05-leaders');
  });

  it('the office changes a beat time and an escalation step; a bad time and an out-of-order ladder are refused in Chinese', async () => {
    await tab(office, '督办节奏');
    const form = office.locator('[data-test=cadence-form]');
    await form.waitFor();
    const time = inp(form, 'time-escalate');
    await time.fill('25:00');
    await office.locator('[data-test=cadence-save]').click();
    await see(form.locator('.el-form-item__error'), '请填写 00:00–23:59 之间的时间');

    // the API is the judge of the ladder: steps must come in time order
    await time.fill('08:30');
    await inp(form, 'step-offset-1').fill('-5');
    await inp(form, 'step-offset-1').blur();
    await office.locator('[data-test=cadence-save]').click();
    await see(office.locator('[data-test=cadence-error]'), '督办节奏设置有误：升级阶梯第 2 级的时间点');
    expect(await time.inputValue()).toBe('08:30'); // the form keeps what was typed
    await shot(office, 'admin-06-cadence-error');
    const untouched = (await b.api.as('officeA').get(`/api/jurisdictions/${b.api.org.units.countyA}/cadence-policy`).expect(200)).body;
    expect(untouched.own).toEqual({});

    await inp(form, 'step-offset-1').fill('2');
    await inp(form, 'step-offset-1').blur();
    await form.locator('[data-test=ladder] .el-table__body tr').nth(1).locator('.el-checkbox', { hasText: '分管领导' }).click();
    await office.locator('[data-test=cadence-save]').click();
    await success(office, '已保存甲县人民政府的督办节奏');
    await see(form, '已自定义（默认 09:00）');
    const saved = (await b.api.as('officeA').get(`/api/jurisdictions/${b.api.org.units.countyA}/cadence-policy`).expect(200)).body;
    expect(saved.own.times).toEqual({ escalate: '08:30' });
    expect(saved.own.ladder[1]).toEqual({ kind: 'urge', offset: 2, to: ['unit', 'leaders'], channels: ['inbox', 'email', 'webhook'] });
    expect(saved.own.chaseAfterWorkingDays).toBeUndefined(); // only what differs from the defaults is stored
    await shot(office, 'admin-07-cadence');
  });

  it('the office keeps 退回 off the group robots in the table of workflow events × channels; the inbox cannot be switched off', async () => {
    const table = office.locator('[data-test=notice-channels]');
    await see(table, '牵头单位、分管领导');
    const box = (event: string, channel: string) => table.locator(`[data-test=notice-${event}-${channel}]`);
    expect(await box('return', 'inbox').locator('input').isDisabled()).toBe(true);
    expect(await box('return', 'webhook').locator('input').isChecked()).toBe(true);
    await box('return', 'webhook').click();
    await office.locator('[data-test=cadence-save]').click();
    await success(office, '已保存甲县人民政府的督办节奏');
    const saved = (await b.api.as('officeA').get(`/api/jurisdictions/${b.api.org.units.countyA}/cadence-policy`).expect(200)).body;
    expect(saved.own.notices).toEqual({ return: ['inbox', 'email'] });
    expect(saved.own.times).toEqual({ escalate: '08:30' }); // what was saved before stays
    expect(await box('return', 'webhook').locator('input').isChecked()).toBe(false);
    expect(await box('submit', 'webhook').locator('input').isChecked()).toBe(true);
  });

  it('the office sets its issuer once: 发文机关全称, 机关代字 and a default leader; a bad 代字 is refused naming it', async () => {
    const form = office.locator('[data-test=issuer]');
    // unset: the defaults show as placeholders (the office unit's name, the county's first character + 法治办)
    expect(await inp(form, 'issuer-code').getAttribute('placeholder')).toBe('甲法治办');
    await inp(form, 'issuer-code').fill('JFZB');
    await office.locator('[data-test=cadence-save]').click();
    await see(office.locator('[data-test=cadence-error]'), '督办节奏设置有误：机关代字应为 2–10 个汉字');
    await inp(form, 'issuer-name').fill('甲县全面依法治县委员会办公室');
    await inp(form, 'issuer-code').fill('甲法治委办');
    await form.locator('[data-test=default-leader]').click();
    await pick(office, 'leaderA2');
    await office.locator('[data-test=cadence-save]').click();
    await success(office, '已保存甲县人民政府的督办节奏');
    const saved = (await b.api.as('officeA').get(`/api/jurisdictions/${b.api.org.units.countyA}/cadence-policy`).expect(200)).body;
    expect(saved.own).toMatchObject({ issuerName: '甲县全面依法治县委员会办公室', issuerCode: '甲法治委办',
      defaultLeaderId: b.api.org.users.leaderA2.id });
    expect(saved.own.times).toEqual({ escalate: '08:30' }); // what was saved before stays
    await shot(office, 'admin-07b-cadence-issuer');
  });

  it('the office adds a local working day to the calendar', async () => {
    await tab(office, '工作日调整');
    await inp(office, 'year-picker').waitFor();
    const date = inp(office, 'override-date');
    await date.fill('2026-05-16');
    await date.press('Enter');
    await office.locator('[data-test=override-kind]').locator('.el-radio-button', { hasText: '上班' }).click();
    await inp(office, 'override-note').fill('县委统一安排集中整治');
    await office.locator('[data-test=add-override]').click();
    await success(office, '已将 2026-05-16 设为上班');
    const row = office.locator('[data-test=day-table] tr', { hasText: '2026-05-16' });
    await see(row, '本地调整');
    await see(row, '县委统一安排集中整治');
    await see(office.locator('[data-test=day-table]'), '国庆'); // the page went to 2026, the year of the new override
    const days = (await b.api.as('officeA').get(`/api/jurisdictions/${b.api.org.units.countyA}/working-days?year=2026`).expect(200)).body.days;
    expect(days).toContainEqual(expect.objectContaining({ date: '2026-05-16', isWorking: true, source: 'override', note: '县委统一安排集中整治' }));
    await shot(office, 'admin-08-working-days');
  });

  it('the office adds a keyword rule for the new unit', async () => {
    await tab(office, '关键词规则');
    const form = office.locator('[data-test=rule-form]');
    await inp(form, 'rule-keywords').fill('应急，安全生产');
    await form.locator('[data-test=rule-unit]').click();
    await pick(office, '甲县应急管理局');
    await form.locator('[data-test=add-rule]').click();
    await success(office, '已添加关键词规则');
    await see(office.locator('[data-test=rule-table]'), '安全生产');
    const rules = (await b.api.as('officeA').get('/api/owner-rules').expect(200)).body;
    expect(rules).toEqual([expect.objectContaining({ keywords: ['应急', '安全生产'], unitId: bureauId, role: 'lead' })]);
    await shot(office, 'admin-09-rules');
  });

  it('after a reload every tab shows what was saved', async () => {
    await office.goto(`${b.baseUrl}/admin?tab=users`);
    await see(office.locator('[data-test=user-table] tr', { hasText: 'yjj' }), '甲县应急管理局');
    await tab(office, '单位');
    await see(office.locator('[data-test=unit-table]'), 'A-YJGLJ');
    await tab(office, '分管领导');
    await see(office.locator('[data-test=leader-units-leaderA2]'), '甲县应急管理局');
    await tab(office, '督办节奏');
    expect(await inp(office, 'time-escalate').inputValue()).toBe('08:30');
    expect(await inp(office, 'issuer-code').inputValue()).toBe('甲法治委办');
    await tab(office, '工作日调整');
    await see(office.locator('[data-test=day-table]'), '县委统一安排集中整治');
    await tab(office, '关键词规则');
    await see(office.locator('[data-test=rule-table]'), '甲县应急管理局');

    // 恢复默认 clears the overrides
    await tab(office, '督办节奏');
    await office.locator('[data-test=cadence-defaults]').click();
    await confirmBox(office);
    await success(office, '已恢复系统默认设置');
    expect(await inp(office, 'time-escalate').inputValue()).toBe('09:00');
    expect(await inp(office, 'issuer-code').inputValue()).toBe(''); // the default again, shown as the placeholder
    expect((await b.api.as('officeA').get(`/api/jurisdictions/${b.api.org.units.countyA}/cadence-policy`).expect(200)).body.own).toEqual({});
  });

  it('the admin picks any county', async () => {
    const admin = await b.page();
    await login(admin, b.baseUrl, 'admin');
    await admin.goto(`${b.baseUrl}/admin?tab=cadence`);
    await admin.locator('[data-test=jurisdiction-picker] .el-select').click();
    await pick(admin, '乙县人民政府');
    await admin.locator('[data-test=cadence-form]').waitFor();
    await inp(admin, 'time-daily-assign').fill('08:00');
    await admin.locator('[data-test=cadence-save]').click();
    await success(admin, '已保存乙县人民政府的督办节奏');
    const b2 = (await b.api.as('officeB').get(`/api/jurisdictions/${b.api.org.units.countyB}/cadence-policy`).expect(200)).body;
    expect(b2.own).toEqual({ times: { 'daily-assign': '08:00' } });
    await shot(admin, 'admin-10-admin-cadence');

    await tab(admin, '用户与角色');
    await see(admin.locator('[data-test=user-table]'), 'officeA');
    await admin.locator('[data-test=user-jurisdiction]').click();
    await pick(admin, '乙县人民政府');
    await see(admin.locator('[data-test=user-table]'), 'justiceB');
    const names = await admin.locator('[data-test=user-table] tbody tr td:first-child').allTextContents();
    expect(names.map((n) => n.trim()).sort()).toEqual(['justiceB', 'officeB']);
    await admin.close();
  });

  it('a department or a leader has no 管理 and gets the no-access page at /admin', async () => {
    const justice = await b.page();
    await login(justice, b.baseUrl, 'justiceA');
    const menu = (await justice.locator('.el-menu-item').allTextContents()).map((m) => m.trim());
    expect(menu).not.toContain('管理');
    await justice.goto(`${b.baseUrl}/admin`);
    await see(justice.locator('[data-test=no-access]'), '无权访问');
    expect(new URL(justice.url()).pathname).toBe('/admin');
    expect(await justice.locator('[data-test=admin-tabs]').count()).toBe(0);
    await shot(justice, 'admin-11-no-access');
    await justice.close();

    const leader = await b.page();
    await login(leader, b.baseUrl, 'leaderA');
    expect((await leader.locator('.el-menu-item').allTextContents()).map((m) => m.trim())).not.toContain('管理');
    await leader.goto(`${b.baseUrl}/admin?tab=users`);
    await see(leader.locator('[data-test=no-access]'), '无权访问');
    await leader.close();
  });
});
