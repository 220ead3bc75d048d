import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';
import { AppConfig } from '@app/config';
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

describe('delivery through the worker (real SMTP and webhook receivers on loopback)', () => {
  let db: TestDatabase;
  let smtp: SMTPServer | null = null;
  let hook: Server;
  let worker: INestApplicationContext;
  let ctx: Awaited<ReturnType<typeof cadenceContext>>;
  const mails: Array<{ to: string; subject: string; id: string }> = [];
  let hookCalls = 0;
  let smtpPort = 0;

  const startSmtp = () => new Promise<void>((resolve) => {
    smtp = new SMTPServer({ authOptional: true, disabledCommands: ['STARTTLS'], logger: false,
      onData(stream, session, cb) {
        simpleParser(stream).then((m) => {
          mails.push({ to: session.envelope.rcptTo.map((r) => r.address).join(','), subject: m.subject ?? '',
            id: String(m.headers.get('x-duban-notification')) });
          cb();
        }, cb);
      } });
    smtp.listen(smtpPort, '127.0.0.1', () => resolve());
  });

  beforeAll(async () => {
    db = await createTestDatabase();
    await startSmtp(); // take a port, then close it: the receiver is down when delivery starts
    smtpPort = ((smtp as any).server.address() as AddressInfo).port;
    await new Promise<void>((r) => smtp!.close(() => r()));
    smtp = null;
    hook = createServer((req, res) => { hookCalls++; req.resume(); res.writeHead(500).end('boom'); });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', () => r()));
    // a delivery-only worker: beats caught up as of the real clock would add notices of their own
    const env = { DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: uniqueName('dl'), WORKER_PORT: '0', WORKER_BEATS: 'false',
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, WEBHOOK_ALLOW_PRIVATE: 'true', NOTIFY_ATTEMPTS: '5', NOTIFY_BACKOFF_MS: '150' };
    ctx = await cadenceContext(env);
    const s = await seedJurisdiction(ctx.ds, { a: ['sfj@example.gov.cn'] },
      { b: [{ kind: 'generic', url: `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`, secret: 's3cret' }] });
    await insertTask(ctx.ds, s, { unit: s.units.a, assignedAt: '2025-09-26T08:00:00+08:00', deadline: '2025-12-31' });
    await insertTask(ctx.ds, s, { unit: s.units.b, assignedAt: '2025-09-26T08:00:00+08:00', deadline: '2025-12-31' });
    await ctx.runBeat.execute({ beat: 'daily-assign', at: new Date('2025-09-28T10:00:00+08:00') });
    worker = await NestFactory.createApplicationContext(WorkerModule.register(AppConfig.fromEnv({ NODE_ENV: 'test',
      LOG_LEVEL: 'silent', ...env })), { logger: false });
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

  const row = async (unitCode: string) => (await ctx.ds.query(`SELECT n.id, n.status, n.attempts, n.last_error FROM notification n
    JOIN unit u ON u.id = n.recipient_unit_id WHERE u.code = $1`, [unitCode]))[0];

  it('retries e-mail while the SMTP receiver is down and delivers it once, when it is back', async () => {
    await waitFor('a failed e-mail attempt', async () => (await row('J-A')).attempts >= 1);
    expect((await row('J-A')).status).toBe('pending');
    await startSmtp();
    await waitFor('delivery', async () => (await row('J-A')).status === 'delivered');
    const n = await row('J-A');
    expect(mails).toEqual([{ to: 'sfj@example.gov.cn', subject: expect.stringMatching(/^交办单 甲法治办交办〔2025〕\d号/), id: n.id }]);
    const channels = await ctx.ds.query(`SELECT channel, status FROM notification_delivery WHERE notification_id = $1 ORDER BY channel`, [n.id]);
    expect(channels).toEqual([{ channel: 'email', status: 'sent' }, { channel: 'inbox', status: 'sent' }]);
  });

  it('marks a notification dead after the last attempt when its webhook answers 500, with the error recorded', async () => {
    await waitFor('dead', async () => (await row('J-B')).status === 'dead');
    const n = await row('J-B');
    expect(n).toMatchObject({ attempts: 5, last_error: expect.stringContaining('HTTP 500') });
    expect(hookCalls).toBe(5);
    const [d] = await ctx.ds.query(`SELECT status, attempts, last_error FROM notification_delivery WHERE notification_id = $1
      AND channel = 'generic'`, [n.id]);
    expect(d).toMatchObject({ status: 'failed', attempts: 5, last_error: 'HTTP 500: boom' });
  });
});
