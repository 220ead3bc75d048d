/**
 * npm run bench:workers [-- --runs N] — how webhook delivery grows with WORKER_PROCESSES (figures: docs/benchmarks.md).
 * Each run, for 1, 2 and 3 worker processes in turn: a fresh database cloned from one migrated template, BENCH_NOTICES
 * (3,000) pending notices spread over BENCH_UNITS (60) units whose generic webhook points at a loopback sink in this
 * process, the built worker (`dist/apps/worker/src/main.js`, WORKER_PROCESSES=k, WORKER_BEATS=false, a queue prefix of
 * its own) started and healthy, then the outbox dispatched from here and timed until every notice is delivered (inbox +
 * webhook) in the database and the sink has counted each once. Prints notices/s per run and the same-run ratios to one
 * process, then their medians. Gates nothing; the load, the sink, PostgreSQL and Redis share this machine's cores.
 */
import 'reflect-metadata';
import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { getQueueToken } from '@nestjs/bullmq';
import { NestFactory } from '@nestjs/core';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AppConfig, ConfigModule } from '@app/config';
import { createDataSource, DatabaseModule } from '@app/database';
import { CadenceModule, ClockModule, FixedClock } from '@app/domain';
import { NotificationDispatcher } from '@app/notifications';
import { bullRoot, QueueName } from '@app/queues';
import { databaseAt, fmt, withMigratedTemplate } from './bench-template';

const argValue = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const PG = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const NOTICES = Number(process.env.BENCH_NOTICES ?? 3_000);
const UNITS = Number(process.env.BENCH_UNITS ?? 60);
const RUNS = Number(argValue('runs') ?? process.env.BENCH_RUNS ?? 3);
const PROCESSES = [1, 2, 3];
const WORKER_MAIN = join(__dirname, '..', 'src', 'main.js');
const STAMP = Date.now().toString(36);
const dbUrl = (name: string) => databaseAt(PG, name);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function seedUnits(ds: DataSource, hookUrl: string): Promise<void> {
  await ds.query(`
    WITH j AS (INSERT INTO unit (id, code, name, kind, jurisdiction_id, path)
               SELECT g, 'BW', '基准县人民政府', 'jurisdiction', g, g || '/' FROM gen_random_uuid() g RETURNING id, path)
    INSERT INTO unit (code, name, kind, parent_id, jurisdiction_id, path, webhooks)
    SELECT 'BW-' || n, '基准县部门' || n, 'department', j.id, j.id, j.path || gen_random_uuid() || '/',
           jsonb_build_array(jsonb_build_object('kind', 'generic', 'url', $2::text, 'secret', 'bench'))
      FROM j, generate_series(1, $1) n`, [UNITS, hookUrl]);
}

async function seedOutbox(ds: DataSource): Promise<void> {
  await ds.query(`INSERT INTO notification (dedup_key, kind, jurisdiction_id, recipient_unit_id, period, title, body, created_at)
    SELECT 'urge|bench|' || g, 'urge', u.jurisdiction_id, u.id, '2026-01-05', '催办单 第' || g || '号', '以下任务已超过完成时限，请抓紧办理。',
           now() + g * interval '1 microsecond'
      FROM generate_series(1, $1) g JOIN (SELECT id, jurisdiction_id, row_number() OVER (ORDER BY code) - 1 AS k
      FROM unit WHERE kind = 'department') u ON u.k = g % $2`, [NOTICES, UNITS]);
  await ds.query('ANALYZE');
}

async function healthy(port: number, ms: number): Promise<void> {
  const started = Date.now();
  while (!(await fetch(`http://127.0.0.1:${port}/health`).then((r) => r.ok, () => false))) {
    if (Date.now() - started > ms) throw new Error('the worker did not become healthy');
    await sleep(100);
  }
}

