import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
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
  const ping = async () => {
    const c = new Redis({ port, host: '127.0.0.1', lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
    c.on('error', () => undefined);
    try {
      await c.connect();
      return (await c.ping()) === 'PONG';
    } finally {
      c.disconnect();
    }
  };
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
