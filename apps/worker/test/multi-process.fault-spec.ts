import 'reflect-metadata';
import { ChildProcess, execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { get, IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import { ConnectionOptions, Queue } from 'bullmq';
import Redis from 'ioredis';
import { createDataSource, runMigrations } from '@app/database';
import { NotificationDispatcher } from '@app/notifications';
import { BEAT_NAMES, beatSchedulerId, DISPATCH_SCHEDULER_ID, QueueName, redisOptions } from '@app/queues';
import { BuiltApi, databaseUrl, freePort, startBuiltApi, TEST_REDIS_URL, uniqueName, withAdminClient } from '@app/testing';
import { countingWebhook, CountingWebhook, exited, expectEachDeliveredOnce, insertOutbox, sleep, spawnWorker, waitFor, WORKER_MAIN } from './built-worker';
import { cadenceContext, counts, insertTask, seedJurisdiction, Seed } from './cadence-fixture';

const API = join(__dirname, '..', '..', '..', 'dist', 'apps', 'api', 'src', 'main.js');
const NOTICES = 600;

/** The pids of a process's children (`ps --ppid`: this test's own processes only). */
const childPids = (pid: number): number[] => {
  try {
    return execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' }).split('\n').map(Number).filter((n) => n > 0);
  } catch {
    return []; // ps exits 1 when there are none
  }
};
/**
 * GET on a connection of its own (no keep-alive): node:cluster hands each new connection to the next child, so a
 * pooled connection would show one child only.
 */
const getFresh = (url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: IncomingHttpHeaders; body: any }> =>
  new Promise((resolve, reject) => {
    get(url, { agent: false, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => { text += d; });
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: text ? JSON.parse(text) : null }));
    }).on('error', reject);
  });
const alive = (pid: number) => { try { process.kill(pid, 0); return true; } catch { return false; } };

/**
 * API_PROCESSES=2 and WORKER_PROCESSES=3 on the built dist, against one fresh database and one Redis prefix of its
 * own: the API's children share PORT and one JWT secret, the worker's children share the notifications queue; a beat
 * and an outbox of notices are delivered to a loopback webhook receiver, each exactly once; a child that dies is
 * restarted by its primary, and SIGTERM to the primaries ends every child within the shutdown bound.
 */
