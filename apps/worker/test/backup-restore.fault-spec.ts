import 'reflect-metadata';
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Client } from 'pg';
import { createDataSource, runMigrations } from '@app/database';
import { businessDate } from '@app/domain';
import { OwnPostgres, OwnRedis, startOwnPostgres, startOwnRedis } from '@app/testing';
import { insertTask, seedJurisdiction } from './cadence-fixture';

const WORKER = join(__dirname, '..', '..', '..', 'dist', 'apps', 'worker', 'src', 'main.js');
const pgBin = (name: string) => {
  const version = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a))[0];
  return join('/usr/lib/postgresql', version, 'bin', name);
};

/**
 * docs/maintenance.md's backup and restore, done as written: `pg_dump` of the database is the whole backup. Restored
 * into a new PostgreSQL next to an empty Redis, the worker rebuilds everything Redis held from it — the schedulers,
 * the jobs of the notices still to send — and does not redo a beat the backup says was done.
 */
describe('backup (pg_dump) and restore onto a new server with an empty Redis', () => {
  let source: OwnPostgres;
  let target: OwnPostgres;
  let redis: OwnRedis;
  let hook: Server;
  let dir: string;
  let worker: ChildProcess | null = null;
  const received = new Set<string>();

  beforeAll(async () => {
    [source, target, redis] = await Promise.all([startOwnPostgres(), startOwnPostgres(), startOwnRedis()]);
    dir = mkdtempSync(join(tmpdir(), 'duban-backup-'));
    hook = createServer((req, res) => {
      received.add(String(req.headers['x-duban-delivery']));
      req.resume();
      req.on('end', () => res.writeHead(200).end('ok'));
    });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', () => r()));
  });
  afterAll(async () => {
    if (worker && worker.exitCode === null) worker.kill('SIGKILL');
    await new Promise<void>((r) => (hook ? hook.close(() => r()) : r()));
    await Promise.all([source?.destroy(), target?.destroy(), redis?.destroy()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('restores every task and notice, and the worker rebuilds Redis from the database alone', async () => {
    // the production database: a county, a task, a beat done today, two notices still to send
    const url = await source.createDatabase('duban');
    const ds = await createDataSource(url).initialize();
    await runMigrations(ds);
    const w = [{ kind: 'generic', url: `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook` }];
    const s = await seedJurisdiction(ds, {}, { a: w });
    await insertTask(ds, s, { unit: s.units.a, assignedAt: '2026-03-02T08:00:00+08:00', deadline: '2026-06-30' });
    await ds.query(`INSERT INTO beat_run (jurisdiction_id, beat, period, outcome, as_of) VALUES ($1, 'monthly-bulletin', '2026-02', 'done', now())`,
      [s.jurisdiction]);
    // the restored worker runs on the machine's clock: today is a day off for this county, so none of today's beats
    // (a slip, a Monday reminder, the ladder for the long-overdue task) adds notices to the two the backup holds
    await ds.query(`INSERT INTO working_day_override (jurisdiction_id, day, is_working, note) VALUES ($1, $2, false, '故障测试')`,
      [s.jurisdiction, businessDate(new Date())]);
    const pending: string[] = (await ds.query(`INSERT INTO notification (dedup_key, kind, jurisdiction_id, recipient_unit_id, period, title, body, created_at)
      SELECT 'urge|backup|' || g, 'urge', $1, $2, '2026-03-02', '催办单', '请抓紧办理。', now() FROM generate_series(1, 2) g RETURNING id`,
    [s.jurisdiction, s.units.a])).map((r: { id: string }) => r.id);
    await ds.destroy();

    // backup and restore, as docs/maintenance.md says
    const dump = join(dir, 'duban.dump');
    execFileSync(pgBin('pg_dump'), ['--format=custom', `--file=${dump}`, url]);
    const restored = await target.createDatabase('duban');
    execFileSync(pgBin('pg_restore'), ['--no-owner', `--dbname=${restored}`, dump]);

    const db = new Client({ connectionString: restored });
    await db.connect();
    try {
      expect((await db.query(`SELECT count(*)::int AS n FROM task`)).rows).toEqual([{ n: 1 }]);
      worker = spawn(process.execPath, [WORKER], { stdio: 'ignore', env: { PATH: process.env.PATH, NODE_ENV: 'test',
        LOG_LEVEL: 'silent', DATABASE_URL: restored, REDIS_URL: redis.url, QUEUE_PREFIX: 'restored', WORKER_PORT: '0',
        WEBHOOK_ALLOW_PRIVATE: 'true' } });
      const queue = new Queue('cadence', { connection: { host: '127.0.0.1', port: redis.port }, prefix: 'restored' });
      try {
        for (let i = 0; i < 300 && ((await queue.getJobSchedulers()).length < 6 || received.size < 2); i++) {
          await new Promise((r) => setTimeout(r, 100));
        }
        expect((await queue.getJobSchedulers()).length).toBe(6);
      } finally {
        await queue.close();
      }
      expect([...received].sort()).toEqual([...pending].sort());
      expect((await db.query(`SELECT status, count(*)::int AS n FROM notification GROUP BY 1`)).rows).toEqual([{ status: 'delivered', n: 2 }]);
      // the February bulletin the backup says was done is not done again
      expect((await db.query(`SELECT count(*)::int AS n FROM beat_run WHERE beat = 'monthly-bulletin' AND period = '2026-02'`)).rows)
        .toEqual([{ n: 1 }]);
    } finally {
      await db.end();
      worker?.kill('SIGTERM');
    }
  });
});
