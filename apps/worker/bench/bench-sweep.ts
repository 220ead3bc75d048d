/**
 * npm run bench:sweep — the escalation beat and the delivery of its notifications (RELIABILITY.md B2, B3, B10),
 * against raw baselines measured in the same run:
 *   beat:     RunBeatUseCase 'escalate' over BENCH_TASKS open tasks (20% overdue) in BENCH_UNITS units: the grouped
 *             SELECTs, documents, marks and outbox rows in one transaction, then addBulk of the delivery jobs
 *   baseline: the bare INSERT … SELECT of the same notification rows into a table with the same indexes, and a BullMQ
 *             addBulk of the same number of jobs (jobIds, chunks of 1,000, as the dispatcher does)
 *   delivery: a BullMQ worker (NOTIFY_CONCURRENCY) delivering every notification to the inbox and to a loopback
 *             webhook sink in this process; baseline: a no-op BullMQ worker over the same number of jobs
 * Seeds a scratch database (dropped at the end) and a scratch queue prefix (obliterated). Prints figures; gates nothing.
 */
import 'reflect-metadata';
import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { BullModule } from '@nestjs/bullmq';
import { NestFactory } from '@nestjs/core';
import { ConnectionOptions, Queue, Worker } from 'bullmq';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AppConfig, ConfigModule } from '@app/config';
import { createDataSource, DatabaseModule, runMigrations } from '@app/database';
import { CadenceModule, ClockModule, FixedClock, RunBeatUseCase } from '@app/domain';
import { NotificationDelivery } from '@app/notifications';
import { QueueName, redisOptions } from '@app/queues';

const PG = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const TASKS = Number(process.env.BENCH_TASKS ?? 100_000);
const UNITS = Number(process.env.BENCH_UNITS ?? 2_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 10); // NOTIFY_CONCURRENCY's default
const AT = new Date('2025-09-22T10:00:00+08:00'); // a Monday, after the 09:00 escalation time
const dbUrl = (name: string) => Object.assign(new URL(PG), { pathname: `/${name}` }).toString();
const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const rate = (n: number, ms: number) => Math.round(n / (ms / 1000));
const timed = async <T>(fn: () => Promise<T>): Promise<[T, number]> => {
  const t = performance.now();
  const out = await fn();
  return [out, performance.now() - t];
};

