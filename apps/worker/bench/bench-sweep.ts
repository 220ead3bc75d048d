/**
 * npm run bench:sweep [-- --runs N] [--small] [--keep] — the escalation beat and the delivery of its notifications
 * (figures and how to read them: docs/benchmarks.md), each figure against a raw baseline measured in the same run:
 *   beat:     RunBeatUseCase 'escalate' over BENCH_TASKS open tasks (20% overdue) in BENCH_UNITS units: the grouped
 *             SELECTs, documents, marks and outbox rows in one transaction, then their dispatch
 *             baseline: the bare INSERT … SELECT of the same notification rows into a table with the same indexes, and
 *             a BullMQ addBulk of as many jobs (jobIds, chunks of 1,000, as the dispatcher does)
 *   inbox:    (B3) the notifications of the units without any outside target (no e-mail, no webhook), dispatched and
 *             delivered to the inbox until none is pending
 *             baseline: min(batched INSERT … SELECT generate_series of 1,000 delivery rows a statement ON CONFLICT DO
 *             NOTHING, 2 clients; no-op BullMQ worker jobs/s × notifications per job)
 *   webhook:  (B4′) the notifications of the units with a generic webhook, dispatched and delivered (inbox + webhook) by a
 *             BullMQ worker at NOTIFY_CONCURRENCY to a loopback sink in this process
 *             baselines: a bare fetch (undici) POST loop of as many requests to the same sink at the same concurrency, and
 *             a no-op BullMQ worker over as many jobs
 * Half the units (odd numbers) have a webhook, the other half none. Between the beat and the delivery phases the outbox
 * is put back to pending and the queue emptied, so both phases start from the same state whatever the code does.
 * One warm-up run at a tenth of the size, then N measured runs (default 3), each on its own database cloned from one
 * migrated template and its own queue prefix; prints every run's figures and ratios, then min/median/max. Gates nothing.
 * --province: the runs clone a second template seeded once with the province fixture (province-fixture.ts: ~5,000
 * units, 1,000,000 tasks, 100,000 open, 20% of those overdue, with history and progress), half its units (every other
 * in code order) given a webhook per run; it adds the end to end against the sum of the baselines' ideal times (B10)
 * and the memory: this process's RSS (it hosts the worker) and Redis used_memory before and after (B9).
 * BEAT_CONCURRENCY (default 4) is the beat's, as in the worker: BEAT_CONCURRENCY=1 runs the jurisdictions one after the other.
 * Everything (load, app, PostgreSQL, Redis) shares this machine's cores: absolute figures move between identical runs,
 * the same-run ratios much less.
 */
import 'reflect-metadata';
import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { BullModule } from '@nestjs/bullmq';
import { NestFactory } from '@nestjs/core';
import { ConnectionOptions, Queue, Worker } from 'bullmq';
import IORedis from 'ioredis';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AppConfig, ConfigModule } from '@app/config';
import { createDataSource, DatabaseModule } from '@app/database';
import { CadenceModule, ClockModule, FixedClock, RunBeatUseCase } from '@app/domain';
import { DISPATCH_BATCH, NotificationDeliveryService, NotificationDispatcher } from '@app/notifications';
import { QueueName, redisOptions } from '@app/queues';
import { databaseAt, fmt, withMigratedTemplate } from './bench-template';
import { describeProvince, PROVINCE, seedProvince } from './province-fixture';

