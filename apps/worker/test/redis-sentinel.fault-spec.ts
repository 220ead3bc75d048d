import 'reflect-metadata';
import { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { AppConfig } from '@app/config';
import { createDataSource, runMigrations } from '@app/database';
import { NotificationDispatcher } from '@app/notifications';
import { ensureRedis } from '@app/queues';
import { OwnPostgres, OwnRedisSentinel, startOwnPostgres, startOwnRedisSentinel } from '@app/testing';
import { countingWebhook, CountingWebhook, exited, insertOutbox, sleep, spawnWorker, waitFor, WORKER_MAIN } from './built-worker';
import { cadenceContext, seedJurisdiction, Seed } from './cadence-fixture';

/**
 * A Sentinel-managed Redis (a master, a replica, three sentinels on loopback ports) configured only through
 * REDIS_SENTINELS + REDIS_SENTINEL_NAME, failed over with SENTINEL FAILOVER while two built workers deliver 500 notices:
 * the sentinels disconnect the old master's clients, ioredis asks them for the new master, and every notice still
 * reaches its webhook exactly once.
 */
describe('duban on a Sentinel-managed Redis, failed over during delivery', () => {
  let pg: OwnPostgres;
  let redis: OwnRedisSentinel;
  let ctx: Awaited<ReturnType<typeof cadenceContext>>;
  let seed: Seed;
  let hook: CountingWebhook;
  let env: Record<string, string>;
  const workers: ChildProcess[] = [];
  let output = '';

  const query = async <T = any>(sql: string, params: unknown[] = []): Promise<T[]> => ctx.ds.query(sql, params);
  const health = (port: string): Promise<any> => fetch(`http://127.0.0.1:${port}/health`).then((r) => r.json(), () => null);

  beforeAll(async () => {
    if (!existsSync(WORKER_MAIN)) throw new Error(`${WORKER_MAIN} is missing: run npm run build:server (npm run test:faults does)`);
    [pg, redis] = await Promise.all([startOwnPostgres(), startOwnRedisSentinel()]);
    const url = await pg.createDatabase('duban_sentinel');
    const ds = await createDataSource(url).initialize();
    await runMigrations(ds);
    await ds.destroy();
    hook = await countingWebhook(250); // 500 notices take over 6 s: the failover lands mid-delivery
    env = { NODE_ENV: 'test', LOG_LEVEL: 'info', DATABASE_URL: url, REDIS_SENTINELS: redis.sentinels,
      REDIS_SENTINEL_NAME: redis.name, QUEUE_PREFIX: 'sen', WEBHOOK_ALLOW_PRIVATE: 'true', WORKER_BEATS: 'false',
      NOTIFY_CONCURRENCY: '10', NOTIFY_BACKOFF_MS: '200' };
    ctx = await cadenceContext(env);
    const w = [{ kind: 'generic', url: hook.url }];
    seed = await seedJurisdiction(ctx.ds, {}, { a: w, b: w });
  });

  afterAll(async () => {
    for (const c of workers) if (c.exitCode === null && !c.signalCode) c.kill('SIGKILL');
    await Promise.all(workers.map(exited));
    await ctx?.app.close();
    await hook?.close();
    await redis?.destroy();
    await pg?.destroy();
  });

  afterEach(() => {
    if (expect.getState().assertionCalls === 0 || process.env.FAULT_LOG) console.info(output.slice(-4000));
  });

  it('finds the master through the sentinels at start', async () => {
    const config = AppConfig.fromEnv(env);
    expect(config.redis).toMatchObject({ mode: 'sentinel', name: 'mymaster' });
    expect(config.queuePrefix).toBe('sen');
    await expect(ensureRedis(config.redis)).resolves.toBeUndefined();
    await expect(ensureRedis({ ...config.redis, name: 'nomaster' } as typeof config.redis)).rejects.toThrow(/哨兵.*nomaster/);
  });

  it('SENTINEL FAILOVER mid-delivery: every notice delivered exactly once, the workers on the new master', async () => {
    const ports: string[] = [];
    for (let i = 0; i < 2; i++) {
      const port = String(30_000 + Math.floor(Math.random() * 20_000) + i);
      ports.push(port);
      workers.push(spawnWorker({ ...env, WORKER_PORT: port }, (text) => { output += text; }));
    }
    for (const port of ports) await waitFor(`the worker on ${port} to be healthy`, async () => (await health(port))?.status === 'ok', 30_000);

    const ids = await insertOutbox(ctx.ds, seed.jurisdiction, [seed.units.a, seed.units.b], 500, 'failover');
    await ctx.app.get(NotificationDispatcher).enqueuePending();
    await waitFor('delivery to be under way', () => hook.received.size >= 50, 30_000);
    const before = await redis.master();
    const failedOver = Date.now();
    const after = await redis.failover();
    const failoverMs = Date.now() - failedOver;
    expect(after).not.toBe(before);
    const deliveredAtFailover = hook.received.size;
    expect(deliveredAtFailover).toBeLessThan(ids.length); // the failover landed mid-delivery

    const drainMs = await waitFor('every notice delivered after the failover', async () => (await query(`SELECT count(*)::int AS n
      FROM notification WHERE status <> 'delivered'`))[0].n === 0 && ids.every((id) => hook.received.has(id)), 90_000);
    await sleep(500); // a duplicate would arrive after the last first delivery
    expect(ids.filter((id) => hook.received.get(id) !== 1)).toEqual([]);
    expect(await query(`SELECT count(*)::int AS n FROM notification_delivery WHERE status <> 'sent'`)).toEqual([{ n: 0 }]);
    // the queues live on the new master now, and both workers' health reads them there
    expect(await redis.node(after).keys('sen:notifications:*')).not.toEqual([]);
    for (const port of ports) {
      await waitFor(`the worker on ${port} healthy on the new master`, async () => (await health(port))?.status === 'ok', 15_000);
    }
    console.info(JSON.stringify({ redis: 'sentinel failover', notices: ids.length, deliveredAtFailover, failoverMs, drainMs,
      duplicates: ids.filter((id) => hook.received.get(id)! > 1).length }));
  });

  it('the master killed mid-delivery: the sentinels promote the replica, every notice still delivered exactly once', async () => {
    hook.received.clear();
    const ids = await insertOutbox(ctx.ds, seed.jurisdiction, [seed.units.a, seed.units.b], 500, 'master-killed');
    await ctx.app.get(NotificationDispatcher).enqueuePending();
    await waitFor('delivery to be under way', () => hook.received.size >= 50, 30_000);
    const killed = await redis.master();
    const atKill = Date.now();
    await redis.kill(killed);
    const promoted = await redis.masterOtherThan(killed);
    const failoverMs = Date.now() - atKill;
    const deliveredAtKill = hook.received.size;
    expect(deliveredAtKill).toBeLessThan(ids.length);

    const drainMs = await waitFor('every notice delivered after the kill', async () => (await query(`SELECT count(*)::int AS n
      FROM notification WHERE status <> 'delivered'`))[0].n === 0 && ids.every((id) => hook.received.has(id)), 150_000);
    await sleep(500);
    expect(ids.filter((id) => hook.received.get(id) !== 1)).toEqual([]);
    expect(await query(`SELECT count(*)::int AS n FROM notification_delivery WHERE status <> 'sent'`)).toEqual([{ n: 0 }]);
    expect(await redis.node(promoted).keys('sen:notifications:*')).not.toEqual([]);
    console.info(JSON.stringify({ redis: 'sentinel, master killed', notices: ids.length, deliveredAtKill, failoverMs, drainMs,
      duplicates: ids.filter((id) => hook.received.get(id)! > 1).length }));

    for (const w of workers) w.kill('SIGTERM');
    await Promise.all(workers.map(exited));
  });
});
