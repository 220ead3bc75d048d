import { ApiHarness, startApi } from './harness';

describe('bad input gets a clear 4xx and writes nothing', () => {
  let h: ApiHarness;
  let taskId: string;
  const counts = async () => (await h.dataSource.query(`SELECT
      (SELECT count(*)::int FROM task) AS tasks, (SELECT count(*)::int FROM task_event) AS events,
      (SELECT count(*)::int FROM task_progress) AS progress, (SELECT count(*)::int FROM evidence_file) AS files`))[0];

  beforeAll(async () => {
    h = await startApi();
    const res = await h.as('officeA').post('/api/tasks', {
      title: '健全合法性审查机制', planYear: 2026, leadUnitId: h.org.units.justiceA, deadline: '2026-08-31',
    }).expect(201);
    taskId = res.body.id;
    await h.as('officeA').post(`/api/tasks/${taskId}/publish`).expect(200);
  });
  afterAll(() => h?.close());

  const valid = () => ({ title: '任务', planYear: 2026, leadUnitId: h.org.units.justiceA, deadline: '2026-12-31' });

  it.each([
    ['a missing title', (v: any) => ({ ...v, title: undefined }), 'title', 'isNotEmpty'],
    ['an unknown field', (v: any) => ({ ...v, status: 'completed' }), 'status', 'whitelistValidation'],
    ['an oversized title', (v: any) => ({ ...v, title: '长'.repeat(201) }), 'title', 'maxLength'],
    ['a plan year of the wrong type', (v: any) => ({ ...v, planYear: '二〇二六' }), 'planYear', 'isInt'],
    ['an impossible date', (v: any) => ({ ...v, deadline: '2026-02-30' }), 'deadline', 'isIso8601'],
    ['a malformed unit id', (v: any) => ({ ...v, leadUnitId: 'justice' }), 'leadUnitId', 'isUuid'],
    ['co-owners that are not a list', (v: any) => ({ ...v, coOwnerUnitIds: h.org.units.financeA }), 'coOwnerUnitIds', 'isArray'],
  ])('rejects %s with VALIDATION_FAILED naming the field', async (_what, mutate, field, rule) => {
    const before = await counts();
    const res = await h.as('officeA').post('/api/tasks', mutate(valid())).expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
    expect(res.body.details.fields).toContainEqual(expect.objectContaining({ field, rule }));
    expect(res.body.message).toMatch(/^请求参数有误：/);
    expect(res.body.message).not.toMatch(/must|should/); // Chinese for people, whatever the rule
    expect(await counts()).toEqual(before);
  });

  it('rejects units of another jurisdiction and deadlines in the past with coded domain errors', async () => {
    const before = await counts();
    const foreign = await h.as('officeA').post('/api/tasks', { ...valid(), leadUnitId: h.org.units.justiceB }).expect(400);
    expect(foreign.body).toMatchObject({ code: 'TASK_UNIT_OUT_OF_JURISDICTION', message: '所选单位不在本辖区内' });
    const coOwnerAsLead = await h.as('officeA')
      .post('/api/tasks', { ...valid(), coOwnerUnitIds: [h.org.units.justiceA] }).expect(400);
    expect(coOwnerAsLead.body.code).toBe('TASK_LEAD_AS_CO_OWNER');
    const past = await h.as('officeA').post('/api/tasks', { ...valid(), deadline: '2025-12-31' }).expect(400);
    expect(past.body.code).toBe('TASK_DEADLINE_IN_PAST');
    expect(await counts()).toEqual(before);
  });

  it('refuses a 100k-deep JSON body with 400 JSON_TOO_DEEP and writes nothing', async () => {
    const before = await counts();
    const deep = '{"title":' + '['.repeat(100_000) + ']'.repeat(100_000) + '}';
    const res = await h.as('officeA').post('/api/tasks').set('content-type', 'application/json').send(deep).expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, code: 'JSON_TOO_DEEP', details: { maxDepth: 32 } });
    expect(res.body.message).toContain('嵌套层数');
    expect(await counts()).toEqual(before);
    // ordinary bodies still parse: the same request with a flat title is created
    await h.as('officeA').post('/api/tasks', valid()).expect(201);
    const malformed = await h.as('officeA').post('/api/tasks').set('content-type', 'application/json').send('{"title":').expect(400);
    expect(malformed.body.code).not.toBe('JSON_TOO_DEEP');
  });

  it('answers 404 for an unknown task and 400 for a malformed id', async () => {
    const missing = await h.as('officeA').get('/api/tasks/00000000-0000-4000-8000-000000000000').expect(404);
    expect(missing.body).toMatchObject({ code: 'TASK_NOT_FOUND', message: '任务不存在或不在您的权限范围内' });
    await h.as('officeA').post('/api/tasks/00000000-0000-4000-8000-000000000000/publish').expect(404);
    const malformed = await h.as('officeA').get('/api/tasks/abc').expect(400);
    expect(malformed.body.code).toBe('INVALID_ID');
  });

  it('refuses a 50 MB upload with 413 and keeps no part of the progress update', async () => {
    const before = await counts();
    const huge = Buffer.alloc(50 * 1024 * 1024, 0x41);
    const res = await h.as('justiceA').upload(`/api/tasks/${taskId}/progress`, { note: '大文件', percent: 60 },
      [{ name: '扫描件.pdf', content: huge }]);
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE' });
    expect(await counts()).toEqual(before);
    expect((await h.as('justiceA').get(`/api/tasks/${taskId}`).expect(200)).body.progressPercent).toBe(0);
  });

  it('refuses an executable with 415 and a second valid file in the same request is not stored either', async () => {
    const before = await counts();
    const res = await h.as('justiceA').upload(`/api/tasks/${taskId}/progress`, { note: '附件', percent: 30 }, [
      { name: '说明.pdf', content: Buffer.from('%PDF-1.4') }, { name: 'setup.exe', content: Buffer.from('MZ') },
    ]).expect(415);
    expect(res.body.code).toBe('EVIDENCE_TYPE_NOT_ALLOWED');
    expect(res.body.message).toContain('setup.exe');
    expect(await counts()).toEqual(before);
  });

  it('checks multipart fields like JSON ones', async () => {
    const res = await h.as('justiceA').upload(`/api/tasks/${taskId}/progress`, { note: '进展', percent: 150 }, []).expect(400);
    expect(res.body.details.fields).toContainEqual(expect.objectContaining({ field: 'percent', rule: 'max' }));
  });

  it('counts a note as the page counts it (a browser sends its line breaks as CRLF) and names the field in Chinese', async () => {
    // 5,000 characters in the textarea, 49 of them line breaks: 5,049 as the browser posts them
    const typed = `${'进展'.repeat(50)}\n`.repeat(49) + 'x'.repeat(5000 - 101 * 49);
    expect(typed).toHaveLength(5000);
    const sent = typed.replace(/\n/g, '\r\n');
    await h.as('justiceA').upload(`/api/tasks/${taskId}/progress`, { note: sent, percent: 40 }, []).expect(201);
    const progress = (await h.as('justiceA').get(`/api/tasks/${taskId}/progress`).expect(200)).body;
    expect(progress.map((p: { note: string }) => p.note)).toContain(typed);

    const long = await h.as('justiceA').upload(`/api/tasks/${taskId}/progress`, { note: `${sent}x`, percent: 40 }, []).expect(400);
    expect(long.body.message).toBe('请求参数有误：进展情况不能超过 5000 个字符');
    expect(long.body.details.fields).toEqual([expect.objectContaining({ field: 'note', rule: 'maxLength' })]);
  });

  it('refuses JSON bodies over 1 MB, malformed JSON and page sizes over 100', async () => {
    const big = await h.as('officeA').post('/api/tasks', { ...valid(), description: 'x'.repeat(1_100_000) });
    expect(big.status).toBe(413);
    expect(big.body.code).toBe('PAYLOAD_TOO_LARGE');
    const bad = await h.anonymous.post('/api/auth/login').set('content-type', 'application/json').send('{"username":');
    expect(bad.status).toBe(400);
    expect(bad.body).toHaveProperty('code');
    const page = await h.as('officeA').get('/api/tasks?limit=100000').expect(400);
    expect(page.body.details.fields[0]).toMatchObject({ field: 'limit', rule: 'max' });
    await h.as('officeA').get('/api/tasks?after=bm90LWEtY3Vyc29y').expect(400);
  });

  it('turns away missing, forged and expired tokens with 401', async () => {
    await h.anonymous.get('/api/tasks').expect(401);
    await h.anonymous.get('/api/tasks').set('authorization', 'Bearer not.a.token').expect(401);
    const [header, payload] = h.org.users.officeA.token.split('.');
    const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    await h.anonymous.get('/api/tasks').set('authorization', `Bearer ${none}.${payload}.`).expect(401);
    await h.anonymous.get('/api/tasks').set('authorization', `Bearer ${header}.${payload}.forged-signature`).expect(401);
    const res = await h.anonymous.get('/api/auth/me').expect(401);
    expect(res.body).toMatchObject({ code: 'UNAUTHENTICATED', message: '请先登录' });
  });

  it('rate-limits login attempts per user name', async () => {
    const attempt = () => h.anonymous.post('/api/auth/login').send({ username: 'justiceA', password: 'guess' });
    // ten failed attempts per user name in 15 minutes; the harness's successful login does not count
    for (let i = 0; i < 10; i++) expect((await attempt()).status).toBe(401);
    const limited = await attempt();
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ code: 'AUTH_TOO_MANY_ATTEMPTS', message: expect.stringMatching(/^登录失败次数过多，请 \d+ 分钟后再试$/) });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    await h.anonymous.post('/api/auth/login').send({ username: 'townA', password: 'correct-horse-battery' }).expect(200);
  });
});