const arg = (name: string) => process.argv.includes(`--${name}`);
const argValue = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const SMALL = arg('small');
const PROVINCE_MODE = arg('province');
/** BENCH_PROVINCE_TASKS scales the province's tasks down to try the benchmark out (the units stay) */
const PROVINCE_SHAPE = { ...PROVINCE, tasks: Number(process.env.BENCH_PROVINCE_TASKS ?? PROVINCE.tasks) };
/** keep the last run's database (to EXPLAIN the beat's statements on it) */
const KEEP = arg('keep');
const PG = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const TASKS = Number(process.env.BENCH_TASKS ?? (SMALL ? 10_000 : 100_000));
const UNITS = Number(process.env.BENCH_UNITS ?? (SMALL ? 200 : 2_000));
const RUNS = Number(argValue('runs') ?? process.env.BENCH_RUNS ?? 3);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 10); // NOTIFY_CONCURRENCY's default
/** inbox-only notifications per unit of queue work: the dispatcher settles them a batch a statement, without a job */
const INBOX_PER_JOB = DISPATCH_BATCH;
const AT = new Date('2025-09-22T10:00:00+08:00'); // a Monday, after the 09:00 escalation time
const TODAY = '2025-09-22';
const STAMP = Date.now().toString(36);
const dbUrl = (name: string) => databaseAt(PG, name);
const rate = (n: number, ms: number) => n / (ms / 1000);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const timed = async <T>(fn: () => Promise<T>): Promise<[T, number]> => {
  const t = performance.now();
  const out = await fn();
  return [out, performance.now() - t];
};

async function seed(ds: DataSource, tasks: number, units: number, hookUrl: string): Promise<void> {
  // one county, its office, `units` departments; the odd ones with a generic webhook to the sink, the even ones none
  await ds.query(`
    WITH j AS (INSERT INTO unit (id, code, name, kind, jurisdiction_id, path)
               SELECT g, 'BJ', '基准县人民政府', 'jurisdiction', g, g || '/' FROM gen_random_uuid() g RETURNING id, path)
    INSERT INTO unit (code, name, kind, parent_id, jurisdiction_id, path, webhooks)
    SELECT 'BJ-' || n, CASE WHEN n = 0 THEN '基准县法治办' ELSE '基准县部门' || n END,
           CASE WHEN n = 0 THEN 'office' ELSE 'department' END, j.id, j.id, j.path || gen_random_uuid() || '/',
           CASE WHEN n % 2 = 0 THEN '[]'::jsonb ELSE jsonb_build_array(jsonb_build_object('kind', 'generic', 'url', $2::text,
             'secret', 'bench')) END
      FROM j, generate_series(0, $1) n`, [units, hookUrl]);
  await ds.query(`INSERT INTO app_user (username, display_name, password_hash, role, unit_id)
    SELECT 'office', '法治办', 'x', 'office', id FROM unit WHERE code = 'BJ-0'`);
  // `tasks` open tasks round-robin over the units; in each unit every fifth task overdue (deadline 1–50 days before AT),
  // the rest due from the next day on (a few within the due-soon window)
  await ds.query(`
    WITH d AS (SELECT id, row_number() OVER (ORDER BY code) - 1 AS k FROM unit WHERE kind = 'department')
    INSERT INTO task (jurisdiction_id, code, plan_year, title, lead_unit_id, original_deadline, current_deadline,
                      status, assigned_at, acknowledged_at, created_by)
    SELECT j.id, '2025-' || lpad(s::text, 6, '0'), 2025, '基准任务' || s, d.id, dl, dl, 'acknowledged',
           TIMESTAMPTZ '2025-07-01 09:00+08', TIMESTAMPTZ '2025-07-02 09:00+08', u.id
      FROM generate_series(1, $1) s
      CROSS JOIN LATERAL (SELECT CASE WHEN (s / $2) % 5 = 0 THEN DATE '2025-09-21' - (1 + s % 50)
                                      ELSE DATE '2025-09-23' + (s / $2) % 100 END AS dl) x
      JOIN d ON d.k = s % $2,
           (SELECT id FROM unit WHERE code = 'BJ') j, (SELECT id FROM app_user WHERE username = 'office') u`, [tasks, units]);
  await ds.query('ANALYZE');
}

/** The province clone's webhooks: every other unit in code order posts to this run's sink, the others have none. */
async function hookProvince(ds: DataSource, hookUrl: string): Promise<void> {
  await ds.query(`UPDATE unit u SET webhooks = jsonb_build_array(jsonb_build_object('kind', 'generic', 'url', $1::text,
    'secret', 'bench')) FROM (SELECT id, row_number() OVER (ORDER BY code) AS n FROM unit) o WHERE o.id = u.id AND o.n % 2 = 1`,
  [hookUrl]);
  await ds.query('VACUUM ANALYZE unit');
}

