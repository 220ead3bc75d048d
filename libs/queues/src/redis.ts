import IORedis, { Cluster, ClusterOptions, RedisOptions } from 'ioredis';
import type { RedisNode, RedisTarget } from '@app/config';

export class RedisUnavailableError extends Error {
  readonly readable = true;
}

export type RedisRole = 'worker' | 'producer';

/**
 * Connection options per role (BullMQ "going to production"): workers wait for Redis forever
 * (`maxRetriesPerRequest: null`), producers fail fast so an HTTP request never hangs on a dead Redis.
 */
function roleOptions(role: RedisRole): RedisOptions {
  return role === 'worker' ? { maxRetriesPerRequest: null } : { maxRetriesPerRequest: 1, enableOfflineQueue: false };
}

/** The options of one Redis at `redisUrl` (a single server) for a role. */
export function redisOptions(redisUrl: string, role: RedisRole): RedisOptions {
  const u = new URL(redisUrl);
  return {
    host: u.hostname,
    port: Number(u.port || 6379),
    username: u.username || undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    db: u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0,
    tls: u.protocol === 'rediss:' ? {} : undefined,
    ...roleOptions(role),
  };
}

/**
 * The options of a plain ioredis client for a single or a Sentinel-managed Redis: with `sentinels` and `name`, ioredis
 * asks the sentinels for the master and asks again after a failover (the sentinels disconnect the old master's clients).
 */
function plainOptions(target: Exclude<RedisTarget, { mode: 'cluster' }>, role: RedisRole): RedisOptions {
  if (target.mode === 'single') return redisOptions(target.url, role);
  return { sentinels: target.sentinels, name: target.name, password: target.password ?? undefined,
    sentinelPassword: target.sentinelPassword ?? undefined, ...roleOptions(role) };
}

function clusterOptions(target: Extract<RedisTarget, { mode: 'cluster' }>, role: RedisRole, extra: RedisOptions): ClusterOptions {
  // what ioredis takes of the cluster as a whole; the rest applies to each node's connection
  const { enableOfflineQueue, lazyConnect, retryStrategy, ...perNode } = { ...roleOptions(role), ...extra };
  return { redisOptions: { password: target.password ?? undefined, ...perNode }, lazyConnect,
    // a producer fails fast on a cluster that is not ready, as on a single Redis
    ...(enableOfflineQueue === false ? { enableOfflineQueue: false } : {}),
    ...(retryStrategy ? { clusterRetryStrategy: retryStrategy } : {}) };
}

/**
 * The one place duban's Redis clients are made: a Cluster client on a Redis Cluster, otherwise a Redis client (of a
 * single server or of the master the sentinels name). `extra` adds ioredis options (lazyConnect, commandTimeout…).
 */
export function createRedis(target: RedisTarget, role: RedisRole, extra: RedisOptions = {}): IORedis | Cluster {
  if (target.mode === 'cluster') return new Cluster(target.nodes, clusterOptions(target, role, extra));
  return new IORedis({ ...plainOptions(target, role), ...extra });
}

/**
 * BullMQ's `connection` for a role: options on a single or Sentinel-managed Redis (BullMQ makes, and closes, its own
 * clients from them), `null` on a Cluster, whose client BullMQ cannot make from options: see `bullRoot`.
 */
export function bullConnectionOptions(target: RedisTarget, role: RedisRole): RedisOptions | null {
  return target.mode === 'cluster' ? null : plainOptions(target, role);
}

export function describeRedis(target: RedisTarget): string {
  const list = (nodes: RedisNode[]) => nodes.map((n) => `${n.host}:${n.port}`).join(',');
  if (target.mode === 'cluster') return `集群 ${list(target.nodes)}`;
  if (target.mode === 'sentinel') return `哨兵 ${list(target.sentinels)} 的主节点 ${target.name}`;
  const u = new URL(target.url);
  return `${u.hostname}:${u.port || 6379}`;
}

/**
 * Pings Redis and refuses a server that may evict keys: BullMQ loses jobs and schedulers under any policy
 * but noeviction: an evicted key is a lost job or schedule (docs/configuration.md). On a Cluster every master is asked.
 */
export async function ensureRedis(target: RedisTarget): Promise<void> {
  const where = describeRedis(target);
  const client = createRedis(target, 'producer', { lazyConnect: true, connectTimeout: 3_000, retryStrategy: () => null,
    // a Cluster refuses commands until it is ready: let the ping wait for that (the connect above is bounded)
    ...(target.mode === 'cluster' ? { enableOfflineQueue: true } : {}),
    // no sentinel answering is an answer too, not a reason to ask them again forever
    ...(target.mode === 'sentinel' ? { sentinelRetryStrategy: () => null } : {}) });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
  } catch (err) {
    client.disconnect();
    const variable = target.mode === 'single' ? 'REDIS_URL' : target.mode === 'cluster' ? 'REDIS_CLUSTER_NODES' : 'REDIS_SENTINELS';
    throw new RedisUnavailableError(
      `无法连接 Redis（${where}）：${err instanceof Error ? err.message : String(err)}\n` +
        `  本机服务：redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no\n` +
        `  或用 Docker：docker compose up -d redis\n` +
        `  地址由环境变量 ${variable} 指定。`,
    );
  }
  try {
    const servers = client instanceof Cluster ? client.nodes('master') : [client];
    for (const server of servers) {
      const [, policy] = (await server.config('GET', 'maxmemory-policy')) as [string, string];
      if (policy && policy !== 'noeviction') {
        const at = client instanceof Cluster ? `${server.options.host}:${server.options.port}` : where;
        throw new RedisUnavailableError(
          `Redis（${at}）的 maxmemory-policy 是 ${policy}，会丢失队列任务；请设为 noeviction（redis-cli config set maxmemory-policy noeviction）。`,
        );
      }
    }
  } catch (err) {
    if (err instanceof RedisUnavailableError) throw err; // CONFIG may be disabled on managed Redis: then trust it
  } finally {
    client.disconnect();
  }
}