describe('2 API and 3 worker processes on one PostgreSQL and one Redis', () => {
  const PREFIX = uniqueName('mp').replace(/_/g, '-');
  const DB = uniqueName('duban_mp');
  const ADMIN_PASSWORD = randomUUID();
  let ctx: Awaited<ReturnType<typeof cadenceContext>>;
  let seed: Seed;
  let hook: CountingWebhook;
  let env: Record<string, string>;
  let api: BuiltApi;
  let worker: ChildProcess;
  let workerPort: string;
  let output = '';

  const query = async <T = any>(sql: string, params: unknown[] = []): Promise<T[]> => ctx.ds.query(sql, params);
  const health = (): Promise<any> => getFresh(`http://127.0.0.1:${workerPort}/health`).then((r) => r.body, () => null);

  beforeAll(async () => {
    if (!existsSync(WORKER_MAIN) || !existsSync(API)) throw new Error('dist/apps is missing: run npm run build:server (npm run test:faults does)');
    await withAdminClient((c) => c.query(`CREATE DATABASE ${DB}`));
    const ds = await createDataSource(databaseUrl(DB)).initialize();
    await runMigrations(ds);
    await ds.destroy();
    hook = await countingWebhook(2);
    // delivery-only workers: their beats would run as of the machine's clock and add notices of their own
    env = { NODE_ENV: 'test', LOG_LEVEL: 'info', DATABASE_URL: databaseUrl(DB), REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: PREFIX,
      WEBHOOK_ALLOW_PRIVATE: 'true', WORKER_BEATS: 'false', NOTIFY_CONCURRENCY: '10', NOTIFY_BACKOFF_MS: '200' };
    ctx = await cadenceContext(env); // the producer side (the beat, the outbox's dispatcher) in this process
    const w = [{ kind: 'generic', url: hook.url }];
    seed = await seedJurisdiction(ctx.ds, {}, { a: w, b: w, c: w });
  });

  afterAll(async () => {
    for (const c of [worker, api?.process]) {
      if (!c || c.exitCode !== null || c.signalCode) continue;
      for (const pid of childPids(c.pid!)) process.kill(pid, 'SIGKILL');
      c.kill('SIGKILL');
    }
    await Promise.all([worker, api?.process].filter((c): c is ChildProcess => !!c).map(exited));
    await ctx?.app.close();
    const redis = new Redis(TEST_REDIS_URL);
    for (const key of await redis.keys(`${PREFIX}:*`)) await redis.del(key); // this suite's prefix only
    redis.disconnect();
    await hook?.close();
    await withAdminClient((c) => c.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`));
  });

  afterEach(() => {
    if (expect.getState().assertionCalls === 0 || process.env.FAULT_LOG) console.info(output.slice(-4000));
  });

  it('starts 2 API children behind one port: both answer, and a token one signed is good on the other', async () => {
    api = await startBuiltApi(API, env.DATABASE_URL, { REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: PREFIX },
      { API_PROCESSES: '2', ADMIN_PASSWORD });
    // /health answers once the first child listens; the second starts after it
    await waitFor('both API children listening', async () => childPids(api.process.pid!).length === 2 &&
      new Set(await Promise.all(Array.from({ length: 8 }, () => getFresh(`${api.base}/health/live`)
        .then((r) => r.headers['x-duban-process'], () => null)))).size === 2, 60_000);
    const token = await api.login('admin', ADMIN_PASSWORD);
    const seen = new Map<string, number>();
    for (let i = 0; i < 20; i++) {
      const res = await getFresh(`${api.base}/api/auth/me`, { authorization: `Bearer ${token}` });
      expect(res.status).toBe(200);
      expect(res.body.username).toBe('admin');
      const by = String(res.headers['x-duban-process']);
      seen.set(by, (seen.get(by) ?? 0) + 1);
    }
    expect(seen.size).toBe(2);
    expect(childPids(api.process.pid!)).toHaveLength(2);
    // the first child created the first admin alone, before the second started
    expect(await query(`SELECT count(*)::int AS n FROM app_user WHERE role = 'admin'`)).toEqual([{ n: 1 }]);
  });

  it('starts 3 worker children sharing WORKER_PORT; a beat and 600 notices are delivered by them, each exactly once', async () => {
    workerPort = String(await freePort());
    worker = spawnWorker({ ...env, WORKER_PORT: workerPort, WORKER_PROCESSES: '3' }, (text) => { output += text; });
    await waitFor('three worker children answering /health', async () => {
      const ids = new Set<number>();
      for (let i = 0; i < 12; i++) {
        const h = await health();
        if (h?.status === 'ok') ids.add(h.process.id);
      }
      return ids.size === 3;
    }, 60_000);
    expect((await health()).process.of).toBe(3);
    // each child's BullMQ worker is connected to the notifications queue
    await waitFor('three queue workers connected', async () => (await ctx.queue.getWorkers()).length === 3, 10_000);

    // 日交办 for three units (documents and notices made here), then an outbox of 600 notices, dispatched to the queue
    for (const unit of [seed.units.a, seed.units.b, seed.units.c]) {
      await insertTask(ctx.ds, seed, { unit, assignedAt: '2025-09-26T08:00:00+08:00', deadline: '2025-12-31' });
    }
    await ctx.runBeat.execute({ beat: 'daily-assign', at: new Date('2025-09-28T10:00:00+08:00') });
    const afterBeat = await counts(ctx.ds);
    await insertOutbox(ctx.ds, seed.jurisdiction, [seed.units.a, seed.units.b, seed.units.c], NOTICES, 'mp');
    const started = Date.now();
    await ctx.app.get(NotificationDispatcher).enqueuePending();
    const ids = await expectEachDeliveredOnce(ctx.ds, hook, NOTICES + 3, 90_000);
    const tookMs = Date.now() - started - 500;
    // every document once: the beat's one 交办单 per unit, and the workers made none of their own
    expect(await query(`SELECT kind, count(DISTINCT unit_id)::int AS units, count(*)::int AS n FROM supervision_document
      GROUP BY kind`)).toEqual([{ kind: 'assign_slip', units: 3, n: 3 }]);
    expect((await counts(ctx.ds)).documents).toBe(afterBeat.documents);
    expect((await health()).queues[QueueName.Notifications]).toMatchObject({ waiting: 0, active: 0, failed: 0 });
    console.info(JSON.stringify({ processes: { api: 2, worker: 3 }, notices: ids.length, deliveredMs: tookMs }));
  });

  it('restarts a worker child that dies, with its backoff logged', async () => {
    const [victim] = childPids(worker.pid!);
    process.kill(victim, 'SIGKILL');
    await waitFor('the restart logged', () => /restarted as pid \d+/.test(output), 20_000);
    expect(output).toMatch(new RegExp(`worker process \\d/3 \\(pid ${victim}\\) ended \\(SIGKILL\\).*restarting in 1 s \\(restart 1\\)`));
    await waitFor('three children again', () => childPids(worker.pid!).length === 3 && !childPids(worker.pid!).includes(victim), 10_000);
    await waitFor('three queue workers connected again', async () => (await ctx.queue.getWorkers()).length === 3, 30_000);
  });

  it('SIGTERM to each primary ends every child within the shutdown bound (WORKER_DRAIN_MS + 1 s)', async () => {
    const children = [...childPids(worker.pid!), ...childPids(api.process.pid!)];
    expect(children).toHaveLength(5);
    const signalled = Date.now();
    worker.kill('SIGTERM');
    api.process.kill('SIGTERM');
    expect(await Promise.all([exited(worker), exited(api.process)])).toEqual(['0', '0']);
    expect(Date.now() - signalled).toBeLessThan(9_000 + 1_000);
    expect(children.filter(alive)).toEqual([]);
    expect(output).toMatch(/SIGTERM: every worker process ended in \d+ ms/);
  });
  it('runs 3 workers with their beats on: one scheduler per beat, today\'s beats caught up once, their notices sent once', async () => {
    const cadence = new Queue(QueueName.Cadence, { connection: redisOptions(TEST_REDIS_URL, 'producer') as ConnectionOptions, prefix: PREFIX });
    try {
      const sentBefore = new Set(hook.received.keys());
      workerPort = String(await freePort());
      worker = spawnWorker({ ...env, WORKER_BEATS: 'true', WORKER_PORT: workerPort, WORKER_PROCESSES: '3' }, (text) => { output += text; });
      await waitFor('three queue workers connected', async () => (await ctx.queue.getWorkers()).length === 3, 60_000);
      const expected = [DISPATCH_SCHEDULER_ID, ...BEAT_NAMES.map(beatSchedulerId)].sort();
      await waitFor('every beat scheduled', async () => (await cadence.getJobSchedulersCount()) === expected.length, 30_000);
      // three processes racing to register and catch up: settle until nothing is pending and the counts hold still
      let last = '';
      await waitFor('the catch-up settled', async () => {
        const now = JSON.stringify([await counts(ctx.ds), (await query(`SELECT count(*)::int AS n FROM notification
          WHERE status = 'pending'`))[0].n]);
        const settled = now === last && JSON.parse(now)[1] === 0;
        last = now;
        if (!settled) await sleep(1_500);
        return settled;
      }, 60_000);
      expect((await cadence.getJobSchedulers(0, -1)).map((j) => j.key).sort()).toEqual(expected);
      // one next run per scheduler: a doubled registration would leave two
      const next = (await cadence.getDelayed(0, -1)).map((j) => j.repeatJobKey);
      expect(next.filter((key, i) => next.indexOf(key) !== i)).toEqual([]);
      // whatever today's catch-up wrote, once: one run per beat and period, and each new notice meant for a webhook
      // (the kinds whose channels include it: an assessment goes to the inbox and e-mail only) sent once, and delivered
      expect(await query(`SELECT beat, period, count(*)::int AS n FROM beat_run GROUP BY 1, 2, jurisdiction_id
        HAVING count(*) > 1`)).toEqual([]);
      const hooked = (await query<{ id: string }>(`SELECT n.id FROM notification n JOIN unit u ON u.id = n.recipient_unit_id
        WHERE n.recipient_user_id IS NULL AND jsonb_array_length(u.webhooks) > 0 AND 'webhook' = ANY (n.channels)`))
        .map((r) => r.id).filter((id) => !sentBefore.has(id));
      expect(hooked.filter((id) => hook.received.get(id) !== 1)).toEqual([]);
      expect(await query(`SELECT status, count(*)::int AS n FROM notification GROUP BY 1`)).toEqual([{ status: 'delivered',
        n: expect.any(Number) }]);
      console.info(JSON.stringify({ caughtUp: await query(`SELECT beat, period, outcome FROM beat_run WHERE as_of > now() - interval '1 hour'`),
        newNoticesWithWebhook: hooked.length }));
      worker.kill('SIGTERM');
      expect(await exited(worker)).toBe('0');
    } finally {
      await cadence.close();
    }
  });
});