async function seed(ds: DataSource, hookUrl: string): Promise<void> {
  // one county, its office, UNITS departments each with a generic webhook to the sink
  await ds.query(`
    WITH j AS (INSERT INTO unit (id, code, name, kind, jurisdiction_id, path)
               SELECT g, 'BJ', '基准县人民政府', 'jurisdiction', g, g || '/' FROM gen_random_uuid() g RETURNING id, path)
    INSERT INTO unit (code, name, kind, parent_id, jurisdiction_id, path, webhooks)
    SELECT 'BJ-' || n, CASE WHEN n = 0 THEN '基准县法治办' ELSE '基准县部门' || n END,
           CASE WHEN n = 0 THEN 'office' ELSE 'department' END, j.id, j.id, j.path || gen_random_uuid() || '/',
           CASE WHEN n = 0 THEN '[]'::jsonb ELSE jsonb_build_array(jsonb_build_object('kind', 'generic', 'url', $2::text,
             'secret', 'bench')) END
      FROM j, generate_series(0, $1) n`, [UNITS, hookUrl]);
  await ds.query(`INSERT INTO app_user (username, display_name, password_hash, role, unit_id)
    SELECT 'office', '法治办', 'x', 'office', id FROM unit WHERE code = 'BJ-0'`);
  // TASKS open tasks round-robin over the units; in each unit every fifth task overdue (deadline 1–50 days before AT),
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
           (SELECT id FROM unit WHERE code = 'BJ') j, (SELECT id FROM app_user WHERE username = 'office') u`, [TASKS, UNITS]);
  await ds.query('ANALYZE');
}

async function main(): Promise<void> {
  const name = `duban_bench_sweep_${Date.now().toString(36)}`;
  const prefix = `bench-sweep-${Date.now().toString(36)}`;
  const admin = new Client({ connectionString: PG });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
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
  try {
    const ds = await createDataSource(dbUrl(name)).initialize();
    await runMigrations(ds);
    const [, seedMs] = await timed(() => seed(ds, hookUrl));
    console.log(`seeded ${TASKS} open tasks (${TASKS / 5} overdue) over ${UNITS} units in ${secs(seedMs)}`);

    const config = AppConfig.fromEnv({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: dbUrl(name), REDIS_URL: REDIS,
      QUEUE_PREFIX: prefix, WEBHOOK_ALLOW_PRIVATE: 'true', NOTIFY_CONCURRENCY: String(CONCURRENCY) });
    ctx = await NestFactory.createApplicationContext({
      module: class BenchSweepModule {},
      imports: [ConfigModule.forRoot(config), DatabaseModule, ClockModule.forRoot(new FixedClock(AT)),
        BullModule.forRoot({ connection, prefix }), CadenceModule],
    }, { logger: false });

    // 1. the escalation beat: documents, marks, outbox rows in one transaction, then addBulk of the delivery jobs
    const [summary, beatMs] = await timed(() => ctx!.get(RunBeatUseCase).execute({ beat: 'escalate', at: AT }));
    const notifications = summary.notifications.created;
    console.log(`\nescalate beat: ${summary.documents.created} documents, ${notifications} notifications in ${secs(beatMs)}`);

    // 2. raw baselines, same run: the bare INSERT … SELECT of the same rows, and addBulk of as many jobs
    await ds.query(`CREATE TABLE bench_notification (LIKE notification INCLUDING DEFAULTS INCLUDING INDEXES)`);
    const [, insertMs] = await timed(() => ds.query(`INSERT INTO bench_notification SELECT * FROM notification`));
    const baselineQueue = new Queue('bench-baseline', { connection, prefix });
    queues.push(baselineQueue);
    const [, bulkMs] = await timed(async () => {
      for (let i = 0; i < notifications; i += 1_000) {
        await baselineQueue.addBulk(Array.from({ length: Math.min(1_000, notifications - i) }, (_, k) => ({
          name: 'deliver-notification', data: { notificationId: `00000000-0000-4000-8000-${String(i + k).padStart(12, '0')}` },
          opts: { jobId: `n-${i + k}`, attempts: 8, removeOnComplete: { age: 86_400, count: 10_000 } } })));
      }
    });

    // 3. delivery of the beat's notifications: inbox + webhook sink, NOTIFY_CONCURRENCY
    const delivery = ctx.get(NotificationDelivery);
    queues.push(new Queue(QueueName.Notifications, { connection, prefix }));
    const pending = async () => (await ds.query(`SELECT count(*)::int AS n FROM notification WHERE status = 'pending'`))[0].n;
    const [, deliverMs] = await timed(async () => {
      const worker = new Worker(QueueName.Notifications, (job) => delivery.deliver(job.data.notificationId, job.attemptsMade + 1, 8),
        { connection, prefix, concurrency: CONCURRENCY });
      while (await pending()) await new Promise((r) => setTimeout(r, 50));
      await worker.close();
    });
    const [{ inbox }] = await ds.query(`SELECT count(*)::int AS inbox FROM notification_delivery WHERE channel = 'inbox'`);
    // baseline: a no-op worker at the same concurrency over the addBulk jobs (queue round trips only)
    const [, noopMs] = await timed(async () => {
      let done = 0;
      const worker = new Worker('bench-baseline', async () => undefined, { connection, prefix, concurrency: CONCURRENCY });
      worker.on('completed', () => { done++; });
      while (done < notifications) await new Promise((r) => setTimeout(r, 20));
      await worker.close();
    });

    const row = (label: string, figure: string) => console.log(`  ${label.padEnd(58)} ${figure}`);
    console.log(`\nsame run, same machine (${TASKS} tasks, ${UNITS} units, ${notifications} notifications, concurrency ${CONCURRENCY}):`);
    row('escalate beat (scan + documents + outbox + addBulk)', `${secs(beatMs)}  ${rate(TASKS, beatMs)} tasks/s  ${rate(notifications, beatMs)} notifications/s`);
    row('baseline: bare INSERT … SELECT of the same rows', `${secs(insertMs)}  ${rate(notifications, insertMs)} rows/s`);
    row('baseline: BullMQ addBulk of as many jobs', `${secs(bulkMs)}  ${rate(notifications, bulkMs)} jobs/s`);
    row('baseline: both (ideal beat = insert + addBulk)', `${secs(insertMs + bulkMs)}  ${rate(notifications, insertMs + bulkMs)} notifications/s`);
    row('ratio beat / ideal (notifications/s)', `${((insertMs + bulkMs) / beatMs).toFixed(3)}`);
    row('delivery (inbox + webhook sink)', `${secs(deliverMs)}  ${rate(notifications, deliverMs)} notifications/s  (${inbox} inbox, ${hooks} webhooks)`);
    row('baseline: no-op BullMQ worker over as many jobs', `${secs(noopMs)}  ${rate(notifications, noopMs)} jobs/s`);
    row('ratio delivery / no-op worker', `${(noopMs / deliverMs).toFixed(3)}`);
    row('end to end (beat + delivery)', `${secs(beatMs + deliverMs)}  ${rate(TASKS, beatMs + deliverMs)} tasks/s`);
    await ds.destroy();
  } finally {
    for (const q of queues) {
      await q.obliterate({ force: true }).catch(() => undefined);
      await q.close();
    }
    await ctx?.close();
    await new Promise<void>((r) => sink.close(() => r()));
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
