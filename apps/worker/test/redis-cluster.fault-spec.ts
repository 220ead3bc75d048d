import 'reflect-metadata';
import { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { AppConfig } from '@app/config';
import { createDataSource, runMigrations } from '@app/database';
import { NotificationDispatcher } from '@app/notifications';
import { ensureRedis, QueueName } from '@app/queues';
import { BuiltApi, OwnPostgres, OwnRedisCluster, startBuiltApi, startOwnPostgres, startOwnRedisCluster } from '@app/testing';
import { countingWebhook, CountingWebhook, exited, expectEachDeliveredOnce, insertOutbox, spawnWorker, waitFor, WORKER_MAIN } from './built-worker';
import { cadenceContext, insertTask, seedJurisdiction, Seed } from './cadence-fixture';

const API = join(__dirname, '..', '..', '..', 'dist', 'apps', 'api', 'src', 'main.js');

/**
 * The queue path on a Redis Cluster of 3 masters (redis-server's own cluster mode on loopback ports), configured only
 * through REDIS_CLUSTER_NODES: the built API and two built worker processes start on it (their Redis checks, BullMQ
 * roots, health and login limiter on Cluster clients), a beat and an outbox of notices are dispatched on it and
 * delivered to a loopback webhook receiver, each exactly once; every key duban leaves carries the `{prefix}` hash tag,
 * so all of them sit in one slot on one master.
 */
describe('duban on a 3-master Redis Cluster', () => {
  const PREFIX = 'clu';
  let pg: OwnPostgres;
  let cluster: OwnRedisCluster;
  let ctx: Awaited<ReturnType<typeof cadenceContext>>;
  let seed: Seed;
  let hook: CountingWebhook;
  let env: Record<string, string>;
  let api: BuiltApi;
  const workers: ChildProcess[] = [];
  const workerPorts: string[] = [];
  let output = '';

  beforeAll(async () => {
    if (!existsSync(WORKER_MAIN) || !existsSync(API)) throw new Error('dist/apps is missing: run npm run build:server (npm run test:faults does)');
    [pg, cluster] = await Promise.all([startOwnPostgres(), startOwnRedisCluster(3)]);
    const url = await pg.createDatabase('duban_cluster');
    const ds = await createDataSource(url).initialize();
    await runMigrations(ds);
    await ds.destroy();
    hook = await countingWebhook(5);
    // delivery-only workers: a worker's beats run as of the machine's clock and would add notices of their own
    env = { NODE_ENV: 'test', LOG_LEVEL: 'info', DATABASE_URL: url, REDIS_CLUSTER_NODES: cluster.nodes, QUEUE_PREFIX: PREFIX,
      WEBHOOK_ALLOW_PRIVATE: 'true', WORKER_BEATS: 'false', NOTIFY_CONCURRENCY: '10', NOTIFY_BACKOFF_MS: '200' };
    ctx = await cadenceContext(env); // the producer side (beats, the outbox's dispatcher) in this process, on the cluster
    const w = [{ kind: 'generic', url: hook.url }];
    seed = await seedJurisdiction(ctx.ds, {}, { a: w, b: w, c: w });
  });

  afterAll(async () => {
    for (const c of [...workers, api?.process]) if (c && c.exitCode === null && !c.signalCode) c.kill('SIGKILL');
    await Promise.all([...workers, api?.process].filter((c): c is ChildProcess => !!c).map(exited));
    await ctx?.app.close();
    await hook?.close();
    await cluster?.destroy();
    await pg?.destroy();
  });

  afterEach(() => {
    if (expect.getState().assertionCalls === 0 || process.env.FAULT_LOG) console.info(output.slice(-4000));
  });

  it('is configured by REDIS_CLUSTER_NODES alone: the prefix becomes a hash tag and the start-up check passes', async () => {
    const config = AppConfig.fromEnv(env);
    expect(config.redis).toMatchObject({ mode: 'cluster', nodes: cluster.ports.map((port) => ({ host: '127.0.0.1', port })) });
    expect(config.queuePrefix).toBe(`{${PREFIX}}`);
    await expect(ensureRedis(config.redis)).resolves.toBeUndefined();
    // an evicting master anywhere in the cluster is refused, as a single evicting Redis is
    const evicting = cluster.node(cluster.ports[2]);
    await evicting.config('SET', 'maxmemory-policy', 'allkeys-lru');
    await expect(ensureRedis(config.redis)).rejects.toThrow(new RegExp(`127\\.0\\.0\\.1:${cluster.ports[2]}.*allkeys-lru`));
    await evicting.config('SET', 'maxmemory-policy', 'noeviction');
  });

  it('runs the API and two workers on it; a beat and 300 notices are delivered, each exactly once', async () => {
    api = await startBuiltApi(API, env.DATABASE_URL, { REDIS_CLUSTER_NODES: cluster.nodes, QUEUE_PREFIX: PREFIX });
    expect(((await (await fetch(`${api.base}/health`)).json()) as any).details.redis).toMatchObject({ status: 'up' });
    for (let i = 0; i < 2; i++) {
      const port = String(30_000 + Math.floor(Math.random() * 20_000) + i);
      workerPorts.push(port);
      workers.push(spawnWorker({ ...env, WORKER_PORT: port }, (text) => { output += text; }));
    }
    const health = (port: string): Promise<any> => fetch(`http://127.0.0.1:${port}/health`).then((r) => r.json(), () => null);
    for (const port of workerPorts) await waitFor(`the worker on ${port} to be healthy`, async () => (await health(port))?.status === 'ok', 30_000);

    // 日交办 for three units (documents and notices made here, dispatched on the cluster), then an outbox of 300 notices
    for (const unit of [seed.units.a, seed.units.b, seed.units.c]) {
      await insertTask(ctx.ds, seed, { unit, assignedAt: '2025-09-26T08:00:00+08:00', deadline: '2025-12-31' });
    }
    await ctx.runBeat.execute({ beat: 'daily-assign', at: new Date('2025-09-28T10:00:00+08:00') });
    await insertOutbox(ctx.ds, seed.jurisdiction, [seed.units.a, seed.units.b, seed.units.c], 300, 'cluster');
    const started = Date.now();
    await ctx.app.get(NotificationDispatcher).enqueuePending();
    // the units' notices go to their webhook; a leader's (if the beat makes one) only to the inbox: SMTP is off
    const ids = await expectEachDeliveredOnce(ctx.ds, hook, 303, 60_000);
    const tookMs = Date.now() - started - 500;
    // both workers read their queue through the cluster: nothing left waiting, running or failed
    const counts = await Promise.all(workerPorts.map(async (port) => (await health(port)).queues[QueueName.Notifications]));
    for (const c of counts) expect(c).toMatchObject({ waiting: 0, active: 0, failed: 0 });
    console.info(JSON.stringify({ redis: 'cluster of 3 masters', notices: ids.length, deliveredMs: tookMs }));
  });

  it('limits logins on the cluster: the limiter\'s two counters share the hash tag, so MULTI is no CROSSSLOT', async () => {
    const seen: number[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await fetch(`${api.base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: `wrong-${i}-password` }) });
      seen.push(res.status);
    }
    expect(seen).toEqual([...Array(10).fill(401), 429, 429]);
  });

  it('keeps every key under the {prefix} hash tag: one slot, on one master; the other masters hold none', async () => {
    const perMaster = await Promise.all(cluster.ports.map(async (port) => ({ port, keys: await cluster.node(port).keys('*') })));
    const keys = perMaster.flatMap((m) => m.keys);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.filter((k) => !k.startsWith(`{${PREFIX}}:`))).toEqual([]);
    for (const queue of [QueueName.Notifications, QueueName.Cadence]) {
      expect(keys.some((k) => k.startsWith(`{${PREFIX}}:${queue}:`))).toBe(true);
    }
    expect(keys.some((k) => k.startsWith(`{${PREFIX}}:login:`))).toBe(true);
    const c = cluster.client();
    const slots = new Set(await Promise.all(keys.map((k) => c.cluster('KEYSLOT', k))));
    expect(slots.size).toBe(1);
    expect(perMaster.filter((m) => m.keys.length > 0)).toHaveLength(1);
    // and the queue reads through the hash-tagged prefix what the workers did
    const notifications = ctx.app.get<Queue>(getQueueToken(QueueName.Notifications));
    expect((await notifications.getJobCounts('completed')).completed).toBeGreaterThanOrEqual(303);
  });

  it('stops the workers on SIGTERM, their Cluster connections closed', async () => {
    for (const w of workers) w.kill('SIGTERM');
    const signalled = Date.now();
    await Promise.all(workers.map(exited));
    expect(Date.now() - signalled).toBeLessThan(10_000);
    expect(output).not.toMatch(/CROSSSLOT|MOVED|ClusterAllFailedError/);
  });
});
