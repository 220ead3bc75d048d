import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { SMTPServer } from 'smtp-server';
import { AppConfig } from '@app/config';
import { notificationJobId } from '@app/queues';
import { FixedClock } from '@app/domain';
import { createTestDatabase, TEST_REDIS_URL, TestDatabase, uniqueName } from '@app/testing';
import { WorkerModule } from '../src/worker.module';
import { cadenceContext, insertTask, seedJurisdiction } from './cadence-fixture';

const waitFor = async (what: string, check: () => Promise<boolean>, ms = 30_000) => {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
};

// WEBHOOK_ALLOW_PRIVATE=false, webhooks at IPv4-mapped spellings of the loopback receiver's address
describe('a refused webhook target through the worker (private targets not allowed)', () => {
  let db: TestDatabase;
  let smtp: SMTPServer | null = null;
  let hook: Server;
  let worker: INestApplicationContext;
  let ctx: Awaited<ReturnType<typeof cadenceContext>>;
  let smtpPort = 0;
  let hookConnections = 0;
  const mails: string[] = [];

  const startSmtp = () => new Promise<void>((resolve) => {
    smtp = new SMTPServer({ authOptional: true, disabledCommands: ['STARTTLS'], logger: false,
      onData(stream, session, cb) {
        mails.push(session.envelope.rcptTo.map((r) => r.address).join(','));
        stream.resume();
        stream.on('end', () => cb());
      } });
    smtp.listen(smtpPort, '127.0.0.1', () => resolve());
  });

  beforeAll(async () => {
    db = await createTestDatabase();
    await startSmtp(); // take a port, then close it: e-mail fails until the receiver is back
    smtpPort = ((smtp as any).server.address() as AddressInfo).port;
    await new Promise<void>((r) => smtp!.close(() => r()));
    smtp = null;
    hook = createServer((req, res) => { req.resume(); res.end('ok'); });
    hook.on('connection', () => hookConnections++);
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', () => r()));
    const port = (hook.address() as AddressInfo).port;
    const env = { DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: uniqueName('dr'), WORKER_PORT: '0',
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, WEBHOOK_ALLOW_PRIVATE: 'false', NOTIFY_ATTEMPTS: '5', NOTIFY_BACKOFF_MS: '150' };
    ctx = await cadenceContext(env);
    const s = await seedJurisdiction(ctx.ds, { a: ['sfj@example.gov.cn'] }, {
      a: [{ kind: 'dingtalk', url: `http://[::ffff:127.0.0.1]:${port}/robot/send?access_token=t` }],
      b: [{ kind: 'generic', url: `http://[::ffff:7f00:1]:${port}/hook` }],
    });
    await insertTask(ctx.ds, s, { unit: s.units.a, assignedAt: '2025-09-26T08:00:00+08:00', deadline: '2025-12-31' });
    await insertTask(ctx.ds, s, { unit: s.units.b, assignedAt: '2025-09-26T08:00:00+08:00', deadline: '2025-12-31' });
    await ctx.runBeat.execute({ beat: 'daily-assign', at: new Date('2025-09-28T10:00:00+08:00') });
    // the worker's catch-up runs the beats due at its clock: a morning of the scenario before any beat's time, not the
    // machine's day (on a real Monday after 09:00 the weekly reminders would add mails of their own)
    worker = await NestFactory.createApplicationContext(WorkerModule.register(AppConfig.fromEnv({ NODE_ENV: 'test',
      LOG_LEVEL: 'silent', ...env }), new FixedClock(new Date('2025-09-28T08:30:00+08:00'))), { logger: false });
    await worker.init();
  });
  afterAll(async () => {
    await worker?.close();
    await ctx?.queue.obliterate({ force: true });
    await ctx?.app.close();
    await new Promise<void>((r) => (smtp ? smtp.close(() => r()) : r()));
    await new Promise<void>((r) => hook.close(() => r()));
    await db?.drop();
  });

  const row = async (unitCode: string) => (await ctx.ds.query(`SELECT n.id, n.status, n.attempts, n.last_error
    FROM notification n JOIN unit u ON u.id = n.recipient_unit_id WHERE u.code = $1 AND n.recipient_user_id IS NULL`,
  [unitCode]))[0];
  const deliveries = async (id: string) => ctx.ds.query(`SELECT channel, status, attempts, last_error FROM notification_delivery
    WHERE notification_id = $1 ORDER BY channel`, [id]);

  it('attempts a notification whose only target is refused once, records it refused and ends it dead, without retries', async () => {
    await waitFor('dead', async () => (await row('J-B')).status === 'dead');
    const n = await row('J-B');
    await waitFor('the job to fail', async () => (await ctx.queue.getJob(notificationJobId({ notificationId: n.id })))
      ?.finishedOn !== undefined);
    await new Promise((r) => setTimeout(r, 1_000)); // several backoff periods: a retry would have happened by now
    const job = await ctx.queue.getJob(notificationJobId({ notificationId: n.id }));
    expect(await job!.getState()).toBe('failed');
    expect(job!.attemptsMade).toBe(1);
    expect(await row('J-B')).toEqual({ id: n.id, status: 'dead', attempts: 1,
      last_error: expect.stringMatching(/^generic http:\/\/\[::ffff:7f00:1\]:\d+\/hook: 拒绝访问内网或本机地址 ::ffff:7f00:1（ipv4Mapped:loopback，SSRF 防护）$/) });
    expect(await deliveries(n.id)).toEqual([
      { channel: 'generic', status: 'refused', attempts: 1, last_error: expect.stringContaining('SSRF') },
      { channel: 'inbox', status: 'sent', attempts: 1, last_error: null },
    ]);
    expect(hookConnections).toBe(0);
  });

  it('keeps retrying the other targets of the notification, and ends it dead with the refusal once they are sent', async () => {
    await waitFor('a second attempt', async () => (await row('J-A')).attempts >= 2);
    expect((await row('J-A')).status).toBe('pending');
    await startSmtp();
    await waitFor('the end', async () => (await row('J-A')).status !== 'pending');
    const n = await row('J-A');
    expect(n).toMatchObject({ status: 'dead', last_error: expect.stringMatching(/^dingtalk http:\/\/\[::ffff:7f00:1\]:\d+\/robot\/send: 拒绝访问/) });
    expect(n.last_error).not.toContain('access_token'); // the robot's token stays out of the record
    expect(mails).toEqual(['sfj@example.gov.cn']);
    expect(await deliveries(n.id)).toEqual([
      { channel: 'dingtalk', status: 'refused', attempts: 1, last_error: expect.stringContaining('SSRF') },
      { channel: 'email', status: 'sent', attempts: n.attempts, last_error: null },
      { channel: 'inbox', status: 'sent', attempts: 1, last_error: null },
    ]);
    expect(hookConnections).toBe(0);
  });
});
