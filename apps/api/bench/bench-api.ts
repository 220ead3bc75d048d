/**
 * npm run bench:api — the ledger API under load against raw baselines measured in the same run (docs/benchmarks.md):
 *   health:   GET /health/live and /health     vs a bare node:http server                       (framework overhead)
 *   progress: POST /api/tasks/:id/progress     vs the same SQL on a raw pg pool, same concurrency (status update)
 *   list:     GET /api/tasks (page 1 and deep) vs the same SELECT on a raw pg pool              (keyset paging)
 * Seeds a template database, clones it per run (`--runs N`, default 1, 3 with --province; medians printed), drops all
 * at the end. Prints figures; gates nothing: absolute numbers move between runs.
 * --province: the template holds the province fixture (apps/worker/bench/province-fixture.ts); progress is posted by the
 * department with the most acknowledged tasks, the ledger read by the office of the largest county (page 1) and of the
 * largest city (page 1 and page 1,000, keyset); the API's RSS is read from /proc at the end of each run.
 */
import 'reflect-metadata';
import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { Client, Pool } from 'pg';
import { createDataSource, runMigrations } from '@app/database';
import { encodeCursor, PasswordHasher } from '@app/domain';
import { describeProvince, PROVINCE, seedProvince } from '../../worker/bench/province-fixture';

const PG = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const TASKS = Number(process.env.BENCH_TASKS ?? 100_000);
const UNITS = Number(process.env.BENCH_UNITS ?? 200);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const PROVINCE_MODE = process.argv.includes('--province');
/** BENCH_PROVINCE_TASKS scales the province's tasks down to try the benchmark out (the units stay) */
const PROVINCE_SHAPE = { ...PROVINCE, tasks: Number(process.env.BENCH_PROVINCE_TASKS ?? PROVINCE.tasks) };
const runsArg = process.argv.indexOf('--runs');
const RUNS = Number(runsArg >= 0 ? process.argv[runsArg + 1] : process.env.BENCH_RUNS ?? (PROVINCE_MODE ? 3 : 1));
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

/** A figure: ours against its baseline, and the ratio of the two rates. */
type Figure = [label: string, ours: Result, baseline: Result];

interface RunOutcome {
  figures: Figure[];
  /** p99 of the deep page over p99 of page 1 (province: page 1,000 of the city office) */
  depthRatio: number;
  /** the API process's RSS at the end of the run and its peak (VmHWM), bytes */
  apiRss: number;
  apiRssPeak: number;
}

/** The users and rows a run loads, found in the seeded database. */
interface Subjects {
  dept: string;
  office: string;
  /** province: a city office, whose ledger is long enough to page 1,000 deep */
  city?: string;
}

/** One county, its office, UNITS departments, a user each for the office and department 1, TASKS open tasks. */
async function seedCounty(url: string, hash: string): Promise<Subjects> {
  const ds = await createDataSource(url).initialize();
  try {
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
  } finally {
    await ds.destroy();
  }
  return { dept: 'dept', office: 'office' };
}

/**
 * The province's subjects: the department or township with the most acknowledged tasks (POST progress), the office of
 * the county with the most tasks (ledger page 1), the office of the city with the most tasks (pages 1 and 1,000).
 */
async function provinceSubjects(pool: Pool): Promise<Subjects> {
  const one = async (sql: string) => (await pool.query(sql)).rows[0].username as string;
  return {
    dept: await one(`SELECT a.username FROM task t JOIN app_user a ON a.unit_id = t.lead_unit_id
      WHERE t.status = 'acknowledged' GROUP BY a.username ORDER BY count(*) DESC, a.username LIMIT 1`),
    office: await one(`SELECT a.username FROM task t JOIN unit o ON o.parent_id = t.jurisdiction_id AND o.kind = 'office'
      JOIN app_user a ON a.unit_id = o.id GROUP BY a.username ORDER BY count(*) DESC, a.username LIMIT 1`),
    city: await one(`SELECT a.username FROM task t JOIN unit j ON j.id = t.jurisdiction_id JOIN unit c ON c.id = j.parent_id
      AND c.kind = 'jurisdiction' AND c.parent_id IS NOT NULL JOIN unit o ON o.parent_id = c.id AND o.kind = 'office'
      JOIN app_user a ON a.unit_id = o.id GROUP BY a.username ORDER BY count(*) DESC, a.username LIMIT 1`),
  };
}

