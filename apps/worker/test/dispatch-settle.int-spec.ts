import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { ConnectionOptions, Worker } from 'bullmq';
import { NotificationDeliveryService, NotificationDispatcher } from '@app/notifications';
import { QueueName, redisOptions } from '@app/queues';
import { createTestDatabase, TEST_REDIS_URL, TestDatabase, uniqueName } from '@app/testing';
import { cadenceContext, insertTask, Seed, seedJurisdiction } from './cadence-fixture';

const at = (date: string) => new Date(`${date}T10:30:00+08:00`);
const waitFor = async (what: string, check: () => Promise<boolean>, ms = 20_000) => {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

/**
 * Inbox-only notices (no outside target given the channels, the unit's e-mails and webhooks, and whether SMTP is
 * configured) are delivered by the dispatcher in bulk when the beat dispatches them, without a queue job; the others
 * keep going through the delivery queue.
 */
describe('dispatch settles inbox-only notices without a job (real PostgreSQL and Redis)', () => {
  let db: TestDatabase;
  let plain: Awaited<ReturnType<typeof cadenceContext>>; // no SMTP_URL
  let smtp: Awaited<ReturnType<typeof cadenceContext>>; // SMTP_URL set (nothing listens: no worker sends here)
  let s: Seed;
  let hook: Server;
  const calls: IncomingHttpHeaders[] = [];
  let hookUrl = '';

  beforeAll(async () => {
    db = await createTestDatabase();
    const prefix = uniqueName('ds');
    plain = await cadenceContext({ DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: prefix, WEBHOOK_ALLOW_PRIVATE: 'true' });
    smtp = await cadenceContext({ DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: prefix,
      SMTP_URL: 'smtp://127.0.0.1:9', WEBHOOK_ALLOW_PRIVATE: 'true' });
    s = await seedJurisdiction(plain.ds, { a: ['sfj@example.gov.cn'] });
    hook = createServer((req, res) => { calls.push(req.headers); req.resume(); req.on('end', () => res.writeHead(200).end('ok')); });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', () => r()));
    hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`;
  });
  afterAll(async () => {
    await plain?.queue.obliterate({ force: true });
    await plain?.app.close();
    await smtp?.app.close();
    await new Promise<void>((r) => (hook ? hook.close(() => r()) : r()));
    await db?.drop();
  });

  const notices = (unit: string) => plain.ds.query(`SELECT n.id, n.status, n.attempts, n.delivered_at IS NOT NULL AS delivered,
    (SELECT array_agg(channel || ':' || status ORDER BY channel) FROM notification_delivery d WHERE d.notification_id = n.id) AS deliveries
    FROM notification n WHERE n.recipient_unit_id = $1 ORDER BY n.created_at, n.id`, [unit]);
  const job = (id: string) => plain.queue.getJob(`n-${id}`);

  it('delivers a notice for a unit without e-mail or webhook at dispatch: delivered, inbox recorded, no job', async () => {
    await insertTask(plain.ds, s, { unit: s.units.b, assignedAt: '2025-09-26T08:00:00+08:00', deadline: '2025-12-31' });
    const summary = await plain.runBeat.execute({ beat: 'daily-assign', at: at('2025-09-28') });
    expect(summary.notifications.created).toBe(1);
    const [n] = await notices(s.units.b);
    expect(n).toMatchObject({ status: 'delivered', attempts: 1, delivered: true, deliveries: ['inbox:sent'] });
    expect(await job(n.id)).toBeUndefined();
    expect(await plain.queue.getJobCounts('waiting', 'delayed', 'active')).toEqual({ waiting: 0, delayed: 0, active: 0 });
  });

  it('does not send a notice delivered before its unit added a webhook; the next notice goes to the webhook once', async () => {
    const [old] = await notices(s.units.b);
    await plain.ds.query(`UPDATE unit SET webhooks = $2 WHERE id = $1`,
      [s.units.b, JSON.stringify([{ kind: 'generic', url: hookUrl, secret: 'later' }])]);
    expect(await plain.app.get(NotificationDeliveryService).deliver(old.id, 1, 5)).toBe('not-pending'); // a stray job does nothing
    const delivery = plain.app.get(NotificationDeliveryService);
    const worker = new Worker(QueueName.Notifications, (j) => delivery.deliver(j.data.notificationId, j.attemptsMade + 1, 5),
      { connection: redisOptions(TEST_REDIS_URL, 'worker') as ConnectionOptions, prefix: plain.config.queuePrefix });
    try {
      await insertTask(plain.ds, s, { unit: s.units.b, assignedAt: '2025-09-28T15:00:00+08:00', deadline: '2025-12-31' });
      await plain.runBeat.execute({ beat: 'daily-assign', at: at('2025-09-29') });
      const [, fresh] = await notices(s.units.b);
      await waitFor('the new notice to be delivered', async () => (await notices(s.units.b))[1].status === 'delivered');
      expect(calls.map((h) => h['x-duban-delivery'])).toEqual([fresh.id]);
      expect((await notices(s.units.b))[1].deliveries).toEqual(['generic:sent', 'inbox:sent']);
      expect((await notices(s.units.b))[0]).toMatchObject({ status: 'delivered', deliveries: ['inbox:sent'] });
    } finally {
      await worker.close();
    }
  });

  it('settles a notice for a unit with e-mail addresses while SMTP is not configured, and queues it when it is', async () => {
    await insertTask(plain.ds, s, { unit: s.units.a, assignedAt: '2025-09-29T15:00:00+08:00', deadline: '2025-12-31' });
    await plain.runBeat.execute({ beat: 'daily-assign', at: at('2025-09-30') });
    const [first] = await notices(s.units.a);
    expect(first).toMatchObject({ status: 'delivered', deliveries: ['inbox:sent'] });
    expect(await job(first.id)).toBeUndefined();

    await insertTask(plain.ds, s, { unit: s.units.a, assignedAt: '2025-09-30T15:00:00+08:00', deadline: '2025-12-31' });
    await smtp.runBeat.execute({ beat: 'daily-assign', at: at('2025-10-09') }); // the next working day after National Day
    const [, second] = await notices(s.units.a);
    expect(second).toMatchObject({ status: 'pending', attempts: 0, delivered: false, deliveries: null });
    expect((await job(second.id))?.data).toEqual({ notificationId: second.id });
  });

  it('re-enqueues a pending outbox written in one statement once per pass, however many rows share a millisecond', async () => {
    // what a beat leaves: many rows with the same created_at (one transaction's now()) and microseconds in it
    await smtp.ds.query(`INSERT INTO notification (dedup_key, kind, jurisdiction_id, recipient_unit_id, period, title, body, created_at)
      SELECT 'urge|same-ms|' || g, 'urge', $1, $2, '2025-10-09', '催办单', '请抓紧办理。', '2025-10-09 09:00:00.123456+08'
        FROM generate_series(1, 30) g`, [s.jurisdiction, s.units.a]);
    const [{ pending }] = await smtp.ds.query(`SELECT count(*)::int AS pending FROM notification WHERE status = 'pending'`);
    // nothing delivers them here: a cursor that fell behind the rows would read them again until the test times out
    const enqueued = await Promise.race([smtp.app.get(NotificationDispatcher).enqueuePending(),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('enqueuePending kept reading the same rows')), 10_000))]);
    expect(enqueued).toBe(pending);
  });
});
