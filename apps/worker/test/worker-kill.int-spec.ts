import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import Redis from 'ioredis';
import { SMTPServer } from 'smtp-server';
import { createTestDatabase, TEST_REDIS_URL, TestDatabase, uniqueName } from '@app/testing';
import { cadenceContext, seedJurisdiction } from './cadence-fixture';

const WORKER = join(__dirname, '..', '..', '..', 'dist', 'apps', 'worker', 'src', 'main.js');
const BATCH = 300;
const KILL_AFTER = 100; // webhook deliveries received when the worker is killed
const CONCURRENCY = 20;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const waitFor = async (what: string, check: () => Promise<boolean> | boolean, ms: number) => {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
};

/**
 * The delivery guarantees (docs/cadence.md) on the built worker: SIGKILL a worker process in the middle of delivering
 * a batch, start a fresh one, and count at real loopback receivers what arrived. Every notification arrives at each
 * receiver; a duplicate is possible only for a send that was in flight (claimed, not yet recorded) at the kill, and
 * carries the same id.
 */
describe('a worker killed with SIGKILL mid-delivery (child processes, real SMTP and webhook receivers)', () => {
  let db: TestDatabase;
  let ctx: Awaited<ReturnType<typeof cadenceContext>>;
  let smtp: SMTPServer;
  let hook: Server;
  let env: Record<string, string>;
  const children: ChildProcess[] = [];
  const mails = new Map<string, number>();
  const hooks = new Map<string, number>();
  const mismatched: string[] = []; // a copy whose ids disagree (Message-ID vs header, body vs header)
  let onHook: (() => void) | null = null;

  const count = (m: Map<string, number>, id: string) => m.set(id, (m.get(id) ?? 0) + 1);
  const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  const startWorker = () => {
    const child = spawn(process.execPath, [WORKER], { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (d) => { stderr += d; });
    child.on('exit', (code, signal) => { if (code) console.error(`worker exited ${code}: ${stderr}`); void signal; });
    children.push(child);
    return child;
  };
  const exited = (child: ChildProcess) => new Promise<string>((resolve) => {
    if (child.exitCode !== null || child.signalCode) resolve(String(child.signalCode ?? child.exitCode));
    else child.once('exit', (code, signal) => resolve(String(signal ?? code)));
  });

  beforeAll(async () => {
    if (!existsSync(WORKER)) throw new Error(`${WORKER} is missing: run npm run build (npm test builds first)`);
    db = await createTestDatabase();
    smtp = new SMTPServer({ authOptional: true, disabledCommands: ['STARTTLS'], logger: false,
      onData(stream, _session, cb) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString();
          const id = /^X-Duban-Notification:\s*(\S+)/im.exec(raw)?.[1] ?? 'missing';
          if (/^Message-ID:\s*<(\S+)@duban>/im.exec(raw)?.[1] !== id) mismatched.push(`mail ${id}`);
          count(mails, id);
          setTimeout(() => cb(), 15);
        });
      } });
    smtp.on('error', () => undefined); // the killed worker's connections reset
    await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', () => r()));
    hook = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('error', () => undefined);
      res.on('error', () => undefined);
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const id = String(req.headers['x-duban-delivery']);
        if (JSON.parse(Buffer.concat(chunks).toString()).id !== id) mismatched.push(`hook ${id}`);
        count(hooks, id);
        onHook?.();
        setTimeout(() => res.writeHead(200).end('ok'), 15); // received, not yet answered: the worker has not recorded it
      });
    });
    hook.on('clientError', (_err, socket) => socket.destroy());
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', () => r()));

    env = { NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: uniqueName('kill'),
      WORKER_PORT: '0', WORKER_BEATS: 'false', SMTP_URL: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`, WEBHOOK_ALLOW_PRIVATE: 'true',
      NOTIFY_CONCURRENCY: String(CONCURRENCY), NOTIFY_BACKOFF_MS: '200', NOTIFY_LEASE_MS: '3000' };
    ctx = await cadenceContext(env);
    const url = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`;
    const w = [{ kind: 'generic', url, secret: 'kill-test' }];
    const s = await seedJurisdiction(ctx.ds, { a: ['a@example.gov.cn'], b: ['b@example.gov.cn'], c: ['c@example.gov.cn'] },
      { a: w, b: w, c: w });
    // the outbox as a beat leaves it: pending rows, one e-mail and one webhook each
    await ctx.ds.query(`INSERT INTO notification (dedup_key, kind, jurisdiction_id, recipient_unit_id, period, title, body, created_at)
      SELECT 'urge|kill|' || g, 'urge', $1, ($2::uuid[])[1 + g % 3], '2025-09-22', '催办单 第' || g || '号', '请抓紧办理。',
             now() + g * interval '1 microsecond'
        FROM generate_series(1, ${BATCH}) g`, [s.jurisdiction, [s.units.a, s.units.b, s.units.c]]);
  });
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && !c.signalCode) c.kill('SIGKILL');
    await Promise.all(children.map(exited));
    await ctx?.queue.obliterate({ force: true });
    await ctx?.app.close();
    // the children also registered the cadence queue's schedulers: remove every key under this file's prefix
    if (env) {
      const redis = new Redis(TEST_REDIS_URL);
      for (let cursor = '0'; ;) {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${env.QUEUE_PREFIX}:*`, 'COUNT', 1000);
        if (keys.length) await redis.del(...keys);
        if ((cursor = next) === '0') break;
      }
      redis.disconnect();
    }
    await new Promise<void>((r) => (smtp ? smtp.close(() => r()) : r()));
    await new Promise<void>((r) => (hook ? hook.close(() => r()) : r()));
    await db?.drop();
  });

  it('delivers every notification to each receiver after a restart, duplicates only for sends in flight at the kill', async () => {
    const ids: string[] = (await ctx.ds.query(`SELECT id FROM notification`)).map((r: { id: string }) => r.id);
    const first = startWorker();
    onHook = () => { if (total(hooks) >= KILL_AFTER) { onHook = null; first.kill('SIGKILL'); } };
    expect(await exited(first)).toBe('SIGKILL');

    // what the dead worker had claimed but not recorded: the only sends that may arrive twice
    const inFlight: Array<{ id: string; channel: string }> = await ctx.ds.query(`SELECT notification_id::text AS id, channel
      FROM notification_delivery WHERE status = 'sending'`);
    const [{ left }] = await ctx.ds.query(`SELECT count(*)::int AS left FROM notification WHERE status = 'pending'`);
    expect(total(hooks)).toBeGreaterThanOrEqual(KILL_AFTER);
    expect(left).toBeGreaterThan(0); // killed mid-batch, not after it
    expect(inFlight.length).toBeLessThanOrEqual(CONCURRENCY);

    const second = startWorker();
    await waitFor('the outbox to drain', async () => (await ctx.ds.query(
      `SELECT count(*)::int AS n FROM notification WHERE status <> 'delivered'`))[0].n === 0, 40_000);
    second.kill('SIGTERM');
    await exited(second);

    for (const [name, received, channel] of [['smtp', mails, 'email'], ['webhook', hooks, 'generic']] as const) {
      const missing = ids.filter((id) => !received.has(id));
      expect({ name, missing }).toEqual({ name, missing: [] });
      expect(received.size).toBe(BATCH); // deduplicated by the id header, each arrived exactly once
      const dups = [...received.entries()].filter(([, n]) => n > 1).map(([id, n]) => ({ id, extra: n - 1 }));
      const claimed = new Set(inFlight.filter((f) => f.channel === channel).map((f) => f.id));
      expect({ name, outsideInFlight: dups.filter((d) => !claimed.has(d.id)) }).toEqual({ name, outsideInFlight: [] });
      expect(dups.every((d) => d.extra === 1)).toBe(true);
      expect([...received.keys()].filter((id) => !ids.includes(id))).toEqual([]);
    }
    expect(mismatched).toEqual([]);
    if (process.env.KILL_TEST_REPORT) console.info(JSON.stringify({ inFlight: inFlight.length, leftAtKill: left,
      dupMails: total(mails) - mails.size, dupHooks: total(hooks) - hooks.size }));
    const [{ n }] = await ctx.ds.query(`SELECT count(*)::int AS n FROM notification_delivery WHERE status <> 'sent'`);
    expect(n).toBe(0);
  });
});