/** VmRSS and VmHWM of a process, bytes. */
function rssOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

/** One run: the API and a bare server started on the database `name`, every figure loaded against its baseline. */
async function runOnce(name: string, subjects: Subjects): Promise<RunOutcome> {
  const children: ChildProcess[] = [];
  const pool = new Pool({ connectionString: dbUrl(name), max: 10 });
  pool.on('error', () => undefined);
  try {
    const apiPort = 31_000 + Math.floor(Math.random() * 1000);
    const rawPort = apiPort + 1000;
    const dist = join(__dirname, '..', 'src', 'main.js');
    // BENCH_PROF=1 runs the API under `node --prof` (isolate-*.log in the working directory; read with --prof-process);
    // --cpu-prof would write nothing, the API dies by the re-raised SIGTERM of Nest's shutdown hooks
    const prof = process.env.BENCH_PROF ? ['--prof'] : [];
    const api = startChild([...prof, dist], { DATABASE_URL: dbUrl(name), PORT: String(apiPort), WORKER_PORT: '0', LOG_LEVEL: 'silent',
      MIGRATE_ON_BOOT: 'false', JWT_SECRET: randomUUID() + randomUUID(), NODE_ENV: 'production' });
    children.push(api);
    children.push(startChild(['-e', `require('http').createServer((q, s) => s.end('{"status":"ok"}')).listen(${rawPort})`], {}));
    const base = `http://127.0.0.1:${apiPort}`;
    await waitFor(`${base}/health`);
    await waitFor(`http://127.0.0.1:${rawPort}/`);
    const login = async (username: string) => (await (await fetch(`${base}/api/auth/login`, { method: 'POST',
      headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'bench-password' }) })).json() as { accessToken: string }).accessToken;
    const deptToken = await login(subjects.dept);
    const officeToken = await login(subjects.office);

    const [{ id: deptUserId, unit_id: deptUnitId }] = (await pool.query(`SELECT id, unit_id FROM app_user WHERE username = $1`,
      [subjects.dept])).rows;
    // open tasks the department leads (acknowledged: progress is allowed), at most 200
    const deptTasks: string[] = (await pool.query(`SELECT id FROM task WHERE lead_unit_id = $1 AND status = 'acknowledged'
      ORDER BY id LIMIT 200`, [deptUnitId])).rows.map((r) => r.id);

    const figures: Figure[] = [];
    const bare = await load(`http://127.0.0.1:${rawPort}/`);
    figures.push(['GET /health/live vs bare node:http', await load(`${base}/health/live`), bare]);
    figures.push(['GET /health (pings PG + Redis) vs bare', await load(`${base}/health`), bare]);

    const progressBody = JSON.stringify({ note: '基准进展', percent: 50 });
    const progressReqs = deptTasks.map((id) => ({ method: 'POST' as const, path: `/api/tasks/${id}/progress`,
      headers: { authorization: `Bearer ${deptToken}`, 'content-type': 'application/json' }, body: progressBody }));
    const apiProgress = await load(base, { requests: progressReqs });
    // the statements the endpoint issues: actor, scoped task, task row, update, progress row, audit event, detail view
    const rawProgress = await raw(async (i) => {
      const taskId = deptTasks[i % deptTasks.length];
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
    figures.push(['POST progress vs its SQL on raw pg', apiProgress, rawProgress]);

    // the statement the endpoint issues for an office (scope = its jurisdictions), without the joins; the cursor `at`
    // is the last row of the page before (none on page 1)
    const jurisdictionsOf = async (username: string): Promise<string[]> => (await pool.query(`SELECT s.id FROM app_user a
      JOIN unit o ON o.id = a.unit_id JOIN unit j ON j.id = o.jurisdiction_id JOIN unit s ON s.kind = 'jurisdiction'
      AND s.path LIKE j.path || '%' WHERE a.username = $1`, [username])).rows.map((r) => r.id);
    const rowAt = async (ids: string[], offset: number) => (await pool.query(`SELECT current_deadline::text AS d, id FROM task
      WHERE jurisdiction_id = ANY($1::uuid[]) ORDER BY current_deadline, id OFFSET $2 LIMIT 1`, [ids, offset])).rows[0] as
      { d: string; id: string } | undefined;
    // the statement the ledger runs: one jurisdiction down its index; several (a city) each down its own, merged
    const rawPage = (ids: string[], at?: { d: string; id: string }) => {
      const after = at ? 'AND (t.current_deadline, t.id) > ($2::date, $3::uuid)' : '';
      const page = (scope: string) => `SELECT t.* FROM task t WHERE ${scope} ${after} ORDER BY t.current_deadline, t.id LIMIT 51`;
      const sql = ids.length === 1 ? page('t.jurisdiction_id = $1')
        : `SELECT x.* FROM unnest($1::uuid[]) AS j(id) CROSS JOIN LATERAL (${page('t.jurisdiction_id = j.id')}) x
            ORDER BY x.current_deadline, x.id LIMIT 51`;
      const args = [ids.length === 1 ? ids[0] : ids, ...(at ? [at.d, at.id] : [])];
      return raw(() => pool.query(sql, args));
    };
    const officeIds = await jurisdictionsOf(subjects.office);
    const auth = { authorization: `Bearer ${officeToken}` };
    let depthRatio: number;
    if (!subjects.city) {
      const total = Number((await pool.query(`SELECT count(*) FROM task WHERE jurisdiction_id = ANY($1::uuid[])`, [officeIds])).rows[0].count);
      const deep = (await rowAt(officeIds, Math.floor(total * 0.9)))!;
      const page1 = await load(`${base}/api/tasks?limit=50`, { headers: auth });
      const deepPage = await load(`${base}/api/tasks?limit=50&after=${encodeCursor('deadline', deep.d, deep.id)}`, { headers: auth });
      const rawList = await rawPage(officeIds, deep);
      figures.push(['GET /api/tasks page 1 vs raw SELECT', page1, rawList]);
      figures.push(['GET /api/tasks at 90% depth vs raw SELECT', deepPage, rawList]);
      depthRatio = deepPage.p99 / Math.max(page1.p99, 0.1);
    } else {
      figures.push(['GET /api/tasks county office page 1 vs raw', await load(`${base}/api/tasks?limit=50`, { headers: auth }),
        await rawPage(officeIds)]);
      const cityAuth = { authorization: `Bearer ${await login(subjects.city)}` };
      const cityIds = await jurisdictionsOf(subjects.city);
      // page 1,000 (a fixture scaled down by BENCH_PROVINCE_TASKS: the page at 90% depth if there are fewer)
      const total = Number((await pool.query(`SELECT count(*) FROM task WHERE jurisdiction_id = ANY($1::uuid[])`, [cityIds])).rows[0].count);
      const pageNo = Math.min(1_000, Math.floor((total * 0.9) / 50));
      const deep = (await rowAt(cityIds, (pageNo - 1) * 50 - 1))!;
      const page1 = await load(`${base}/api/tasks?limit=50`, { headers: cityAuth });
      figures.push(['GET /api/tasks city office page 1 vs raw', page1, await rawPage(cityIds)]);
      const page1000 = await load(`${base}/api/tasks?limit=50&after=${encodeCursor('deadline', deep.d, deep.id)}`, { headers: cityAuth });
      figures.push([`GET /api/tasks city office page ${pageNo.toLocaleString('en-US')} vs raw`, page1000, await rawPage(cityIds, deep)]);
      depthRatio = page1000.p99 / Math.max(page1.p99, 0.1);
    }
    const { rss, peak } = rssOf(api.pid!);
    return { figures, depthRatio, apiRss: rss, apiRssPeak: peak };
  } finally {
    await pool.end();
    for (const c of children) c.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function main(): Promise<void> {
  const stamp = Date.now().toString(36);
  const template = `duban_bench_${stamp}_template`;
  const admin = new Client({ connectionString: PG });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${template}`);
  let kept: string | null = null;
  try {
    const ds = await createDataSource(dbUrl(template)).initialize();
    await runMigrations(ds);
    await ds.destroy();
    const hash = await new PasswordHasher().hash('bench-password');
    const t0 = performance.now();
    let subjects: Subjects;
    let fixture: string;
    if (PROVINCE_MODE) {
      // today in Beijing: the API runs on the real clock
      const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
      const f = await seedProvince(dbUrl(template), today, hash, PROVINCE_SHAPE, (line) => console.log(line));
      console.log(describeProvince(f));
      const pool = new Pool({ connectionString: dbUrl(template), max: 1 });
      subjects = await provinceSubjects(pool);
      await pool.end();
      fixture = `province fixture (${f.tasks} tasks, ${f.units} units); progress by ${subjects.dept}, ledger page 1 by ` +
        `${subjects.office}, pages 1 and 1,000 (keyset) by ${subjects.city}`;
    } else {
      subjects = await seedCounty(dbUrl(template), hash);
      console.log(`seeded ${TASKS} tasks over ${UNITS} units in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      fixture = `${TASKS} tasks over ${UNITS} units in one county`;
    }

    const outcomes: RunOutcome[] = [];
    for (let i = 1; i <= RUNS; i++) {
      // each run on its own clone: POST progress writes
      const name = `duban_bench_${stamp}_r${i}`;
      await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template} STRATEGY FILE_COPY`);
      try {
        const o = await runOnce(name, subjects);
        outcomes.push(o);
        console.log(`run ${i}: ${o.figures.map(([l, ours, b]) => `${l.replace(/ vs .*/, '')} ${(ours.reqPerSec / b.reqPerSec).toFixed(2)}`)
          .join(', ')}; depth p99 ratio ${o.depthRatio.toFixed(2)}; API RSS ${(o.apiRss / 2 ** 20).toFixed(0)} MB`);
      } finally {
        if (process.env.BENCH_KEEP_DB && i === RUNS) kept = name; // to EXPLAIN the statements afterwards
        else await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      }
    }

    console.log(`\n${fixture}; ${CONNECTIONS} connections, ${SECONDS} s measured after a 2 s warm-up; ${RUNS} run(s), ` +
      'medians (min–max); app, database and load share this machine\'s cores\n');
    console.log('benchmark'.padEnd(46) + 'ours req/s  p99 ms  errors | raw ops/s  p99 ms | ratio (min–max)');
    const range = (xs: number[], d: number) => xs.length > 1 ? ` (${Math.min(...xs).toFixed(d)}–${Math.max(...xs).toFixed(d)})` : '';
    outcomes[0].figures.forEach(([label], k) => {
      const ours = outcomes.map((o) => o.figures[k][1]);
      const base_ = outcomes.map((o) => o.figures[k][2]);
      const ratios = outcomes.map((o) => o.figures[k][1].reqPerSec / o.figures[k][2].reqPerSec);
      console.log(`${label.padEnd(46)}${median(ours.map((r) => r.reqPerSec)).toFixed(0).padStart(10)}  ` +
        `${median(ours.map((r) => r.p99)).toFixed(1).padStart(6)}  ${String(Math.max(...ours.map((r) => r.errors))).padStart(6)} | ` +
        `${median(base_.map((r) => r.reqPerSec)).toFixed(0).padStart(9)}  ${median(base_.map((r) => r.p99)).toFixed(1).padStart(6)} | ` +
        `${median(ratios).toFixed(2)}${range(ratios, 2)}`);
    });
    const depth = outcomes.map((o) => o.depthRatio);
    console.log(`\nkeyset depth: p99 at ${PROVINCE_MODE ? 'page 1,000 of the city (90% depth if fewer)' : '90% depth'} / p99 on page 1 = ${median(depth).toFixed(2)}` +
      `${range(depth, 2)}${PROVINCE_MODE ? ' (target ≤ 1.5)' : ''}`);
    const rss = outcomes.map((o) => o.apiRss / 2 ** 20);
    const peaks = outcomes.map((o) => o.apiRssPeak / 2 ** 20);
    console.log(`API RSS at the end of a run: ${median(rss).toFixed(0)} MB${range(rss, 0)}; peak (VmHWM) ${median(peaks).toFixed(0)} MB` +
      `${range(peaks, 0)}`);
  } finally {
    if (kept) console.log(`kept database ${kept}`);
    await admin.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
    await admin.end();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