/**
 * BENCH_SQL_PROFILE=1: the beat's statements by total time (wall time of each pg query, its text's first 110 characters as
 * the key), printed after each measured run's beat: what the beat spends its time on.
 */
async function profiled<T>(label: string, fn: () => Promise<T>): Promise<T> {
  if (!process.env.BENCH_SQL_PROFILE || label === 'warmup') return fn();
  const proto = Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  const stats = new Map<string, { n: number; ms: number }>();
  proto.query = function (this: unknown, ...args: unknown[]) {
    const out = original.apply(this, args);
    const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string } | undefined)?.text;
    if (!text || !(out instanceof Promise)) return out;
    const t = performance.now();
    const key = text.replace(/\s+/g, ' ').trim().slice(0, 110);
    return out.finally(() => {
      const s = stats.get(key) ?? { n: 0, ms: 0 };
      s.n++;
      s.ms += performance.now() - t;
      stats.set(key, s);
    });
  };
  try {
    return await fn();
  } finally {
    proto.query = original;
    console.log(`the beat's statements in run ${label}, by total time:`);
    for (const [key, s] of [...stats].sort((a, b) => b[1].ms - a[1].ms).slice(0, 15)) {
      console.log(`  ${s.ms.toFixed(0).padStart(7)} ms ${String(s.n).padStart(6)}×  ${key}`);
    }
  }
}

/** Redis INFO memory's used_memory, bytes (the server is shared: other work moves it too). */
async function redisUsedMemory(redis: IORedis): Promise<number> {
  const info = await redis.info('memory');
  return Number(/used_memory:(\d+)/.exec(info)?.[1] ?? NaN);
}

interface RunFigures {
  notifications: number;
  inboxOnly: number;
  hooked: number;
  beatMs: number;
  idealBeatMs: number;
  inboxMs: number;
  insertRowsPerS: number;
  noopJobsPerS: number;
  hookMs: number;
  fetchMs: number;
  hooksReceived: number;
  /** this process's RSS (it hosts the worker): the highest sampled during the run, and at its end, bytes */
  rssPeak: number;
  rssEnd: number;
  redisBefore: number;
  redisAfter: number;
  /** B9's bound: min(webhook jobs, removeOnComplete.count) × the average completed job's MEMORY USAGE, + 20% */
  redisBound: number;
  /** MEMORY USAGE of the queue's event stream and completed set after the delivery, bytes */
  queueKeys: number;
}

