import IORedis, { RedisOptions } from 'ioredis';

export class RedisUnavailableError extends Error {
  readonly readable = true;
}

/**
 * Connection options per role (BullMQ "going to production"): workers wait for Redis forever
 * (`maxRetriesPerRequest: null`), producers fail fast so an HTTP request never hangs on a dead Redis.
 */
export function redisOptions(redisUrl: string, role: 'worker' | 'producer'): RedisOptions {
  const u = new URL(redisUrl);
  return {
    host: u.hostname,
    port: Number(u.port || 6379),
    username: u.username || undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    db: u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0,
    tls: u.protocol === 'rediss:' ? {} : undefined,
    ...(role === 'worker' ? { maxRetriesPerRequest: null } : { maxRetriesPerRequest: 1, enableOfflineQueue: false }),
  };
}

/**
 * Pings Redis and refuses a server that may evict keys: BullMQ loses jobs and schedulers under any policy
 * but noeviction: an evicted key is a lost job or schedule (docs/configuration.md).
 */
export async function ensureRedis(redisUrl: string): Promise<void> {
  const u = new URL(redisUrl);
  const where = `${u.hostname}:${u.port || 6379}`;
  const client = new IORedis({ ...redisOptions(redisUrl, 'producer'), lazyConnect: true, connectTimeout: 3_000,
    retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
  } catch (err) {
    throw new RedisUnavailableError(
      `无法连接 Redis（${where}）：${err instanceof Error ? err.message : String(err)}\n` +
        `  本机服务：redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no\n` +
        `  或用 Docker：docker compose up -d redis\n` +
        `  地址由环境变量 REDIS_URL 指定。`,
    );
  }
  try {
    const [, policy] = (await client.config('GET', 'maxmemory-policy')) as [string, string];
    if (policy && policy !== 'noeviction') {
      throw new RedisUnavailableError(
        `Redis（${where}）的 maxmemory-policy 是 ${policy}，会丢失队列任务；请设为 noeviction（redis-cli config set maxmemory-policy noeviction）。`,
      );
    }
  } catch (err) {
    if (err instanceof RedisUnavailableError) throw err; // CONFIG may be disabled on managed Redis: then trust it
  } finally {
    client.disconnect();
  }
}