/** One measurement: k worker processes deliver NOTICES webhook notices; returns notices/s. */
async function runOnce(template: string, label: string, k: number): Promise<number> {
  const name = `duban_bench_workers_${STAMP}_${label}`;
  const prefix = `bench-workers-${STAMP}-${label}`;
  const admin = new Client({ connectionString: PG });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  const received = new Map<string, number>();
  const sink = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const id = String(req.headers['x-duban-delivery']);
      received.set(id, (received.get(id) ?? 0) + 1);
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((r) => sink.listen(0, '127.0.0.1', () => r()));
  const hookUrl = `http://127.0.0.1:${(sink.address() as AddressInfo).port}/hook`;
  const port = 40_000 + Math.floor(Math.random() * 10_000);
  const env = { NODE_ENV: 'test', LOG_LEVEL: 'warn', DATABASE_URL: dbUrl(name), REDIS_URL: REDIS, QUEUE_PREFIX: prefix,
    WEBHOOK_ALLOW_PRIVATE: 'true', WORKER_BEATS: 'false', WORKER_PORT: String(port), WORKER_PROCESSES: String(k) };
  let worker: ChildProcess | null = null;
  let ctx: Awaited<ReturnType<typeof NestFactory.createApplicationContext>> | null = null;
  let ds: DataSource | null = null;
  try {
    ds = await createDataSource(dbUrl(name)).initialize();
    await seedUnits(ds, hookUrl);
    const config = AppConfig.fromEnv({ ...env, LOG_LEVEL: 'silent' });
    ctx = await NestFactory.createApplicationContext({
      module: class BenchWorkersModule {},
      imports: [ConfigModule.forRoot(config), DatabaseModule, ClockModule.forRoot(new FixedClock(new Date())),
        bullRoot(config, 'worker'), CadenceModule],
    }, { logger: false });
    // the outbox is written once every process is up (a worker on a prefix without state enqueues it at boot)
    worker = spawn(process.execPath, [WORKER_MAIN], { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
    await healthy(port, 60_000);
    const queue = ctx.get<Queue>(getQueueToken(QueueName.Notifications));
    for (let i = 0; (await queue.getWorkers()).length < k; i++) {
      if (i > 600) throw new Error(`${label}: ${k} queue workers did not connect`);
      await sleep(100);
    }
    await seedOutbox(ds);
    const ids = (await ds.query(`SELECT id FROM notification`)).map((r: { id: string }) => r.id) as string[];
    const started = performance.now();
    await ctx.get(NotificationDispatcher).enqueuePending();
    while (received.size < ids.length) await sleep(20);
    while ((await ds.query(`SELECT count(*)::int AS n FROM notification WHERE status <> 'delivered'`))[0].n > 0) await sleep(20);
    const ms = performance.now() - started;
    const twice = [...received.values()].filter((n) => n !== 1).length;
    if (twice || ids.some((id) => !received.has(id))) throw new Error(`${label}: ${twice} notices received more than once`);
    return ids.length / (ms / 1000);
  } finally {
    if (worker && worker.exitCode === null) {
      const exited = new Promise((r) => worker!.once('exit', r));
      worker.kill('SIGTERM');
      await exited;
    }
    await ctx?.close();
    await ds?.destroy();
    await new Promise<void>((r) => sink.close(() => r()));
    const redis = new Redis(REDIS);
    for (const key of await redis.keys(`${prefix}:*`)) await redis.del(key);
    redis.disconnect();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

async function main(): Promise<void> {
  const template = `duban_bench_workers_${STAMP}_template`;
  await withMigratedTemplate(PG, template, async () => {
    await runOnce(template, 'warmup', 1);
    const rates: number[][] = PROCESSES.map(() => []);
    for (let r = 1; r <= RUNS; r++) {
      for (const [i, k] of PROCESSES.entries()) rates[i].push(await runOnce(template, `r${r}p${k}`, k));
      console.log(`run ${r}: ${PROCESSES.map((k, i) => `${k} process(es) ${fmt(rates[i][r - 1], 0)}/s`).join(', ')}`);
    }
    console.log(`\n${NOTICES} webhook notices over ${UNITS} units, NOTIFY_CONCURRENCY 10 a process, loopback sink; ${RUNS} runs ` +
      `after a warm-up; worker processes, sink, PostgreSQL and Redis share this machine's cores`);
    console.log(`  ${'WORKER_PROCESSES'.padEnd(18)}${Array.from({ length: RUNS }, (_, r) => `run ${r + 1}`.padStart(10)).join('')}` +
      `${'median'.padStart(10)}${'ratio to 1 (same-run, median)'.padStart(32)}`);
    for (const [i, k] of PROCESSES.entries()) {
      const ratios = rates[i].map((v, r) => v / rates[0][r]);
      console.log(`  ${String(k).padEnd(18)}${rates[i].map((v) => fmt(v, 0).padStart(10)).join('')}${fmt(median(rates[i]), 0).padStart(10)}` +
        `${`${ratios.map((x) => fmt(x, 2)).join(' / ')} → ${fmt(median(ratios), 2)}`.padStart(32)}`);
    }
  });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
