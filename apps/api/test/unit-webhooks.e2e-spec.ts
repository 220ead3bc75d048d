import { ApiHarness, startApi } from './harness';

// SSRF at the door: a unit's webhook may not point into this network (WEBHOOK_ALLOW_PRIVATE is false by default)
describe('saving a unit with a webhook at a private address', () => {
  let h: ApiHarness;

  beforeAll(async () => {
    h = await startApi();
  });
  afterAll(() => h?.close());

  const unitRow = async (id: string) => (await h.dataSource.query(`SELECT code, name, emails, webhooks FROM unit WHERE id = $1`, [id]))[0];
  const robot = { kind: 'dingtalk', url: 'https://oapi.dingtalk.com/robot/send?access_token=x' };

  it('answers 400 WEBHOOK_PRIVATE_ADDRESS naming the webhook and why, and changes nothing of the edit', async () => {
    const before = await unitRow(h.org.units.financeA);
    const res = await h.as('officeA').patch(`/api/units/${h.org.units.financeA}`,
      { name: '甲县财政局（改）', webhooks: [robot, { kind: 'generic', url: 'http://10.0.0.1:8080/hook' }] }).expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, code: 'WEBHOOK_PRIVATE_ADDRESS',
      message: '第 2 个群机器人（Webhook）的地址指向内网地址“10.0.0.1”，本系统不向内网或本机地址推送，请填写公网地址',
      details: { field: 'webhooks.1.url', host: '10.0.0.1' } });
    expect(await unitRow(h.org.units.financeA)).toEqual(before);
  });

  it.each([
    ['http://[::ffff:169.254.169.254]/latest/meta-data/', '链路本地地址（含云服务器元数据地址）'],
    ['http://[::ffff:a9fe:a9fe]/latest/meta-data/', '链路本地地址（含云服务器元数据地址）'],
    ['http://169.254.169.254/latest/meta-data/', '链路本地地址（含云服务器元数据地址）'],
    ['http://[::ffff:7f00:1]:8080/x', '本机地址'], ['http://[::1]/x', '本机地址'], ['http://localhost:3000/x', '本机或局域网域名'],
    ['https://[::ffff:10.0.0.1]/x', '内网地址'], ['http://[64:ff9b::a00:1]/x', '内网地址'], ['http://100.64.0.1/x', '内网地址（运营商级 NAT）'],
    ['http://metadata.google.internal/computeMetadata/v1/', '本机或局域网域名'], ['http://intranet/hook', '内网主机名'],
    ['http://[fd00::1]/x', '内网地址'], ['http://[::127.0.0.1]/x', '内网或保留地址'],
  ])('refuses to create a unit whose webhook is %s (%s)', async (url, why) => {
    const code = `A-T${Math.random().toString(36).slice(2, 8)}`;
    const res = await h.as('officeA').post('/api/units', { code, name: '甲县测试局', kind: 'department',
      parentId: h.org.units.countyA, webhooks: [{ kind: 'wecom', url }] }).expect(400);
    expect(res.body.code).toBe('WEBHOOK_PRIVATE_ADDRESS');
    expect(res.body.message).toContain(`第 1 个群机器人（Webhook）的地址指向${why}`);
    expect(await h.dataSource.query(`SELECT 1 FROM unit WHERE code = $1`, [code])).toEqual([]);
  });

  it('refuses the numeric spellings of loopback too (at the DTO: they are no valid URL there)', async () => {
    for (const url of ['http://2130706433/x', 'http://0x7f.1/x', 'http://127.0.0.1./x', 'http://localhost./x']) {
      const res = await h.as('officeA').patch(`/api/units/${h.org.units.financeA}`, { webhooks: [{ kind: 'generic', url }] })
        .expect(400);
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', details: { fields: [expect.objectContaining({ field: 'webhooks.0.url' })] } });
    }
  });

  it('saves public robot addresses (names are not resolved when saved)', async () => {
    const webhooks = [robot, { kind: 'wecom', url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k' },
      { kind: 'generic', url: 'https://8.8.8.8/hook' }];
    await h.as('officeA').patch(`/api/units/${h.org.units.townA}`, { webhooks }).expect(200);
    expect((await unitRow(h.org.units.townA)).webhooks).toEqual(webhooks);
  });
});

describe('saving a unit with a webhook at a private address, WEBHOOK_ALLOW_PRIVATE=true (intranet deployment)', () => {
  let h: ApiHarness;

  beforeAll(async () => {
    h = await startApi(undefined, { WEBHOOK_ALLOW_PRIVATE: 'true' });
  });
  afterAll(() => h?.close());

  it('saves it', async () => {
    const webhooks = [{ kind: 'generic', url: 'http://10.0.0.1:8080/hook' }, { kind: 'wecom', url: 'http://oa.intranet/robot' }];
    await h.as('officeA').patch(`/api/units/${h.org.units.financeA}`, { webhooks }).expect(200);
    expect((await h.dataSource.query(`SELECT webhooks FROM unit WHERE id = $1`, [h.org.units.financeA]))[0].webhooks).toEqual(webhooks);
  });
});
