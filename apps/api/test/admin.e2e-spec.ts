import { ApiHarness, PASSWORD, startApi } from './harness';

// the write side of 管理 over HTTP: what the administration page sends, each role scoped, bad input writing nothing
describe('administration of units and users', () => {
  let h: ApiHarness;

  beforeAll(async () => {
    h = await startApi();
  });
  afterAll(() => h?.close());

  const unitRow = async (id: string) => (await h.dataSource.query(`SELECT code, name, kind, emails, webhooks FROM unit WHERE id = $1`, [id]))[0];
  const userRow = async (id: string) =>
    (await h.dataSource.query(`SELECT username, display_name, role, unit_id, email, active FROM app_user WHERE id = $1`, [id]))[0];

  it('the office edits a unit of its county: code, name, kind among non-jurisdiction kinds, e-mails and webhooks', async () => {
    const made = await h.as('officeA').post('/api/units', { code: 'A-HBJ', name: '甲县环保局', kind: 'department', parentId: h.org.units.countyA })
      .expect(201);
    const webhooks = [{ kind: 'dingtalk', url: 'https://oapi.dingtalk.com/robot/send?access_token=x', secret: 'SEC-1' }];
    const res = await h.as('officeA').patch(`/api/units/${made.body.id}`,
      { code: 'A-STHJJ', name: '甲县生态环境局', kind: 'township', emails: ['sthjj@example.gov.cn'], webhooks }).expect(200);
    expect(res.body).toMatchObject({ code: 'A-STHJJ', name: '甲县生态环境局', kind: 'township', emails: ['sthjj@example.gov.cn'] });
    expect(await unitRow(made.body.id)).toEqual({ code: 'A-STHJJ', name: '甲县生态环境局', kind: 'township',
      emails: ['sthjj@example.gov.cn'], webhooks });
  });

  it('refuses a taken code, a jurisdiction kind change, null for a required field, and another county, changing nothing', async () => {
    const before = await unitRow(h.org.units.financeA);
    const taken = await h.as('officeA').patch(`/api/units/${h.org.units.financeA}`, { code: 'A-SFJ' }).expect(409);
    expect(taken.body).toMatchObject({ code: 'UNIT_CODE_TAKEN', message: '单位编码“A-SFJ”已被使用' });
    const kind = await h.as('officeA').patch(`/api/units/${h.org.units.financeA}`, { kind: 'jurisdiction' }).expect(400);
    expect(kind.body.code).toBe('UNIT_KIND_CHANGE');
    expect(kind.body.message).toMatch(/辖区/);
    await h.as('admin').patch(`/api/units/${h.org.units.countyA}`, { kind: 'department' }).expect(400);
    const nulled = await h.as('officeA').patch(`/api/units/${h.org.units.financeA}`, { name: null }).expect(400);
    expect(nulled.body).toMatchObject({ code: 'VALIDATION_FAILED' });
    await h.as('officeB').patch(`/api/units/${h.org.units.financeA}`, { name: '越界改名' }).expect(404);
    await h.as('financeA').patch(`/api/units/${h.org.units.financeA}`, { name: '自己改名' }).expect(403);
    expect(await unitRow(h.org.units.financeA)).toEqual(before);
  });

  it('the admins\' own unit keeps its code', async () => {
    const system = (await h.dataSource.query(`SELECT id FROM unit WHERE code = 'SYSTEM'`))[0].id;
    const res = await h.as('admin').patch(`/api/units/${system}`, { code: 'SYS2' }).expect(400);
    expect(res.body.code).toBe('UNIT_SYSTEM_FIXED');
    await h.as('admin').patch(`/api/units/${system}`, { name: '系统管理（平台）' }).expect(200);
  });

  it('webhook secrets are shown to those who manage the unit, not to departments', async () => {
    await h.as('officeA').patch(`/api/units/${h.org.units.justiceA}`,
      { webhooks: [{ kind: 'wecom', url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k', secret: 'TOP-SECRET' }] }).expect(200);
    const asOffice = (await h.as('officeA').get(`/api/units/${h.org.units.justiceA}`).expect(200)).body;
    expect(asOffice.webhooks[0].secret).toBe('TOP-SECRET');
    for (const user of ['justiceA', 'financeA', 'leaderA'] as const) {
      const list = (await h.as(user).get('/api/units').expect(200)).body;
      expect(JSON.stringify(list)).not.toContain('TOP-SECRET');
      const one = (await h.as(user).get(`/api/units/${h.org.units.justiceA}`).expect(200)).body;
      expect(one.webhooks).toEqual([{ kind: 'wecom', url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k' }]);
    }
  });

  it('the office creates a user, edits role, unit, name and e-mail, resets the password, deactivates and reactivates', async () => {
    const made = await h.as('officeA').post('/api/users', { username: 'czj-lly', displayName: '财政局联络员', password: 'initial-pass-1',
      role: 'department', unitId: h.org.units.financeA, email: 'czj@example.gov.cn' }).expect(201);
    const id = made.body.id as string;
    expect(made.body).toMatchObject({ unitName: '甲县财政局', active: true, leaderUnitIds: [] });

    const edited = await h.as('officeA').patch(`/api/users/${id}`,
      { displayName: '王会计', role: 'department', unitId: h.org.units.townA, email: null }).expect(200);
    expect(edited.body).toMatchObject({ displayName: '王会计', unitId: h.org.units.townA, unitName: '甲县城关镇', email: null });

    await h.as('officeA').patch(`/api/users/${id}`, { password: 'a-new-password' }).expect(200);
    await h.anonymous.post('/api/auth/login').send({ username: 'czj-lly', password: 'initial-pass-1' }).expect(401);
    await h.anonymous.post('/api/auth/login').send({ username: 'czj-lly', password: 'a-new-password' }).expect(200);

    await h.as('officeA').patch(`/api/users/${id}`, { active: false }).expect(200);
    const refused = await h.anonymous.post('/api/auth/login').send({ username: 'czj-lly', password: 'a-new-password' }).expect(401);
    expect(refused.body.code).toBe('AUTH_BAD_CREDENTIALS');
    expect((await h.as('officeA').get(`/api/users/${id}`).expect(200)).body.active).toBe(false);
    await h.as('officeA').patch(`/api/users/${id}`, { active: true }).expect(200);
    await h.anonymous.post('/api/auth/login').send({ username: 'czj-lly', password: 'a-new-password' }).expect(200);
  });

  it('refuses a duplicate username, a short password, null for a required field and a unit of another county, writing nothing', async () => {
    const count = async () => Number((await h.dataSource.query(`SELECT count(*) AS n FROM app_user`))[0].n);
    const before = await count();
    const dup = await h.as('officeA').post('/api/users', { username: 'justiceA', displayName: '重名', password: 'long-enough-pw',
      role: 'department', unitId: h.org.units.justiceA }).expect(409);
    expect(dup.body).toMatchObject({ code: 'USERNAME_TAKEN', message: '用户名“justiceA”已被使用' });
    const short = await h.as('officeA').post('/api/users', { username: 'short-pw', displayName: '短密码', password: 'abc',
      role: 'department', unitId: h.org.units.justiceA }).expect(400);
    expect(short.body.details.fields).toContainEqual(expect.objectContaining({ field: 'password', rule: 'minLength' }));
    const foreign = await h.as('officeA').post('/api/users', { username: 'foreign', displayName: '越界', password: 'long-enough-pw',
      role: 'department', unitId: h.org.units.justiceB }).expect(404);
    expect(foreign.body.code).toBe('UNIT_NOT_FOUND');
    expect(await count()).toBe(before);

    const justice = await userRow(h.org.users.justiceA.id);
    for (const body of [{ role: null }, { displayName: null }, { active: null }, { unitId: null }]) {
      const res = await h.as('officeA').patch(`/api/users/${h.org.users.justiceA.id}`, body).expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    }
    await h.as('officeA').patch(`/api/users/${h.org.users.justiceA.id}`, { unitId: h.org.units.justiceB }).expect(404);
    await h.as('officeB').patch(`/api/users/${h.org.users.justiceA.id}`, { displayName: '越界' }).expect(404);
    await h.as('officeA').patch(`/api/users/${h.org.users.admin.id}`, { active: false }).expect(404);
    expect(await userRow(h.org.users.justiceA.id)).toEqual(justice);
  });

  it('nobody deactivates themselves or changes their own role', async () => {
    const self = await h.as('officeA').patch(`/api/users/${h.org.users.officeA.id}`, { active: false }).expect(400);
    expect(self.body).toMatchObject({ code: 'USER_SELF_LOCKOUT' });
    expect(self.body.message).toMatch(/不能停用自己的账号/);
    await h.as('officeA').patch(`/api/users/${h.org.users.officeA.id}`, { role: 'department' }).expect(400);
    await h.as('admin').patch(`/api/users/${h.org.users.admin.id}`, { role: 'office' }).expect(400);
    expect(await userRow(h.org.users.officeA.id)).toMatchObject({ role: 'office', active: true });
    // the rest of one's own account stays editable
    await h.as('officeA').patch(`/api/users/${h.org.users.officeA.id}`, { displayName: '法治办张三' }).expect(200);
  });

  it('maps leaders to units; the list shows the mapping; a leader who stops being one oversees nothing', async () => {
    const leader = await h.as('officeA').post('/api/users', { username: 'fgld', displayName: '李副县长', password: PASSWORD,
      role: 'leader', unitId: h.org.units.countyA }).expect(201);
    await h.as('officeA').put(`/api/users/${leader.body.id}/leader-units`, { unitIds: [h.org.units.financeA, h.org.units.townA] })
      .expect(200);
    const listed = (await h.as('officeA').get('/api/users').expect(200)).body.find((u: { id: string }) => u.id === leader.body.id);
    expect([...listed.leaderUnitIds].sort()).toEqual([h.org.units.financeA, h.org.units.townA].sort());
    await h.as('officeB').put(`/api/users/${leader.body.id}/leader-units`, { unitIds: [] }).expect(404);
    await h.as('officeA').put(`/api/users/${leader.body.id}/leader-units`, { unitIds: [h.org.units.justiceB] }).expect(404);
    const notLeader = await h.as('officeA').put(`/api/users/${h.org.users.justiceA.id}/leader-units`, { unitIds: [h.org.units.financeA] })
      .expect(400);
    expect(notLeader.body.code).toBe('USER_NOT_LEADER');

    await h.as('officeA').patch(`/api/users/${leader.body.id}`, { role: 'department', unitId: h.org.units.financeA }).expect(200);
    expect(await h.dataSource.query(`SELECT * FROM leader_unit WHERE user_id = $1`, [leader.body.id])).toEqual([]);
  });

  it('departments and leaders manage nothing', async () => {
    for (const user of ['justiceA', 'leaderA'] as const) {
      await h.as(user).get('/api/users').expect(403);
      await h.as(user).patch(`/api/users/${h.org.users.financeA.id}`, { displayName: 'x' }).expect(403);
      await h.as(user).put(`/api/users/${h.org.users.leaderA.id}/leader-units`, { unitIds: [] }).expect(403);
      await h.as(user).patch(`/api/units/${h.org.units.townA}`, { name: 'x' }).expect(403);
    }
  });
});