/** One measured run on a fresh clone of the template database. */
async function runOnce(template: string, label: string, tasks: number, units: number, keep = false,
  province = false): Promise<RunFigures> {
  const name = `duban_bench_sweep_${STAMP}_${label}`;
  const prefix = `bench-sweep-${STAMP}-${label}`;
  const admin = new Client({ connectionString: PG });
  await admin.connect();
  // FILE_COPY: copying the files is much faster than PostgreSQL 15's default WAL_LOG for a template of gigabytes
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template} STRATEGY FILE_COPY`);
  let hooks = 0;
  const sink = createServer((req, res) => {
    req.resume();
    req.on('end', () => { hooks++; res.writeHead(200).end('ok'); });
  });
  await new Promise<void>((r) => sink.listen(0, '127.0.0.1', () => r()));
  const hookUrl = `http://127.0.0.1:${(sink.address() as AddressInfo).port}/hook`;
  const connection = redisOptions(REDIS, 'worker') as ConnectionOptions;
  const queues: Queue[] = [];
  let ctx: Awaited<ReturnType<typeof NestFactory.createApplicationContext>> | null = null;
  let ds: DataSource | null = null;
  let redis: IORedis | null = null;
  let rssPeak = 0;
  const sampler = setInterval(() => { rssPeak = Math.max(rssPeak, process.memoryUsage.rss()); }, 100);
  try {
    ds = await createDataSource(dbUrl(name)).initialize();
    if (province) await hookProvince(ds, hookUrl);
    else await seed(ds, tasks, units, hookUrl);
    const config = AppConfig.fromEnv({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: dbUrl(name), REDIS_URL: REDIS,
      QUEUE_PREFIX: prefix, WEBHOOK_ALLOW_PRIVATE: 'true', NOTIFY_CONCURRENCY: String(CONCURRENCY),
      ...(process.env.BEAT_CONCURRENCY ? { BEAT_CONCURRENCY: process.env.BEAT_CONCURRENCY } : {}) });
    ctx = await NestFactory.createApplicationContext({
      module: class BenchSweepModule {},
      imports: [ConfigModule.forRoot(config), DatabaseModule, ClockModule.forRoot(new FixedClock(AT)),
        BullModule.forRoot({ connection, prefix }), CadenceModule],
    }, { logger: false });
    const notifyQueue = new Queue(QueueName.Notifications, { connection, prefix });
    queues.push(notifyQueue);
    redis = new IORedis(REDIS, { maxRetriesPerRequest: 3 });
    const redisBefore = await redisUsedMemory(redis);

    // 1. the escalation beat: documents, marks, outbox rows in one transaction, then their dispatch
    const [summary, beatMs] = await timed(() => profiled(label, () => ctx!.get(RunBeatUseCase).execute({ beat: 'escalate', at: AT })));
    const notifications = summary.notifications.created;

    // baselines of the beat, same run: the bare INSERT … SELECT of the same rows, and addBulk of as many jobs
    await ds.query(`CREATE TABLE bench_notification (LIKE notification INCLUDING DEFAULTS INCLUDING INDEXES)`);
    const [, insertMs] = await timed(() => ds!.query(`INSERT INTO bench_notification SELECT * FROM notification`));
    const baselineQueue = new Queue('bench-baseline', { connection, prefix });
    queues.push(baselineQueue);
    const [, bulkMs] = await timed(async () => {
      for (let i = 0; i < notifications; i += 1_000) {
        await baselineQueue.addBulk(Array.from({ length: Math.min(1_000, notifications - i) }, (_, k) => ({
          name: 'deliver-notification', data: { notificationId: `00000000-0000-4000-8000-${String(i + k).padStart(12, '0')}` },
          opts: { jobId: `n-${i + k}`, attempts: 8, removeOnComplete: { age: 86_400, count: 10_000 } } })));
      }
    });

    // back to the state the beat's transaction committed: every notification pending, nothing delivered, no job queued
    await notifyQueue.obliterate({ force: true });
    await ds.query(`DELETE FROM notification_delivery`);
    await ds.query(`UPDATE notification SET status = 'pending', delivered_at = NULL, attempts = 0, last_error = NULL`);
    await ds.query(`VACUUM ANALYZE notification`);
    await ds.query(`VACUUM ANALYZE notification_delivery`);
    // a webhook goes out for a unit's notice on the webhook channel to a unit with webhooks (targetsOf): a leader's own
    // notice and the channels a step leaves webhooks off (督办, 考核: inbox and e-mail) are inbox-only here
    const idsWhere = async (hasHook: boolean): Promise<string[]> => (await ds!.query(`SELECT n.id FROM notification n
      JOIN unit u ON u.id = n.recipient_unit_id
      WHERE (jsonb_array_length(u.webhooks) > 0 AND 'webhook' = ANY(n.channels) AND n.recipient_user_id IS NULL) = $1
      ORDER BY n.created_at, n.id`,
    [hasHook])).map((r: { id: string }) => r.id);
    const inboxIds = await idsWhere(false);
    const hookIds = await idsWhere(true);
    // cheap to poll (the partial index of pending rows): the phase is over when only the other phase's rows are pending
    const pending = async () => (await ds!.query(`SELECT count(*)::int AS n FROM notification WHERE status = 'pending'`))[0].n as number;

    const delivery = ctx.get(NotificationDeliveryService);
    const dispatcher = ctx.get(NotificationDispatcher);
    const drain = async (ids: string[], others: number) => {
      await dispatcher.dispatch(ids);
      if ((await pending()) <= others) return; // nothing left for a worker
      const worker = new Worker(QueueName.Notifications, (job) => delivery.deliver(job.data.notificationId, job.attemptsMade + 1, 8),
        { connection, prefix, concurrency: CONCURRENCY });
      while ((await pending()) > others) await sleep(20);
      await worker.close();
    };

    // 2. inbox-only notifications (B3)
    const [, inboxMs] = await timed(() => drain(inboxIds, hookIds.length));
    // baseline: batched inserts of as many delivery rows, 1,000 a statement, 2 clients
    await ds.query(`CREATE TABLE bench_delivery (LIKE notification_delivery INCLUDING DEFAULTS INCLUDING INDEXES)`);
    const batches = Math.max(2, Math.ceil(inboxIds.length / 1_000));
    const [, insertBatchMs] = await timed(() => Promise.all([0, 1].map(async (c) => {
      for (let b = c; b < batches; b += 2) {
        await ds!.query(`INSERT INTO bench_delivery (notification_id, channel, target, status)
          SELECT gen_random_uuid(), 'inbox', '', 'sent' FROM generate_series(1, 1000) ON CONFLICT DO NOTHING`);
      }
    })));
    const insertRowsPerS = rate(batches * 1_000, insertBatchMs);
    // baseline: a no-op worker at the same concurrency over the addBulk jobs (queue round trips only)
    const [, noopMs] = await timed(async () => {
      let done = 0;
      const worker = new Worker('bench-baseline', async () => undefined, { connection, prefix, concurrency: CONCURRENCY });
      worker.on('completed', () => { done++; });
      while (done < notifications) await sleep(20);
      await worker.close();
    });
    await baselineQueue.obliterate({ force: true }); // so that Redis holds only what the delivery leaves behind

    // 3. notifications with a webhook (B4′): inbox + webhook sink, NOTIFY_CONCURRENCY
    hooks = 0;
    const [, hookMs] = await timed(() => drain(hookIds, 0));
    const hooksReceived = hooks;
    const redisAfter = await redisUsedMemory(redis);
    const sample = hookIds.slice(-50);
    const jobBytes = (await Promise.all(sample.map((id) => redis!.memory('USAGE', `${prefix}:${QueueName.Notifications}:n-${id}`))))
      .map(Number).filter((b) => b > 0);
    const avgJobBytes = jobBytes.reduce((a, b) => a + b, 0) / Math.max(1, jobBytes.length);
    const redisBound = Math.min(hookIds.length, 10_000) * avgJobBytes * 1.2;
    // what else the queue keeps: its event stream (capped by BullMQ) and the completed set
    const queueKeys = (await Promise.all(['events', 'completed'].map((k) => redis!.memory('USAGE', `${prefix}:${QueueName.Notifications}:${k}`))))
      .map((b) => Number(b) || 0).reduce((a, b) => a + b, 0);
    // baseline: a bare fetch POST loop of as many requests to the same sink at the same concurrency
    const body = JSON.stringify({ id: hookIds[0], kind: 'urge', title: '催办单', text: '以下任务已超过完成时限。'.repeat(20),
      documentNumber: '〔2025〕催办第1号', period: '2025-09-22' });
    let next = 0;
    const [, fetchMs] = await timed(() => Promise.all(Array.from({ length: CONCURRENCY }, async () => {
      while (next++ < hookIds.length) {
        const res = await fetch(hookUrl, { method: 'POST', body, headers: { 'content-type': 'application/json; charset=utf-8' } });
        await res.text();
        if (res.status !== 200) throw new Error(`sink answered ${res.status}`);
      }
    })));

    return { notifications, inboxOnly: inboxIds.length, hooked: hookIds.length, beatMs, idealBeatMs: insertMs + bulkMs,
      inboxMs, insertRowsPerS, noopJobsPerS: rate(notifications, noopMs), hookMs, fetchMs, hooksReceived,
      rssPeak: Math.max(rssPeak, process.memoryUsage.rss()), rssEnd: process.memoryUsage.rss(), redisBefore, redisAfter, redisBound, queueKeys };
  } finally {
    clearInterval(sampler);
    redis?.disconnect();
    for (const q of queues) {
      await q.obliterate({ force: true }).catch(() => undefined);
      await q.close();
    }
    await ctx?.close();
    await ds?.destroy();
    await new Promise<void>((r) => sink.close(() => r()));
    if (keep) console.log(`kept database ${name}`);
    else await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

interface Derived { label: string; unit: string; value: (f: RunFigures) => number; digits: number }

const FIGURES: Derived[] = [
  { label: 'escalate beat (scan + documents + outbox + dispatch)', unit: 's', value: (f) => f.beatMs / 1000, digits: 2 },
  { label: 'baseline: ideal beat (bare INSERT … SELECT + addBulk)', unit: 's', value: (f) => f.idealBeatMs / 1000, digits: 2 },
  { label: 'RATIO beat / ideal', unit: '', value: (f) => f.idealBeatMs / f.beatMs, digits: 3 },
  { label: 'inbox-only delivery (dispatch → delivered)', unit: '/s', value: (f) => rate(f.inboxOnly, f.inboxMs), digits: 0 },
  { label: 'baseline: batched insert rows/s (1,000/stmt, 2 clients)', unit: '/s', value: (f) => f.insertRowsPerS, digits: 0 },
  { label: 'baseline: no-op worker jobs/s', unit: '/s', value: (f) => f.noopJobsPerS, digits: 0 },
  { label: `baseline B3: min(insert rows/s, no-op jobs/s × ${INBOX_PER_JOB})`, unit: '/s',
    value: (f) => Math.min(f.insertRowsPerS, f.noopJobsPerS * INBOX_PER_JOB), digits: 0 },
  { label: 'RATIO B3 inbox / baseline', unit: '', value: (f) => rate(f.inboxOnly, f.inboxMs) /
    Math.min(f.insertRowsPerS, f.noopJobsPerS * INBOX_PER_JOB), digits: 3 },
  { label: 'webhook delivery (inbox + webhook sink)', unit: '/s', value: (f) => rate(f.hooked, f.hookMs), digits: 0 },
  { label: 'baseline B4′: bare fetch POST loop, same concurrency', unit: '/s', value: (f) => rate(f.hooked, f.fetchMs), digits: 0 },
  { label: 'RATIO B4′ webhook / fetch loop', unit: '', value: (f) => f.fetchMs / f.hookMs, digits: 3 },
  { label: 'RATIO webhook delivery / no-op worker', unit: '', value: (f) => rate(f.hooked, f.hookMs) / f.noopJobsPerS, digits: 3 },
  { label: 'all notifications delivered (inbox-only + webhook)', unit: '/s', value: (f) => rate(f.inboxOnly + f.hooked,
    f.inboxMs + f.hookMs), digits: 0 },
  { label: 'RATIO all delivered / no-op worker', unit: '', value: (f) => rate(f.inboxOnly + f.hooked, f.inboxMs + f.hookMs) /
    f.noopJobsPerS, digits: 3 },
  { label: 'end to end: beat + both deliveries', unit: 's', value: (f) => (f.beatMs + f.inboxMs + f.hookMs) / 1000, digits: 2 },
];

/** B3's baseline time for the inbox-only notifications, ms */
const idealInboxMs = (f: RunFigures) => f.inboxOnly / Math.min(f.insertRowsPerS, f.noopJobsPerS * INBOX_PER_JOB) * 1000;
const MB = 1024 * 1024;

/** Printed too with --province: B10 and B9. */
const PROVINCE_FIGURES: Derived[] = [
  { label: 'baseline B10: ideal beat + B3 ideal + fetch loop', unit: 's', value: (f) => (f.idealBeatMs + idealInboxMs(f) +
    f.fetchMs) / 1000, digits: 2 },
  { label: 'RATIO B10 end to end / sum of ideals (target ≤ 3)', unit: '', value: (f) => (f.beatMs + f.inboxMs + f.hookMs) /
    (f.idealBeatMs + idealInboxMs(f) + f.fetchMs), digits: 2 },
  { label: 'worker (this process) RSS, peak', unit: 'MB', value: (f) => f.rssPeak / MB, digits: 0 },
  { label: 'worker (this process) RSS, at the end', unit: 'MB', value: (f) => f.rssEnd / MB, digits: 0 },
  { label: 'Redis used_memory before the beat', unit: 'MB', value: (f) => f.redisBefore / MB, digits: 1 },
  { label: 'Redis used_memory after the delivery', unit: 'MB', value: (f) => f.redisAfter / MB, digits: 1 },
  { label: 'Redis used_memory delta', unit: 'MB', value: (f) => (f.redisAfter - f.redisBefore) / MB, digits: 1 },
  { label: 'B9 bound: min(jobs, 10,000 kept) × job bytes + 20%', unit: 'MB', value: (f) => f.redisBound / MB, digits: 1 },
  { label: 'of the delta: event stream + completed set', unit: 'MB', value: (f) => f.queueKeys / MB, digits: 1 },
];

async function main(): Promise<void> {
  const template = `duban_bench_sweep_${STAMP}_template`;
  await withMigratedTemplate(PG, template, async () => {
    const warm = await runOnce(template, 'warmup', Math.ceil(TASKS / 10), Math.ceil(UNITS / 10));
    console.log(`warm-up at a tenth of the size: ${warm.notifications} notifications (not counted)`);
    let runsFrom = template;
    let fixture = `${TASKS} open tasks (20% overdue), ${UNITS} units (half with a webhook)`;
    if (PROVINCE_MODE) {
      runsFrom = `duban_bench_sweep_${STAMP}_province`;
      await withDatabase(runsFrom, template, async () => {
        console.log('seeding the province fixture once …');
        const f = await seedProvince(dbUrl(runsFrom), TODAY, 'x', PROVINCE_SHAPE, (line) => console.log(line));
        console.log(describeProvince(f));
        fixture = `province: ${f.tasks} tasks, ${f.open} open (${f.overdue} overdue), ${f.units} units (half with a webhook)`;
        await measure(runsFrom, fixture);
      });
    } else {
      await measure(runsFrom, fixture);
    }
  });
}

/** Creates `name` from `template`, runs `fn`, drops it whatever happens. */
async function withDatabase(name: string, template: string, fn: () => Promise<void>): Promise<void> {
  const admin = new Client({ connectionString: PG });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  try {
    await fn();
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

async function measure(template: string, fixture: string): Promise<void> {
  const runs: RunFigures[] = [];
  const figures = PROVINCE_MODE ? [...FIGURES, ...PROVINCE_FIGURES] : FIGURES;
  for (let i = 1; i <= RUNS; i++) {
    const f = await runOnce(template, `r${i}`, TASKS, UNITS, KEEP && i === RUNS, PROVINCE_MODE);
    runs.push(f);
    if (f.hooksReceived < f.hooked) throw new Error(`run ${i}: ${f.hooksReceived} webhooks received for ${f.hooked} notifications`);
    console.log(`run ${i}: ${f.notifications} notifications (${f.inboxOnly} inbox-only, ${f.hooked} with a webhook); ` +
      figures.filter((x) => x.label.startsWith('RATIO')).map((x) => `${x.label.slice(6)} ${fmt(x.value(f), x.digits)}`).join(', '));
  }
  console.log(`\n${fixture}, concurrency ${CONCURRENCY}; ` +
    `${RUNS} runs after a warm-up; app, load, PostgreSQL and Redis share this machine's cores`);
  console.log(`  ${'figure'.padEnd(60)} ${runs.map((_, i) => `run ${i + 1}`.padStart(10)).join('')}${['min', 'median', 'max']
    .map((h) => h.padStart(10)).join('')}`);
  for (const x of figures) {
    const vs = runs.map(x.value);
    const sorted = [...vs].sort((a, b) => a - b);
    const median = sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    console.log(`  ${`${x.label}${x.unit ? ` (${x.unit})` : ''}`.padEnd(60)} ${vs.map((v) => fmt(v, x.digits).padStart(10)).join('')}` +
      `${[sorted[0], median, sorted[sorted.length - 1]].map((v) => fmt(v, x.digits).padStart(10)).join('')}`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
