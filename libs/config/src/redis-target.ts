import { isIP } from 'node:net';

export interface RedisNode {
  host: string;
  port: number;
}

/**
 * Which Redis duban runs its queues on: one server (`REDIS_URL`), a Redis Cluster (`REDIS_CLUSTER_NODES`), or a
 * master found through Sentinel (`REDIS_SENTINELS` + `REDIS_SENTINEL_NAME`). `password` is the data nodes' (in single
 * mode it is in the URL); `sentinelPassword` the sentinels' own, when they ask for one.
 */
export type RedisTarget =
  | { mode: 'single'; url: string }
  | { mode: 'cluster'; nodes: RedisNode[]; password: string | null }
  | { mode: 'sentinel'; sentinels: RedisNode[]; name: string; password: string | null; sentinelPassword: string | null };

/**
 * `host:port,host:port,…` (IPv6 as `[::1]:7000`) as nodes; null when an entry is not a host with a port 1–65535, or
 * the list is empty.
 */
export function parseRedisNodes(raw: string): RedisNode[] | null {
  const entries = raw.split(',').map((e) => e.trim()).filter((e) => e !== '');
  const nodes = entries.map(parseNode);
  return nodes.length > 0 && nodes.every((n) => n !== null) ? (nodes as RedisNode[]) : null;
}

function parseNode(entry: string): RedisNode | null {
  const m = /^(?:\[([0-9a-f:.]+)\]|([a-z0-9.-]+)):(\d{1,5})$/i.exec(entry);
  if (!m) return null;
  const host = m[1] ?? m[2];
  const port = Number(m[3]);
  if (m[1] !== undefined && isIP(host) !== 6) return null;
  return port >= 1 && port <= 65_535 ? { host, port } : null;
}

type RedisVariables = Partial<Record<'REDIS_URL' | 'REDIS_CLUSTER_NODES' | 'REDIS_SENTINELS' | 'REDIS_SENTINEL_NAME' |
  'REDIS_PASSWORD' | 'REDIS_SENTINEL_PASSWORD', string>>;

/**
 * What the variables set together cannot mean (each variable's own form is checked by EnvSchema): two modes at once, a
 * sentinel list without the master's name or the other way round, a password outside the mode that uses it. `given`
 * holds only the variables actually set, so the default REDIS_URL does not count as set.
 */
export function redisModeProblems(given: RedisVariables): string[] {
  const problems: string[] = [];
  const set = (k: keyof RedisVariables) => given[k] !== undefined;
  if (set('REDIS_CLUSTER_NODES') && set('REDIS_SENTINELS')) {
    problems.push('REDIS_CLUSTER_NODES: 与 REDIS_SENTINELS 只能设一个（集群或哨兵）');
  }
  for (const k of ['REDIS_CLUSTER_NODES', 'REDIS_SENTINELS'] as const) {
    if (set(k) && set('REDIS_URL')) problems.push(`REDIS_URL: 设了 ${k} 时不再使用，请去掉 REDIS_URL（密码写在 REDIS_PASSWORD）`);
  }
  if (set('REDIS_SENTINELS') !== set('REDIS_SENTINEL_NAME')) {
    problems.push('REDIS_SENTINEL_NAME: 与 REDIS_SENTINELS 须同时设置（哨兵监控的主节点名，如 mymaster）');
  }
  if (set('REDIS_PASSWORD') && !set('REDIS_CLUSTER_NODES') && !set('REDIS_SENTINELS')) {
    problems.push('REDIS_PASSWORD: 只用于集群或哨兵；单机 Redis 的密码写在 REDIS_URL 里（redis://:密码@主机:6379）');
  }
  if (set('REDIS_SENTINEL_PASSWORD') && !set('REDIS_SENTINELS')) {
    problems.push('REDIS_SENTINEL_PASSWORD: 只在设了 REDIS_SENTINELS 时使用');
  }
  return problems;
}

/** The target the (already validated, consistent) variables name. */
export function redisTarget(env: RedisVariables & { REDIS_URL: string }): RedisTarget {
  const password = env.REDIS_PASSWORD ?? null;
  if (env.REDIS_CLUSTER_NODES) return { mode: 'cluster', nodes: parseRedisNodes(env.REDIS_CLUSTER_NODES)!, password };
  if (env.REDIS_SENTINELS) {
    return { mode: 'sentinel', sentinels: parseRedisNodes(env.REDIS_SENTINELS)!, name: env.REDIS_SENTINEL_NAME!, password,
      sentinelPassword: env.REDIS_SENTINEL_PASSWORD ?? null };
  }
  return { mode: 'single', url: env.REDIS_URL };
}
