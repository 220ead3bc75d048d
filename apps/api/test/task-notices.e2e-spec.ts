import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { ConnectionOptions, Worker } from 'bullmq';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { AppConfig } from '@app/config';
import { EmailChannel, NotificationDeliveryService, NotificationDispatcher, WebhookChannel } from '@app/notifications';
import { QueueName, redisOptions } from '@app/queues';
import { TEST_REDIS_URL, uniqueName } from '@app/testing';
import { ApiHarness, startApi } from './harness';

const PUBLIC_URL = 'https://duban.example.gov.cn';

const waitFor = async (what: string, check: () => Promise<boolean>, ms = 20_000) => {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

interface Row { id: string; kind: string; unit: string; user: string | null; title: string; body: string; channels: string[];
  status: string; task_id: string }

/**
 * A notice for every workflow step, over HTTP: each step writes its notices in its own transaction (lead unit, co-owners,
 * office, leader as docs/notices.md says), the API dispatches them after the commit, and a delivery worker (the worker's
 * NotificationDeliveryService on the notifications queue) sends the units' to their e-mail and the lead unit's to its webhook:
 * a real SMTP and a real webhook receiver on loopback.
 */
describe('workflow notices (real PostgreSQL, Redis, and SMTP and webhook receivers on loopback)', () => {
  let h: ApiHarness;
  let hook: Server;
  let worker: Worker;
  let smtp: SMTPServer;
  let channels: { email: EmailChannel; webhook: WebhookChannel } | undefined;
  const mails: Array<{ to: string; subject: string; text: string; html: string; id: string }> = [];
  const received: Array<{ id: string; kind: string; title: string; text: string; url?: string; taskId?: string }> = [];
  const ids: Record<'t1' | 't2' | 't3' | 't4', string> = { t1: '', t2: '', t3: '', t4: '' };
  const codes: Record<string, string> = {};

  const notices = async (taskId: string): Promise<Row[]> => h.dataSource.query(
    `SELECT n.id, n.kind, u.code AS unit, usr.username AS user, n.title, n.body, n.channels, n.status, n.task_id
       FROM notification n JOIN unit u ON u.id = n.recipient_unit_id LEFT JOIN app_user usr ON usr.id = n.recipient_user_id
      WHERE n.task_id = $1 ORDER BY n.created_at, u.code, usr.username`, [taskId]);
  /** who got a step's notices: unit codes, a leader by name */
  const to = async (taskId: string, kind: string) =>
    (await notices(taskId)).filter((n) => n.kind === kind).map((n) => n.user ?? n.unit).sort();
  const create = async (key: keyof typeof ids, leadUnitId: string, extra: object = {}) => {
    const res = await h.as('officeA').post('/api/tasks', { title: `完善行政执法公示制度（${key}）`, planYear: 2026, leadUnitId,
      deadline: '2026-06-30', ...extra }).expect(201);
    ids[key] = res.body.id;
    codes[key] = res.body.code;
  };

  beforeAll(async () => {
    hook = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', () => r()));
    smtp = new SMTPServer({ authOptional: true, disabledCommands: ['STARTTLS'], logger: false,
      onData(stream, session, cb) {
        simpleParser(stream).then((m) => {
          mails.push({ to: session.envelope.rcptTo.map((r) => r.address).join(','), subject: m.subject ?? '', text: m.text ?? '',
            html: typeof m.html === 'string' ? m.html : '', id: String(m.headers.get('x-duban-notification')) });
          cb();
        }, cb);
      } });
    await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', () => r()));
    const smtpPort = ((smtp as unknown as { server: Server }).server.address() as AddressInfo).port;
    const prefix = uniqueName('tn');
    h = await startApi(undefined, { WEBHOOK_ALLOW_PRIVATE: 'true', QUEUE_PREFIX: prefix, PUBLIC_URL, NOTIFY_BACKOFF_MS: '100',
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}` });
    // the worker's delivery, on the API's database and queue prefix
    const config = h.app.get(AppConfig);
    channels = { email: new EmailChannel(config), webhook: new WebhookChannel(config) };
    const delivery = new NotificationDeliveryService(h.dataSource, channels.email, channels.webhook, config);
    worker = new Worker(QueueName.Notifications, (j) => delivery.deliver(j.data.notificationId, j.attemptsMade + 1, 3),
      { connection: redisOptions(TEST_REDIS_URL, 'worker') as ConnectionOptions, prefix });
    // the justice bureau's group robot: a generic webhook on loopback
    await h.as('officeA').patch(`/api/units/${h.org.units.justiceA}`,
      { webhooks: [{ kind: 'generic', url: `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`, secret: 's' }] }).expect(200);
  });
  afterAll(async () => {
    await worker?.close();
    channels?.email.onApplicationShutdown();
    channels?.webhook.onApplicationShutdown();
    await h?.close();
    await new Promise<void>((r) => (hook ? hook.close(() => r()) : r()));
    await new Promise<void>((r) => (smtp ? smtp.close(() => r()) : r()));
  });

  it('交办 tells the lead unit, the co-owner and the leader in charge (not the office that acted), naming the task', async () => {
    const u = h.org.units;
    await create('t1', u.justiceA, { coOwnerUnitIds: [u.financeA] });
    await h.as('officeA').post(`/api/tasks/${ids.t1}/publish`).expect(200);
    expect(await to(ids.t1, 'task_publish')).toEqual(['A-CZJ', 'A-SFJ', 'leaderA']);
    const [lead] = (await notices(ids.t1)).filter((n) => n.unit === 'A-SFJ');
    expect(lead.title).toBe(`【交办】${codes.t1} 完善行政执法公示制度（t1）`);
    expect(lead.body).toContain('请及时签收');
    expect(lead.channels).toEqual(['inbox', 'email', 'webhook']);
    // the inbox shows it with its task; the office's inbox has nothing of it
    const inbox = (await h.as('justiceA').get('/api/notifications').expect(200)).body;
    expect(inbox.items).toEqual([expect.objectContaining({ kind: 'task_publish', title: lead.title, taskId: ids.t1,
      documentId: null, html: null })]);
    expect((await h.as('officeA').get('/api/notifications').expect(200)).body.items).toEqual([]);
    // the webhook gets it, with the absolute link
    await waitFor('the webhook', async () => received.length >= 1);
    expect(received).toEqual([expect.objectContaining({ id: lead.id, kind: 'task_publish', title: lead.title,
      taskId: ids.t1, url: `${PUBLIC_URL}/tasks/${ids.t1}` })]);
    // and the unit's e-mail: the text and a link to the task
    await waitFor('the e-mail', async () => mails.some((m) => m.id === lead.id));
    const mail = mails.find((m) => m.id === lead.id)!;
    expect(mail).toMatchObject({ to: 'a-sfj@example.gov.cn', subject: lead.title });
    expect(mail.text).toContain(`请及时签收，按期办结并在系统中反馈进展。\n\n查看任务：${PUBLIC_URL}/tasks/${ids.t1}`);
    expect(mail.html).toContain(`<a href="${PUBLIC_URL}/tasks/${ids.t1}">查看任务</a>`);
  });

  it('延期申请 goes to the office once, a replayed Idempotency-Key adds nothing; 批准 and 驳回 go back to the unit', async () => {
    const url = `/api/tasks/${ids.t1}`;
    await h.as('justiceA').post(`${url}/acknowledge`).expect(200);
    const ask = () => h.as('justiceA').post(`${url}/extensions`, { newDeadline: '2026-07-31', reason: '培训场地改造推迟' })
      .set('idempotency-key', 'ext-notice-0001');
    const first = await ask().expect(201);
    const replay = await ask().expect(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(await to(ids.t1, 'task_extension_request')).toEqual(['A-FZB']);
    const [req] = (await notices(ids.t1)).filter((n) => n.kind === 'task_extension_request');
    expect(req.body).toContain('申请延期至：2026-07-31（原完成时限 2026-06-30）');
    expect(req.body).toContain('延期理由：培训场地改造推迟');

    await h.as('officeA').post(`${url}/extensions/${first.body.pendingExtension.id}/approve`).expect(200);
    expect(await to(ids.t1, 'task_extension_approve')).toEqual(['A-SFJ', 'leaderA']);
    const again = await h.as('justiceA').post(`${url}/extensions`, { newDeadline: '2026-09-30', reason: '再延两个月' }).expect(201);
    await h.as('officeA').post(`${url}/extensions/${again.body.pendingExtension.id}/reject`, { reason: '不符合延期条件' }).expect(200);
    expect(await to(ids.t1, 'task_extension_reject')).toEqual(['A-SFJ']);
    expect((await notices(ids.t1)).find((n) => n.kind === 'task_extension_reject')!.body).toContain('驳回理由：不符合延期条件');
  });

  it('申请办结 goes to the office; 退回 with its reason to the unit and the leader, not to the robot once the office switched that off', async () => {
    const url = `/api/tasks/${ids.t1}`;
    await h.as('justiceA').upload(`${url}/submit`, { note: '制度已印发。' }, []).expect(200);
    expect(await to(ids.t1, 'task_submit')).toEqual(['A-FZB']);
    expect((await notices(ids.t1)).find((n) => n.kind === 'task_submit')!.body).toContain('办结说明：制度已印发。');

    // the office keeps 退回 in the inbox only (e-mail and robots off)
    await h.as('officeA').put(`/api/jurisdictions/${h.org.units.countyA}/cadence-policy`, { notices: { return: ['inbox'] } }).expect(200);
    await h.as('officeA').post(`${url}/return`, { reason: '请附合法性审查意见。' }).expect(200);
    expect(await to(ids.t1, 'task_return')).toEqual(['A-SFJ', 'leaderA']);
    const returned = (await notices(ids.t1)).filter((n) => n.kind === 'task_return');
    for (const n of returned) {
      expect(n).toMatchObject({ title: `【退回】${codes.t1} 完善行政执法公示制度（t1）`, channels: ['inbox'] });
      expect(n.body).toContain('退回理由：请附合法性审查意见。');
    }

    await h.as('justiceA').upload(`${url}/submit`, { note: '已补充审查意见。' }, []).expect(200);
    await h.as('officeA').post(`${url}/approve`).expect(200);
    expect(await to(ids.t1, 'task_submit')).toEqual(['A-FZB', 'A-FZB']); // two close-out requests, one notice each
    expect(await to(ids.t1, 'task_approve')).toEqual(['A-CZJ', 'A-SFJ', 'leaderA']);

    // every notice of the bureau's reached its robot once, except the 退回 the office kept off it
    const bureau = (await notices(ids.t1)).filter((n) => n.unit === 'A-SFJ' && !n.user);
    await waitFor('the bureau\'s notices to be delivered', async () =>
      (await notices(ids.t1)).filter((n) => n.unit === 'A-SFJ' && !n.user).every((n) => n.status === 'delivered'));
    const expected = bureau.filter((n) => n.kind !== 'task_return').map((n) => n.id).sort();
    expect(received.map((r) => r.id).sort()).toEqual(expected);
    expect(received.map((r) => r.kind)).not.toContain('task_return');
    expect(mails.filter((m) => returned.some((n) => n.id === m.id))).toEqual([]); // e-mail was off too
    expect(received.every((r) => r.title.includes(codes.t1) && r.url === `${PUBLIC_URL}/tasks/${ids.t1}`)).toBe(true);
  });

  it('转交 tells the new lead unit and the old one; 撤销 and 重新打开 the lead unit; a bulk 交办 each task\'s units', async () => {
    const u = h.org.units;
    await create('t2', u.townA);
    await h.as('officeA').post(`/api/tasks/${ids.t2}/publish`).expect(200);
    expect(await to(ids.t2, 'task_publish')).toEqual(['A-XZ1', 'leaderA2']);
    await h.as('officeA').post(`/api/tasks/${ids.t2}/transfer`, { leadUnitId: u.financeA, reason: '职能调整' }).expect(200);
    expect(await to(ids.t2, 'task_transfer')).toEqual(['A-CZJ', 'A-XZ1']);
    const moved = (await notices(ids.t2)).filter((n) => n.kind === 'task_transfer');
    expect(moved.find((n) => n.unit === 'A-CZJ')!.body).toContain('任务已改由你单位牵头');
    expect(moved.find((n) => n.unit === 'A-XZ1')!.body).toContain('你单位不再牵头办理');
    expect(moved[0].body).toContain('牵头单位：甲县城关镇 → 甲县财政局');
    await h.as('officeA').post(`/api/tasks/${ids.t2}/cancel`, { reason: '已并入其他任务' }).expect(200);
    expect(await to(ids.t2, 'task_cancel')).toEqual(['A-CZJ']);
    await h.as('officeA').post(`/api/tasks/${ids.t2}/reopen`, { reason: '重新启动' }).expect(200);
    expect(await to(ids.t2, 'task_reopen')).toEqual(['A-CZJ']);

    await create('t3', u.financeA, { title: '落实“<预算>”公开 & 绩效' }); // a title is data in an e-mail's HTML
    await create('t4', u.townA);
    const bulk = await h.as('officeA').post('/api/tasks/publish', { ids: [ids.t3, ids.t4] }).expect(200);
    expect(bulk.body.map((r: { ok: boolean }) => r.ok)).toEqual([true, true]);
    expect(await to(ids.t3, 'task_publish')).toEqual(['A-CZJ']);
    expect(await to(ids.t4, 'task_publish')).toEqual(['A-XZ1', 'leaderA2']);
    const [t3] = await notices(ids.t3);
    await waitFor('the bureau\'s e-mail', async () => mails.some((m) => m.id === t3.id));
    const html = mails.find((m) => m.id === t3.id)!.html;
    expect(html).toContain('落实“&lt;预算&gt;”公开 &amp; 绩效');
    expect(html).not.toContain('<预算>');
    // a draft's steps tell no one: a cancelled draft made no notice
    const draft = (await h.as('officeA').post('/api/tasks', { title: '草稿', planYear: 2026, leadUnitId: u.justiceA, deadline: '2026-06-30' })
      .expect(201)).body.id as string;
    await h.as('officeA').post(`/api/tasks/${draft}/cancel`, { reason: '不需要' }).expect(200);
    expect(await notices(draft)).toEqual([]);
  });

  it('a department sees its own unit\'s notices only, and 全部已读 reads only those', async () => {
    const inbox = async (who: 'justiceA' | 'financeA' | 'townA' | 'justiceB' | 'leaderA') =>
      (await h.as(who).get('/api/notifications?limit=100').expect(200)).body;
    const finance = await inbox('financeA');
    const expected = await h.dataSource.query(`SELECT id FROM notification WHERE recipient_unit_id = $1 AND recipient_user_id IS NULL`,
      [h.org.units.financeA]);
    expect(finance.items.map((n: { id: string }) => n.id).sort()).toEqual(expected.map((r: { id: string }) => r.id).sort());
    expect(finance.items.every((n: { taskId: string }) => [ids.t1, ids.t2, ids.t3].includes(n.taskId))).toBe(true);
    expect((await inbox('justiceB')).items).toEqual([]);
    expect((await inbox('leaderA')).items.map((n: { kind: string }) => n.kind).sort())
      .toEqual(['task_approve', 'task_extension_approve', 'task_publish', 'task_return']);
    const townBefore = (await inbox('townA')).unreadCount;
    expect(townBefore).toBeGreaterThan(0);

    const res = await h.as('financeA').post('/api/notifications/read-all').expect(200);
    expect(res.body).toEqual({ updated: finance.unreadCount });
    expect((await inbox('financeA')).unreadCount).toBe(0);
    expect((await inbox('townA')).unreadCount).toBe(townBefore);
    expect((await inbox('leaderA')).unreadCount).toBe(4);
    expect((await h.as('financeA').post('/api/notifications/read-all').expect(200)).body).toEqual({ updated: 0 });
  });

  it('a step still succeeds with the queue unreachable; the worker\'s sweep of pending notices sends it later', async () => {
    const dispatcher = h.app.get(NotificationDispatcher);
    const queue = (dispatcher as unknown as { queue: { addBulk: (...a: unknown[]) => Promise<unknown> } }).queue;
    const addBulk = queue.addBulk.bind(queue);
    let refused = 0;
    queue.addBulk = () => {
      refused++;
      return Promise.reject(new Error('Stream isn\'t writeable and enableOfflineQueue options is false'));
    };
    const before = received.length;
    try {
      await h.as('officeA').post(`/api/tasks/${ids.t1}/reopen`, { reason: '复核发现问题' }).expect(200);
      await waitFor('the refused dispatch', async () => refused > 0);
    } finally {
      queue.addBulk = addBulk;
    }
    const [lead] = (await notices(ids.t1)).filter((n) => n.kind === 'task_reopen' && n.unit === 'A-SFJ');
    expect(lead.status).toBe('pending');
    expect(received).toHaveLength(before);
    expect(await dispatcher.enqueuePending()).toBeGreaterThan(0); // what the worker runs every minute
    await waitFor('the swept notice', async () => received.some((r) => r.id === lead.id));
    expect(received.filter((r) => r.id === lead.id)).toHaveLength(1);
  });

  it('refuses a channel setting that switches the inbox off, naming the field', async () => {
    const res = await h.as('officeA').put(`/api/jurisdictions/${h.org.units.countyA}/cadence-policy`,
      { notices: { submit: ['email'] } }).expect(400);
    expect(res.body).toMatchObject({ code: 'CADENCE_POLICY_INVALID', message: expect.stringContaining('notices.submit 应包含 inbox') });
    const policy = (await h.as('officeA').get(`/api/jurisdictions/${h.org.units.countyA}/cadence-policy`).expect(200)).body;
    expect(policy.effective.notices).toMatchObject({ return: ['inbox'], submit: ['inbox', 'email', 'webhook'] });
    expect(policy.noticeEvents).toContainEqual({ event: 'return', label: '退回', to: '牵头单位、分管领导' });
  });
});
