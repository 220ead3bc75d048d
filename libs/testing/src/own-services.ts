import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis, { Cluster } from 'ioredis';
import { Client } from 'pg';

/**
 * PostgreSQL and Redis servers of a fault test's own, on free loopback ports in a temp directory: a test that
 * restarts, pauses, flushes or kills a server must never touch the shared ones on 5432 / 6379.
 */

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, check: () => Promise<boolean>, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

function pgBin(name: string): string {
  const root = '/usr/lib/postgresql';
  const version = readdirSync(root).sort((a, b) => Number(b) - Number(a))[0];
  return join(root, version, 'bin', name);
}

export interface OwnPostgres {
  port: number;
  /** a database URL on this server (created by `createDatabase`) */
  url(database: string): string;
  createDatabase(name: string): Promise<string>;
  /** `pg_ctl restart -m fast|immediate` (immediate = crash and WAL replay) */
  restart(mode?: 'fast' | 'immediate'): Promise<void>;
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  start(): Promise<void>;
  destroy(): Promise<void>;
}

/** initdb + pg_ctl into a temp dir, as the postgres OS user when run as root (initdb refuses root). */
export async function startOwnPostgres(): Promise<OwnPostgres> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'duban-pg-'));
  chmodSync(dir, 0o777);
  const data = join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  const run = (bin: string, args: string[]) => {
    const cmd = asRoot ? 'runuser' : pgBin(bin);
    const argv = asRoot ? ['-u', 'postgres', '--', pgBin(bin), ...args] : args;
    execFileSync(cmd, argv, { stdio: 'pipe' });
  };
  run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100`;
  const pgCtl = (...args: string[]) => run('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-o', opts, '-w', '-t', '30', ...args]);
  const admin = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const ping = async () => {
    const c = new Client({ connectionString: admin, connectionTimeoutMillis: 1_000 });
    c.on('error', () => undefined);
    await c.connect();
    await c.end();
    return true;
  };
  pgCtl('start');
  await until(`PostgreSQL on ${port}`, ping, 30_000);
  const url = (database: string) => `postgres://postgres@127.0.0.1:${port}/${database}`;
  return {
    port,
    url,
    async createDatabase(name) {
      const c = new Client({ connectionString: admin });
      await c.connect();
      try {
        await c.query(`CREATE DATABASE ${name}`);
      } finally {
        await c.end();
      }
      return url(name);
    },
    async restart(mode = 'fast') {
      pgCtl('restart', '-m', mode);
      await until(`PostgreSQL on ${port} after restart`, ping, 30_000);
    },
    async stop(mode = 'fast') {
      pgCtl('stop', '-m', mode);
    },
    async start() {
      pgCtl('start');
      await until(`PostgreSQL on ${port}`, ping, 30_000);
    },
    async destroy() {
      try {
        pgCtl('stop', '-m', 'immediate');
      } catch { /* already stopped */ }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Whether a Redis answers PING on `port` now (one try, no retries). */
async function answersPing(port: number): Promise<boolean> {
  const c = new Redis({ port, host: '127.0.0.1', lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
  c.on('error', () => undefined);
  try {
    await c.connect();
    return (await c.ping()) === 'PONG';
  } finally {
    c.disconnect();
  }
}

export interface OwnRedis {
  port: number;
  url: string;
  /** a client for inspecting and breaking the server (FLUSHALL, CLIENT PAUSE, INFO) */
  client(): Redis;
  /** SIGKILL the server; data is lost (no persistence) unless started with `aof` */
  kill(): Promise<void>;
  start(): Promise<void>;
  destroy(): Promise<void>;
}

/** `redis-server --port N --save "" --appendonly no|yes` in a temp dir; `kill` + `start` keep the same port. */
export async function startOwnRedis(options: { aof?: boolean } = {}): Promise<OwnRedis> {
  if (!existsSync('/usr/bin/redis-server')) throw new Error('redis-server is not installed');
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'duban-redis-'));
  let proc: ChildProcess | null = null;
  const clients: Redis[] = [];
  const url = `redis://127.0.0.1:${port}`;
  const ping = () => answersPing(port);
  const start = async () => {
    proc = spawn('/usr/bin/redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '',
      '--appendonly', options.aof ? 'yes' : 'no', '--appendfsync', 'everysec', '--maxmemory-policy', 'noeviction'],
    { stdio: 'ignore' });
    await until(`Redis on ${port}`, ping, 10_000);
  };
  await start();
  const own: OwnRedis = {
    port,
    url,
    client() {
      const c = new Redis({ port, host: '127.0.0.1', maxRetriesPerRequest: 1 });
      c.on('error', () => undefined);
      clients.push(c);
      return c;
    },
    async kill() {
      const p = proc;
      if (!p || p.exitCode !== null) return;
      await new Promise<void>((resolve) => {
        p.once('exit', () => resolve());
        p.kill('SIGKILL');
      });
    },
    start,
    async destroy() {
      for (const c of clients) c.disconnect();
      await own.kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return own;
}

export interface OwnRedisCluster {
  /** the masters' addresses, as REDIS_CLUSTER_NODES takes them */
  nodes: string;
  ports: number[];
  /** a Cluster client for inspecting the cluster */
  client(): Cluster;
  /** a plain client of one master (its own keys only) */
  node(port: number): Redis;
  destroy(): Promise<void>;
}

/**
 * A Redis Cluster of `masters` masters (no replicas) made by redis-server's own cluster mode on free loopback ports:
 * each server with `--cluster-enabled yes` and its cluster bus on another free port, joined with
 * `redis-cli --cluster create`, ready once every node reports `cluster_state:ok`.
 */
export async function startOwnRedisCluster(masters = 3): Promise<OwnRedisCluster> {
  if (!existsSync('/usr/bin/redis-server') || !existsSync('/usr/bin/redis-cli')) throw new Error('redis-server / redis-cli is not installed');
  const dir = mkdtempSync(join(tmpdir(), 'duban-redis-cluster-'));
  const ports: number[] = [];
  const procs: ChildProcess[] = [];
  const clients: Array<Redis | Cluster> = [];
  const plain = (port: number) => {
    const c = new Redis({ port, host: '127.0.0.1', maxRetriesPerRequest: 1 });
    c.on('error', () => undefined);
    clients.push(c);
    return c;
  };
  const own: OwnRedisCluster = {
    nodes: '',
    ports,
    client() {
      const c = new Cluster(ports.map((port) => ({ host: '127.0.0.1', port })), { redisOptions: { maxRetriesPerRequest: 1 } });
      c.on('error', () => undefined);
      clients.push(c);
      return c;
    },
    node: plain,
    async destroy() {
      for (const c of clients) c.disconnect();
      await Promise.all(procs.map((p) => new Promise<void>((resolve) => {
        if (p.exitCode !== null || p.signalCode) return resolve();
        p.once('exit', () => resolve());
        p.kill('SIGKILL');
      })));
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    for (let i = 0; i < masters; i++) {
      const [port, bus] = [await freePort(), await freePort()];
      ports.push(port);
      procs.push(spawn('/usr/bin/redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir,
        '--cluster-enabled', 'yes', '--cluster-port', String(bus), '--cluster-config-file', join(dir, `nodes-${port}.conf`),
        '--cluster-node-timeout', '5000', '--save', '', '--appendonly', 'no', '--maxmemory-policy', 'noeviction'],
      { stdio: 'ignore' }));
    }
    for (const port of ports) await until(`Redis on ${port}`, () => answersPing(port), 10_000);
    execFileSync('/usr/bin/redis-cli', ['--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', '0',
      '--cluster-yes'], { stdio: 'pipe', timeout: 30_000 });
    const inspect = ports.map(plain);
    await until('cluster_state:ok on every node', async () =>
      (await Promise.all(inspect.map((c) => c.cluster('INFO')))).every((info) => /cluster_state:ok/.test(String(info))), 30_000);
    own.nodes = ports.map((p) => `127.0.0.1:${p}`).join(',');
    return own;
  } catch (err) {
    await own.destroy();
    throw err;
  }
}

export interface OwnRedisSentinel {
  /** the sentinels' addresses, as REDIS_SENTINELS takes them */
  sentinels: string;
  /** the master's name the sentinels monitor */
  name: string;
  /** the data servers' ports, the first master at the start */
  ports: number[];
  /** the port of the master the sentinels name now */
  master(): Promise<number>;
  /** SENTINEL FAILOVER: resolves once the sentinels name another master and it answers as master */
  failover(): Promise<number>;
  /** SIGKILL the data server on `port` (no persistence: what it had not replicated is gone) */
  kill(port: number): Promise<void>;
  /** resolves once the sentinels name a master other than `port` and it answers as master */
  masterOtherThan(port: number): Promise<number>;
  /** a plain client of one data server */
  node(port: number): Redis;
  destroy(): Promise<void>;
}

/**
 * A Sentinel-managed Redis on free loopback ports: one master, one replica of it, three sentinels (quorum 2) watching
 * it as `mymaster`, ready once every sentinel knows the replica and the other two sentinels.
 */
export async function startOwnRedisSentinel(): Promise<OwnRedisSentinel> {
  if (!existsSync('/usr/bin/redis-server')) throw new Error('redis-server is not installed');
  const name = 'mymaster';
  const dir = mkdtempSync(join(tmpdir(), 'duban-redis-sentinel-'));
  const procs: ChildProcess[] = [];
  const clients = new Map<number, Redis>();
  const client = (port: number) => {
    if (!clients.has(port)) {
      const c = new Redis({ port, host: '127.0.0.1', maxRetriesPerRequest: 1 });
      c.on('error', () => undefined);
      clients.set(port, c);
    }
    return clients.get(port)!;
  };
  const [masterPort, replicaPort] = [await freePort(), await freePort()];
  const sentinelPorts = [await freePort(), await freePort(), await freePort()];
  const own: OwnRedisSentinel = {
    sentinels: sentinelPorts.map((p) => `127.0.0.1:${p}`).join(','),
    name,
    ports: [masterPort, replicaPort],
    async master() {
      const [, port] = (await sentinel.call('SENTINEL', 'get-master-addr-by-name', name)) as [string, string];
      return Number(port);
    },
    async failover() {
      const before = await own.master();
      await sentinel.call('SENTINEL', 'FAILOVER', name);
      return own.masterOtherThan(before);
    },
    async masterOtherThan(port) {
      let now = port;
      await until('the sentinels to name a new master that answers as master', async () => {
        now = await own.master();
        return now !== port && /role:master/.test(await client(now).info('replication'));
      }, 30_000);
      return now;
    },
    async kill(port) {
      const p = data.get(port);
      if (!p || p.exitCode !== null || p.signalCode) return;
      await new Promise<void>((resolve) => {
        p.once('exit', () => resolve());
        p.kill('SIGKILL');
      });
    },
    node: client,
    async destroy() {
      for (const c of clients.values()) c.disconnect();
      await Promise.all(procs.map((p) => new Promise<void>((resolve) => {
        if (p.exitCode !== null || p.signalCode) return resolve();
        p.once('exit', () => resolve());
        p.kill('SIGKILL');
      })));
      rmSync(dir, { recursive: true, force: true });
    },
  };
  let sentinel!: Redis;
  const data = new Map<number, ChildProcess>();
  try {
    const server = (port: number, extra: string[]) => {
      const p = spawn('/usr/bin/redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir,
        '--dbfilename', `dump-${port}.rdb`, '--save', '', '--appendonly', 'no', '--maxmemory-policy', 'noeviction', ...extra],
      { stdio: 'ignore' });
      procs.push(p);
      data.set(port, p);
    };
    server(masterPort, []);
    server(replicaPort, ['--replicaof', '127.0.0.1', String(masterPort)]);
    const answers = (port: number) => async () => (await client(port).ping()) === 'PONG';
    for (const port of [masterPort, replicaPort]) await until(`Redis on ${port}`, answers(port), 10_000);
    await until('the replica in sync', async () => /master_link_status:up/.test(await client(replicaPort).info('replication')), 15_000);
    for (const port of sentinelPorts) {
      const conf = join(dir, `sentinel-${port}.conf`);
      writeFileSync(conf, [`port ${port}`, 'bind 127.0.0.1', `dir ${dir}`, `sentinel monitor ${name} 127.0.0.1 ${masterPort} 2`,
        `sentinel down-after-milliseconds ${name} 1000`, `sentinel failover-timeout ${name} 10000`,
        `sentinel parallel-syncs ${name} 1`, ''].join('\n'));
      procs.push(spawn('/usr/bin/redis-server', [conf, '--sentinel'], { stdio: 'ignore' }));
    }
    sentinel = client(sentinelPorts[0]);
    for (const port of sentinelPorts) {
      const s = client(port);
      await until(`sentinel ${port} to know the replica and the other sentinels`, async () => {
        const replicas = (await s.call('SENTINEL', 'replicas', name)) as string[][];
        const others = (await s.call('SENTINEL', 'sentinels', name)) as string[][];
        return replicas.length === 1 && !replicas[0].join(' ').includes('s_down') && others.length === 2;
      }, 30_000);
    }
    return own;
  } catch (err) {
    await own.destroy();
    throw err;
  }
}
