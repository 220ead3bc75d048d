/**
 * npm run bench:api — the ledger API under load against raw baselines measured in the same run (docs/benchmarks.md):
 *   health:   GET /health/live and /health     vs a bare node:http server                       (framework overhead)
 *   progress: POST /api/tasks/:id/progress     vs the same SQL on a raw pg pool, same concurrency (status update)
 *   list:     GET /api/tasks (page 1 and deep) vs the same SELECT on a raw pg pool              (keyset paging)
 * Seeds a scratch database (dropped at the end). Prints figures; gates nothing: absolute numbers move between runs.
 */
import 'reflect-metadata';
import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { Client, Pool } from 'pg';
import { createDataSource, runMigrations } from '@app/database';
import { encodeCursor, PasswordHasher } from '@app/domain';

const PG = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const TASKS = Number(process.env.BENCH_TASKS ?? 100_000);
const UNITS = Number(process.env.BENCH_UNITS ?? 200);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const dbUrl = (name: string) => Object.assign(new URL(PG), { pathname: `/${name}` }).toString();

interface Result { reqPerSec: number; p99: number; errors: number }

async function load(url: string, opts: Pick<autocannon.Options, 'headers' | 'requests'> = {}): Promise<Result> {
  await autocannon({ url, connections: CONNECTIONS, duration: 2, ...opts }); // warm-up
  const r = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, ...opts });
  return { reqPerSec: r.requests.average, p99: r.latency.p99, errors: r.errors + r.non2xx };
}

/** Runs `fn` from CONNECTIONS concurrent callers for SECONDS; the raw baseline of an endpoint's SQL. */
async function raw(fn: (i: number) => Promise<unknown>): Promise<Result> {
  const run = async (seconds: number) => {
    const latencies: number[] = [];
    const end = Date.now() + seconds * 1000;
    let n = 0;
    await Promise.all(Array.from({ length: CONNECTIONS }, async () => {
      while (Date.now() < end) {
        const t = performance.now();
        await fn(n++);
        latencies.push(performance.now() - t);
      }
    }));
    latencies.sort((a, b) => a - b);
    return { reqPerSec: latencies.length / seconds, p99: latencies[Math.floor(latencies.length * 0.99)] ?? 0, errors: 0 };
  };
  await run(2);
  return run(SECONDS);
}

