import 'reflect-metadata';
import { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { createDataSource, runMigrations } from '@app/database';
import { businessDate } from '@app/domain';
import { NotificationDispatcher } from '@app/notifications';
import { QueueName } from '@app/queues';
import { OwnPostgres, OwnRedis, startOwnPostgres, startOwnRedis } from '@app/testing';
import { countingWebhook, CountingWebhook, exited, insertOutbox, sleep, spawnWorker, waitFor, WORKER_MAIN } from './built-worker';
import { cadenceContext, insertTask, seedJurisdiction, Seed } from './cadence-fixture';

/**
 * RELIABILITY F4 and F6 against the built worker process, on a PostgreSQL and a Redis of this suite's own: Redis loses
 * its data (FLUSHALL; a restart without persistence) while the worker runs, and the worker is stopped with SIGTERM in
 * the middle of a delivery. What is counted: the job schedulers in Redis, every notification at a loopback webhook
 * receiver, beat runs and documents in PostgreSQL.
 */
describe('Redis losing its data, and SIGTERM, under a running worker', () => {
  let pg: OwnPostgres;
  let redis: OwnRedis;
  let ctx: Awaited<ReturnType<typeof cadenceContext>>;
  let seed: Seed;
  let hook: CountingWebhook;
  let env: Record<string, string>;
  let inspect: Redis;
  let cadenceQueue: Queue;
  const children: ChildProcess[] = [];
  let stderr = '';

  const startWorker = (extra: Record<string, string> = {}) => {
    const child = spawnWorker({ ...env, ...extra }, (text) => { stderr += text; });
    children.push(child);
    return child;
  };
  const health = async (port: string): Promise<any> => fetch(`http://127.0.0.1:${port}/health`).then((r) => r.json(), () => null);
  const schedulers = async () => (await cadenceQueue.getJobSchedulers(0, -1)).length;
  const query = async <T = any>(sql: string, params: unknown[] = []): Promise<T[]> => ctx.ds.query(sql, params);
  const pendingCount = async () => (await query(`SELECT count(*)::int AS n FROM notification WHERE status <> 'delivered'`))[0].n;
  const outbox = (n: number, label: string) => insertOutbox(ctx.ds, seed.jurisdiction, [seed.units.a, seed.units.b], n, label);
  const delivered = (ids: string[]) => ids.every((id) => hook.received.has(id));

  beforeAll(async () => {
    if (!existsSync(WORKER_MAIN)) throw new Error(`${WORKER_MAIN} is missing: run npm run build:server (npm run test:faults does)`);
    [pg, redis] = await Promise.all([startOwnPostgres(), startOwnRedis()]);
    const url = await pg.createDatabase('duban_faults');
    const ds = await createDataSource(url).initialize();
    await runMigrations(ds);
    await ds.destroy();
    hook = await countingWebhook();
    env = { NODE_ENV: 'test', LOG_LEVEL: 'info', DATABASE_URL: url, REDIS_URL: redis.url, QUEUE_PREFIX: 'faults',
      WORKER_PORT: '0', WEBHOOK_ALLOW_PRIVATE: 'true', NOTIFY_CONCURRENCY: '10', NOTIFY_BACKOFF_MS: '200' };
    ctx = await cadenceContext(env);
    const w = [{ kind: 'generic', url: hook.url }];
    seed = await seedJurisdiction(ctx.ds, {}, { a: w, b: w });
    await insertTask(ctx.ds, seed, { unit: seed.units.a, assignedAt: '2026-01-05T09:00:00+08:00', deadline: '2026-02-27' });
    inspect = redis.client();
    cadenceQueue = new Queue(QueueName.Cadence, { connection: { host: '127.0.0.1', port: redis.port }, prefix: 'faults' });
  });

  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && !c.signalCode) c.kill('SIGKILL');
    await Promise.all(children.map(exited));
    await cadenceQueue?.close();
    await ctx?.app.close();
    await hook?.close();
    await redis?.destroy();
    await pg?.destroy();
  });

  afterEach(() => {
    if (expect.getState().assertionCalls === 0 || process.env.FAULT_LOG) console.info(stderr.slice(-4000));
    stderr = '';
  });

  it('FLUSHALL: schedulers back within 10 s, the outbox drained, a beat missed meanwhile run exactly once', async () => {
    const port = String(30_000 + Math.floor(Math.random() * 20_000));
    const worker = startWorker({ WORKER_PORT: port });
    await waitFor('the worker to register its schedulers', async () => (await schedulers()) === 6, 30_000);
    // Redis is lost after the worker has seen its state: on a busy machine the first check can come after the
    // schedulers, and a flush before it looks like a first start (rebuilt as well, but rightly without the alarm)
    await waitFor('the worker\'s first check', async () => (await health(port))?.reconciler?.lastCheckAt != null, 30_000);
    hook.delayMs = 20; // slow enough that the flush lands mid-delivery
    const ids = await outbox(300, 'flush');
    await ctx.app.get(NotificationDispatcher).enqueuePending();
    await waitFor('delivery to start', () => hook.received.size > 20, 20_000);

    // the flush makes escalation due today for this county (a working day at 00:00 by local override), with no scheduler
    // left to fire it: only the catch-up from beat_run can run it
    const today = businessDate(new Date());
    await query(`INSERT INTO working_day_override (jurisdiction_id, day, is_working, note) VALUES ($1, $2, true, '故障测试')
      ON CONFLICT (jurisdiction_id, day) DO UPDATE SET is_working = true`, [seed.jurisdiction, today]);
    await query(`INSERT INTO cadence_policy (jurisdiction_id, policy) VALUES ($1, $2)`,
      [seed.jurisdiction, { times: { escalate: '00:00' } }]);
    await inspect.flushall();
    const back = await waitFor('the schedulers to come back', async () => (await schedulers()) === 6, 10_000);
    await waitFor('the outbox to drain', async () => (await pendingCount()) === 0 && delivered(ids), 60_000);
    const body = await health(port);
    expect(body.reconciler.redisDataLostAt).toEqual(expect.any(String));
    expect(stderr).toContain('REDIS_DATA_LOST');

    const runs = await query(`SELECT period, outcome FROM beat_run WHERE jurisdiction_id = $1 AND beat = 'escalate' AND period = $2`,
      [seed.jurisdiction, today]);
    expect(runs).toEqual([{ period: today, outcome: 'done' }]);
    // once: another flush and a restart of the worker find the run in beat_run and do it no second time
    await inspect.flushall();
    await waitFor('the schedulers to come back again', async () => (await schedulers()) === 6, 10_000);
    worker.kill('SIGTERM');
    expect(await exited(worker)).toBe('SIGTERM');
    const again = startWorker({ WORKER_PORT: port });
    await waitFor('the restarted worker to check', async () => (await health(port))?.reconciler?.lastCheckAt != null, 30_000);
    again.kill('SIGTERM');
    await exited(again);
    expect(await query(`SELECT count(*)::int AS n FROM beat_run WHERE jurisdiction_id = $1 AND beat = 'escalate' AND period = $2`,
      [seed.jurisdiction, today])).toEqual([{ n: 1 }]);
    expect(ids.filter((id) => !hook.received.has(id))).toEqual([]);
    expect(stderr.match(/Missing key/g)?.length ?? 0).toBeLessThanOrEqual(2); // one line per kind, not a stack per job
    console.info(JSON.stringify({ fault: 'FLUSHALL', schedulersBackMs: back, notifications: ids.length,
      duplicates: ids.filter((id) => hook.received.get(id)! > 1).length }));
  });

  it('Redis restarted without persistence: the worker reconnects, rebuilds the schedulers and drains the outbox', async () => {
    const worker = startWorker();
    await waitFor('the schedulers', async () => (await schedulers()) === 6, 30_000);
    hook.delayMs = 20;
    const ids = await outbox(200, 'restart');
    await ctx.app.get(NotificationDispatcher).enqueuePending();
    await waitFor('delivery to start', () => ids.some((id) => hook.received.has(id)), 20_000);
    await redis.kill();
    await sleep(1_000);
    await redis.start();
    const back = await waitFor('the schedulers after the restart', async () => (await schedulers().catch(() => 0)) === 6, 10_000);
    await waitFor('the outbox to drain', async () => (await pendingCount()) === 0 && delivered(ids), 60_000);
    worker.kill('SIGTERM');
    await exited(worker);
    expect(ids.filter((id) => !hook.received.has(id))).toEqual([]);
    console.info(JSON.stringify({ fault: 'redis restart', schedulersBackMs: back,
      duplicates: ids.filter((id) => hook.received.get(id)! > 1).length }));
  });

  it('SIGTERM mid-delivery: active sends finish, the process exits within the bound, nothing is sent twice or left claimed', async () => {
    hook.received.clear();
    const worker = startWorker({ WORKER_DRAIN_MS: '5000' });
    await waitFor('the schedulers', async () => (await schedulers()) === 6, 30_000);
    hook.delayMs = 300; // a send takes 0.3 s: ten are in flight when the signal comes
    const ids = await outbox(200, 'sigterm');
    await ctx.app.get(NotificationDispatcher).enqueuePending();
    await waitFor('delivery to be under way', () => hook.received.size >= 30, 30_000);
    const [{ inFlight }] = await query(`SELECT count(*)::int AS "inFlight" FROM notification_delivery WHERE status = 'sending'`);
    expect(inFlight).toBeGreaterThan(0); // the signal lands on sends in flight
    const signalled = Date.now();
    worker.kill('SIGTERM');
    expect(await exited(worker)).toBe('SIGTERM');
    const took = Date.now() - signalled;
    expect(took).toBeLessThan(5_000 + 3_000);
    expect(stderr).toContain('jobs drained');
    expect(await query(`SELECT count(*)::int AS n FROM notification_delivery WHERE status = 'sending'`)).toEqual([{ n: 0 }]);
    expect(stderr).not.toMatch(/Driver not Connected|Connection terminated/);

    const successor = startWorker();
    await waitFor('the successor to drain the outbox', async () => (await pendingCount()) === 0 && delivered(ids), 60_000);
    successor.kill('SIGTERM');
    await exited(successor);
    expect(ids.filter((id) => hook.received.get(id) !== 1)).toEqual([]); // each exactly once
    console.info(JSON.stringify({ fault: 'SIGTERM', exitMs: took }));
  });

  it('SIGTERM with sends that outlast the bound: exits on time, hands the claims back, the successor delivers at once', async () => {
    hook.received.clear();
    const worker = startWorker({ WORKER_DRAIN_MS: '1000' });
    await waitFor('the schedulers', async () => (await schedulers()) === 6, 30_000);
    hook.delayMs = 8_000; // a receiver that hangs for longer than the drain bound
    const ids = await outbox(20, 'hang');
    await ctx.app.get(NotificationDispatcher).enqueuePending();
    await waitFor('sends to hang', () => hook.received.size >= 10, 30_000);
    const signalled = Date.now();
    worker.kill('SIGTERM');
    await exited(worker);
    expect(Date.now() - signalled).toBeLessThan(1_000 + 3_000);
    expect(stderr).toMatch(/handed back/);
    expect(await query(`SELECT count(*)::int AS n FROM notification_delivery WHERE status = 'sending'`)).toEqual([{ n: 0 }]);

    hook.delayMs = 0;
    const successor = startWorker();
    // no waiting for the 15 s lease or the 10 s job lock: the handed-back jobs are taken at once
    const drainMs = await waitFor('the successor to deliver', async () => (await pendingCount()) === 0 && delivered(ids), 30_000);
    successor.kill('SIGTERM');
    await exited(successor);
    expect(drainMs).toBeLessThan(10_000);
    console.info(JSON.stringify({ fault: 'SIGTERM past the bound', successorDrainMs: drainMs }));
  });

  it('PostgreSQL down for 2 s mid-delivery: the sends made meanwhile are recorded once it is back, none is made twice', async () => {
    hook.received.clear();
    const worker = startWorker();
    await waitFor('the schedulers', async () => (await schedulers()) === 6, 30_000);
    hook.delayMs = 300; // ten sends in flight when the database goes away: they finish while it is down
    const ids = await outbox(200, 'pg-restart');
    await ctx.app.get(NotificationDispatcher).enqueuePending();
    await waitFor('delivery to be under way', () => hook.received.size >= 40, 30_000);
    await pg.stop('fast');
    await sleep(2_000);
    await pg.start();
    await waitFor('the outbox to drain', async () => (await pendingCount().catch(() => -1)) === 0 && delivered(ids), 60_000);
    worker.kill('SIGTERM');
    await exited(worker);
    expect(ids.filter((id) => hook.received.get(id) !== 1)).toEqual([]);
    console.info(JSON.stringify({ fault: 'PostgreSQL restart', duplicates: ids.filter((id) => hook.received.get(id)! > 1).length }));
  });

  it('Redis paused: the worker\'s /health answers 503 within 2 s instead of hanging, and the worker carries on after', async () => {
    const port = String(30_000 + Math.floor(Math.random() * 20_000));
    const worker = startWorker({ WORKER_PORT: port });
    await waitFor('the worker to be healthy', async () => (await health(port))?.status === 'ok', 30_000);
    await inspect.call('CLIENT', 'PAUSE', '6000', 'ALL');
    const asked = Date.now();
    const res = await fetch(`http://127.0.0.1:${port}/health`);
    const took = Date.now() - asked;
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ status: 'error', database: 'up', redis: 'down' });
    expect(took).toBeLessThan(2_000);
    await waitFor('health after the pause', async () => (await health(port))?.status === 'ok', 15_000);
    worker.kill('SIGTERM');
    expect(await exited(worker)).toBe('SIGTERM');
  });
});
