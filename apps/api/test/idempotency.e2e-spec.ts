import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IdempotencyService } from '@app/domain';
import { ApiHarness, startApi } from './harness';

describe('Idempotency-Key on the POSTs that create things', () => {
  let h: ApiHarness;
  let taskId: string;
  const counts = async () => (await h.dataSource.query(`SELECT
      (SELECT count(*)::int FROM task) AS tasks, (SELECT count(*)::int FROM task_event) AS events,
      (SELECT count(*)::int FROM task_progress) AS progress, (SELECT count(*)::int FROM evidence_file) AS files,
      (SELECT count(*)::int FROM task_extension) AS extensions, (SELECT count(*)::int FROM report) AS reports`))[0];
  const progress = (key: string, body: object) =>
    h.as('justiceA').post(`/api/tasks/${taskId}/progress`, body).set('idempotency-key', key);

  beforeAll(async () => {
    h = await startApi();
    taskId = (await h.as('officeA').post('/api/tasks', {
      title: '健全合法性审查机制', planYear: 2026, leadUnitId: h.org.units.justiceA, coOwnerUnitIds: [h.org.units.financeA],
      deadline: '2026-08-31',
    }).expect(201)).body.id;
    await h.as('officeA').post(`/api/tasks/${taskId}/publish`).expect(200);
    await h.as('justiceA').post(`/api/tasks/${taskId}/acknowledge`).expect(200);
  });
  afterAll(() => h?.close());

  it('answers a retried progress note with the first answer and writes it once', async () => {
    const key = randomUUID();
    const before = await counts();
    const first = await progress(key, { note: '已完成制度起草', percent: 30 }).expect(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const again = await progress(key, { note: '已完成制度起草', percent: 30 }).expect(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await counts()).toEqual({ ...before, progress: before.progress + 1, events: before.events + 1 });
    // without a key the same note is a second note, as before
    await h.as('justiceA').post(`/api/tasks/${taskId}/progress`, { note: '已完成制度起草', percent: 30 }).expect(201);
    expect((await counts()).progress).toBe(before.progress + 2);
  });

  it('replays a multipart upload with its evidence files without storing them twice', async () => {
    const key = randomUUID();
    const send = () => h.as('justiceA').upload(`/api/tasks/${taskId}/progress`, { note: '附会议纪要', percent: 40 },
      [{ name: '纪要.pdf', content: Buffer.from('%PDF-1.4 纪要') }, { name: '照片.jpg', content: Buffer.from('JFIF') }])
      .set('idempotency-key', key);
    const before = await counts();
    const first = await send().expect(201);
    const again = await send().expect(201);
    expect(again.body).toEqual(first.body);
    expect(await counts()).toMatchObject({ progress: before.progress + 1, files: before.files + 2 });
    // the same key with another file is another request
    const other = await h.as('justiceA').upload(`/api/tasks/${taskId}/progress`, { note: '附会议纪要', percent: 40 },
      [{ name: '纪要.pdf', content: Buffer.from('%PDF-1.4 另一份') }, { name: '照片.jpg', content: Buffer.from('JFIF') }])
      .set('idempotency-key', key).expect(422);
    expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('refuses the same key for a different request with 422 and writes nothing', async () => {
    const key = randomUUID();
    await progress(key, { note: '第一条', percent: 50 }).expect(201);
    const before = await counts();
    const res = await progress(key, { note: '另一条', percent: 50 }).expect(422);
    expect(res.body).toMatchObject({ statusCode: 422, code: 'IDEMPOTENCY_KEY_REUSED' });
    expect(res.body.message).toContain('幂等键');
    const elsewhere = await h.as('justiceA').post(`/api/tasks/${taskId}/extensions`, { newDeadline: '2026-10-31', reason: '等待审批' })
      .set('idempotency-key', key).expect(422);
    expect(elsewhere.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await counts()).toEqual(before);
  });

  it('keeps keys per user: another user with the same key writes their own note', async () => {
    const key = randomUUID();
    await progress(key, { note: '牵头单位进展', percent: 55 }).expect(201);
    const before = await counts();
    await h.as('financeA').post(`/api/tasks/${taskId}/progress`, { note: '牵头单位进展', percent: 55 })
      .set('idempotency-key', key).expect(201);
    expect((await counts()).progress).toBe(before.progress + 1);
  });

  it('answers 409 while a request with the key is still in its transaction, and writes nothing', async () => {
    const key = randomUUID();
    const runner = h.dataSource.createQueryRunner();
    await runner.connect();
    try {
      // what an open transaction of the same key holds, in this or another API process
      await runner.query(`SELECT pg_advisory_lock(hashtextextended($1, 7741))`, [`${h.org.users.justiceA.id}:${key}`]);
      const before = await counts();
      const res = await progress(key, { note: '并发', percent: 60 }).expect(409);
      expect(res.body).toMatchObject({ code: 'IDEMPOTENCY_KEY_IN_FLIGHT' });
      expect(await counts()).toEqual(before);
    } finally {
      await runner.query(`SELECT pg_advisory_unlock_all()`);
      await runner.release();
    }
    await progress(key, { note: '并发', percent: 60 }).expect(201);
  });

  it('of ten simultaneous requests with one key, writes one note; the others replay it or are told it is in flight', async () => {
    const key = randomUUID();
    const before = await counts();
    const answers = await Promise.all(Array.from({ length: 10 }, () => progress(key, { note: '同时提交', percent: 65 })));
    expect(answers.every((r) => r.status === 201 || (r.status === 409 && r.body.code === 'IDEMPOTENCY_KEY_IN_FLIGHT'))).toBe(true);
    expect(answers.filter((r) => r.status === 201).length).toBeGreaterThanOrEqual(1);
    expect((await counts()).progress).toBe(before.progress + 1);
  });

  it('refuses a malformed key with 400 naming the header', async () => {
    for (const key of ['short', 'x'.repeat(129), '%E4%B8%AD%E6%96%87-key', 'has space in it']) {
      const res = await progress(key, { note: '格式', percent: 66 });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'IDEMPOTENCY_KEY_INVALID' });
      expect(res.body.message).toContain('Idempotency-Key');
    }
  });

  it('replays an extension request instead of answering 409 for the pending one it created', async () => {
    const key = randomUUID();
    const body = { newDeadline: '2026-10-31', reason: '需等待上级批复' };
    const first = await h.as('justiceA').post(`/api/tasks/${taskId}/extensions`, body).set('idempotency-key', key).expect(201);
    expect(first.body.pendingExtension).toMatchObject({ requestedDeadline: '2026-10-31' });
    const again = await h.as('justiceA').post(`/api/tasks/${taskId}/extensions`, body).set('idempotency-key', key).expect(201);
    expect(again.body).toEqual(first.body);
    expect((await counts()).extensions).toBe(1);
  });

  it('replays a task creation, a 申请办结 and a report upload', async () => {
    const key = randomUUID();
    const body = { title: '规范行政执法', planYear: 2026, leadUnitId: h.org.units.justiceA, deadline: '2026-09-30' };
    const created = await h.as('officeA').post('/api/tasks', body).set('idempotency-key', key).expect(201);
    const before = await counts();
    const again = await h.as('officeA').post('/api/tasks', body).set('idempotency-key', key).expect(201);
    expect(again.body.id).toBe(created.body.id);
    expect(await counts()).toEqual(before);

    const submitKey = randomUUID();
    const submit = () => h.as('justiceA').upload(`/api/tasks/${taskId}/submit`, { note: '已全部完成' },
      [{ name: '总结.pdf', content: Buffer.from('%PDF 总结') }]).set('idempotency-key', submitKey);
    const submitted = await submit().expect(200);
    expect(submitted.body.status).toBe('submitted');
    const resubmitted = await submit().expect(200); // not 409 "already submitted"
    expect(resubmitted.body).toEqual(submitted.body);

    const reportKey = randomUUID();
    const text = readFileSync(join(__dirname, 'fixtures', 'jia-justice-2025.txt'));
    const upload = () => h.anonymous.post('/api/reports').set('authorization', `Bearer ${h.org.users.officeA.token}`)
      .set('idempotency-key', reportKey).attach('file', text, 'report.txt');
    const imported = await upload().expect(201);
    const reimported = await upload().expect(201); // not 409 "the same file again"
    expect(reimported.body).toEqual(imported.body);
    expect((await counts()).reports).toBe(1);
  });

  it('documents the header on each operation that takes it in the OpenAPI document', async () => {
    const doc = (await h.anonymous.get('/api/docs-json').expect(200)).body;
    const header = (path: string, method: string) => (doc.paths[path][method].parameters ?? [])
      .find((p: { in: string; name: string }) => p.in === 'header' && p.name === 'Idempotency-Key');
    for (const [path, method] of [['/api/tasks', 'post'], ['/api/tasks/{id}/progress', 'post'], ['/api/tasks/{id}/extensions', 'post'],
      ['/api/tasks/{id}/submit', 'post'], ['/api/reports', 'post']]) {
      expect({ path, header: header(path, method) }).toMatchObject({ path, header: { required: false, description: expect.stringContaining('幂等键') } });
    }
    expect(header('/api/tasks/{id}/publish', 'post')).toBeUndefined();
  });

  it('lets a key expire after 24 hours: the same request then writes again, and expired keys are purged', async () => {
    const key = randomUUID();
    await progress(key, { note: '到期前', percent: 70 }).expect(201);
    const before = await counts();
    h.clock.set(new Date(h.clock.now().getTime() + 25 * 3600_000));
    try {
      const res = await progress(key, { note: '到期前', percent: 70 }).expect(201);
      expect(res.headers['idempotent-replayed']).toBeUndefined();
      expect((await counts()).progress).toBe(before.progress + 1);
      h.clock.set(new Date(h.clock.now().getTime() + 25 * 3600_000));
      expect(await h.app.get(IdempotencyService).purgeExpired()).toBeGreaterThan(0);
      expect((await h.dataSource.query(`SELECT count(*)::int AS n FROM idempotency_key`))[0].n).toBe(0);
    } finally {
      h.clock.set('2026-03-02T02:00:00Z');
    }
  });
});