function startChild(args: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, args, { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
}

async function waitFor(url: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await fetch(url).then((r) => r.ok, () => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not come up`);
}

async function main(): Promise<void> {
  const name = `duban_bench_${Date.now().toString(36)}`;
  const admin = new Client({ connectionString: PG });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const children: ChildProcess[] = [];
  try {
    const ds = await createDataSource(dbUrl(name)).initialize();
    await runMigrations(ds);
    const hash = await new PasswordHasher().hash('bench-password');
    const t0 = performance.now();
    // one county, its office, UNITS departments, a user each for the office and department 1, TASKS open tasks
    await ds.query(`
      WITH j AS (INSERT INTO unit (id, code, name, kind, jurisdiction_id, path)
                 SELECT g, 'BJ', '基准县', 'jurisdiction', g, g || '/' FROM gen_random_uuid() g RETURNING id, path)
      INSERT INTO unit (code, name, kind, parent_id, jurisdiction_id, path)
      SELECT 'BJ-' || n, CASE WHEN n = 0 THEN '基准县法治办' ELSE '基准县部门' || n END,
             CASE WHEN n = 0 THEN 'office' ELSE 'department' END, j.id, j.id, j.path || gen_random_uuid() || '/'
        FROM j, generate_series(0, $1) n`, [UNITS]);
    await ds.query(`INSERT INTO app_user (username, display_name, password_hash, role, unit_id)
      SELECT 'office', '法治办', $1, 'office', id FROM unit WHERE code = 'BJ-0'
      UNION ALL SELECT 'dept', '部门1', $1, 'department', id FROM unit WHERE code = 'BJ-1'`, [hash]);
    await ds.query(`
      INSERT INTO task (jurisdiction_id, code, plan_year, title, lead_unit_id, original_deadline, current_deadline,
                        status, assigned_at, acknowledged_at, created_by)
      SELECT j.id, '2026-' || lpad(s::text, 6, '0'), 2026, '基准任务' || s, d.id, DATE '2026-01-01' + (s % 365),
             DATE '2026-01-01' + (s % 365), 'acknowledged', now(), now(), u.id
        FROM generate_series(1, $1) s
        JOIN LATERAL (SELECT id FROM unit WHERE code = 'BJ-' || (1 + s % $2)) d ON true,
             (SELECT id FROM unit WHERE code = 'BJ') j, (SELECT id FROM app_user WHERE username = 'office') u`, [TASKS, UNITS]);
    await ds.query('ANALYZE');
    console.log(`seeded ${TASKS} tasks over ${UNITS} units in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    await ds.destroy();

    const apiPort = 31_000 + Math.floor(Math.random() * 1000);
    const rawPort = apiPort + 1000;
    const dist = join(__dirname, '..', 'src', 'main.js');
    // BENCH_PROF=1 runs the API under `node --prof` (isolate-*.log in the working directory; read with --prof-process);
    // --cpu-prof would write nothing, the API dies by the re-raised SIGTERM of Nest's shutdown hooks
    const prof = process.env.BENCH_PROF ? ['--prof'] : [];
    children.push(startChild([...prof, dist], { DATABASE_URL: dbUrl(name), PORT: String(apiPort), WORKER_PORT: '0', LOG_LEVEL: 'silent',
      MIGRATE_ON_BOOT: 'false', JWT_SECRET: randomUUID() + randomUUID(), NODE_ENV: 'production' }));
    children.push(startChild(['-e', `require('http').createServer((q, s) => s.end('{"status":"ok"}')).listen(${rawPort})`], {}));
    const base = `http://127.0.0.1:${apiPort}`;
    await waitFor(`${base}/health`);
    await waitFor(`http://127.0.0.1:${rawPort}/`);
    const login = async (username: string) => (await (await fetch(`${base}/api/auth/login`, { method: 'POST',
      headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'bench-password' }) })).json() as { accessToken: string }).accessToken;
    const deptToken = await login('dept');
    const officeToken = await login('office');

    const pool = new Pool({ connectionString: dbUrl(name), max: 10 });
    pool.on('error', () => undefined);
    const deptTasks: string[] = (await pool.query(
      `SELECT t.id FROM task t JOIN unit u ON u.id = t.lead_unit_id WHERE u.code = 'BJ-1' ORDER BY t.id`)).rows.map((r) => r.id);
    const [{ id: deptUserId, unit_id: deptUnitId }] = (await pool.query(`SELECT id, unit_id FROM app_user WHERE username = 'dept'`)).rows;

    const results: Array<[string, Result, Result]> = [];
    const bare = await load(`http://127.0.0.1:${rawPort}/`);
    results.push(['GET /health/live vs bare node:http', await load(`${base}/health/live`), bare]);
    results.push(['GET /health (pings PG + Redis) vs bare', await load(`${base}/health`), bare]);

    const progressBody = JSON.stringify({ note: '基准进展', percent: 50 });
    const progressReqs = deptTasks.slice(0, 200).map((id) => ({ method: 'POST' as const, path: `/api/tasks/${id}/progress`,
      headers: { authorization: `Bearer ${deptToken}`, 'content-type': 'application/json' }, body: progressBody }));
    const apiProgress = await load(base, { requests: progressReqs });
    // the statements the endpoint issues: actor, scoped task, task row, update, progress row, audit event, detail view
    const rawProgress = await raw(async (i) => {
      const taskId = deptTasks[i % 200];
      await pool.query(`SELECT u.id, un.jurisdiction_id, j.path FROM app_user u JOIN unit un ON un.id = u.unit_id
        JOIN unit j ON j.id = un.jurisdiction_id WHERE u.id = $1 AND u.active`, [deptUserId]);
      const c = await pool.connect();
      try {
        await c.query('BEGIN');
        await c.query(`SELECT t.id FROM task t WHERE t.id = $1 AND t.status <> 'draft' AND (t.lead_unit_id = $2
          OR EXISTS (SELECT 1 FROM task_co_owner c WHERE c.task_id = t.id AND c.unit_id = $2))`, [taskId, deptUnitId]);
        await c.query(`SELECT * FROM task WHERE id = $1`, [taskId]);
        await c.query(`UPDATE task SET progress_percent = 50, last_progress_at = now(), version = version + 1
          WHERE id = $1 AND status IN ('assigned', 'acknowledged', 'submitted')`, [taskId]);
        await c.query(`INSERT INTO task_progress (task_id, unit_id, author_id, note, percent) VALUES ($1, $2, $3, '基准', 50)`,
          [taskId, deptUnitId, deptUserId]);
        await c.query(`INSERT INTO task_event (task_id, actor_id, at, action) VALUES ($1, $2, now(), 'progress')`, [taskId, deptUserId]);
        await c.query('COMMIT');
      } finally {
        c.release();
      }
      await pool.query(`SELECT * FROM task WHERE id = $1`, [taskId]);
    });
    results.push(['POST progress vs its SQL on raw pg', apiProgress, rawProgress]);

    // the statement the endpoint issues for a county office (scope = its one jurisdiction), without the joins
    const listSql = `SELECT t.* FROM task t WHERE t.jurisdiction_id = $1
      AND (t.current_deadline, t.id) > ($2::date, $3::uuid) ORDER BY t.current_deadline, t.id LIMIT 51`;
    const [{ id: jurisdictionId }] = (await pool.query(`SELECT id FROM unit WHERE code = 'BJ'`)).rows;
    const deep = (await pool.query(`SELECT current_deadline::text AS d, id FROM task ORDER BY current_deadline, id
      OFFSET $1 LIMIT 1`, [Math.floor(TASKS * 0.9)])).rows[0];
    const cursor = encodeCursor('deadline', deep.d, deep.id);
    const auth = { authorization: `Bearer ${officeToken}` };
    const page1 = await load(`${base}/api/tasks?limit=50`, { headers: auth });
    const deepPage = await load(`${base}/api/tasks?limit=50&after=${cursor}`, { headers: auth });
    const rawList = await raw(() => pool.query(listSql, [jurisdictionId, deep.d, deep.id]));
    results.push(['GET /api/tasks page 1 vs raw SELECT', page1, rawList]);
    results.push(['GET /api/tasks at 90% depth vs raw SELECT', deepPage, rawList]);
    await pool.end();

    console.log(`\n${CONNECTIONS} connections, ${SECONDS} s measured after a 2 s warm-up; app, database and load share 2 cores\n`);
    console.log('benchmark'.padEnd(44) + 'ours req/s  p99 ms  errors | raw ops/s  p99 ms | ratio');
    for (const [label, ours, base_] of results) {
      console.log(`${label.padEnd(44)}${ours.reqPerSec.toFixed(0).padStart(10)}  ${ours.p99.toFixed(1).padStart(6)}  ` +
        `${String(ours.errors).padStart(6)} | ${base_.reqPerSec.toFixed(0).padStart(9)}  ${base_.p99.toFixed(1).padStart(6)} | ` +
        `${(ours.reqPerSec / base_.reqPerSec).toFixed(2)}`);
    }
    console.log(`\nkeyset depth: p99 at 90% depth / p99 on page 1 = ${(deepPage.p99 / Math.max(page1.p99, 0.1)).toFixed(2)}`);
  } finally {
    for (const c of children) c.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    if (process.env.BENCH_KEEP_DB) console.log(`kept database ${name}`); // to EXPLAIN the statements afterwards
    else await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
