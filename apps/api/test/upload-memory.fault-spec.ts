import { ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { createReadStream, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDataSource, runMigrations } from '@app/database';
import { PasswordHasher } from '@app/domain';
import { OwnPostgres, OwnRedis, startBuiltApi, startOwnPostgres, startOwnRedis } from '@app/testing';

/**
 * Issue 9: one progress post with 10 × 19 MB files took the API from 252 to 793 MB, four at once to 1.4 GB. Here the
 * built API (`npm run build:server` first; UPLOAD_API_MAIN picks another build, e.g. an older one to compare) runs as a
 * process of its own on its own PostgreSQL; four clients stream 10 × 19 MB each from disk at once while its RSS is
 * sampled from /proc. Prints the numbers; asserts the growth stays far below what holding the files would take.
 */
const MAIN = process.env.UPLOAD_API_MAIN ?? join(__dirname, '..', '..', '..', 'dist', 'apps', 'api', 'src', 'main.js');
const MB = 1024 * 1024;
const FILE_BYTES = 19 * MB;
const FILES = 10;
const CLIENTS = 4;

const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

/** A multipart body streamed from disk: fields, then each file's part, never the whole body in memory. */
function postFiles(url: string, token: string, fields: Record<string, string>, path: string, names: string[]): Promise<number> {
  const boundary = `----duban${randomUUID()}`;
  const head = (disposition: string, type?: string) =>
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; ${disposition}\r\n${type ? `Content-Type: ${type}\r\n` : ''}\r\n`);
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { authorization: `Bearer ${token}`,
      'content-type': `multipart/form-data; boundary=${boundary}` } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    (async () => {
      for (const [k, v] of Object.entries(fields)) req.write(Buffer.concat([head(`name="${k}"`), Buffer.from(`${v}\r\n`)]));
      for (const name of names) {
        req.write(head(`name="files"; filename="${name}"`, 'application/pdf'));
        for await (const chunk of createReadStream(path)) {
          if (!req.write(chunk)) await new Promise((r) => req.once('drain', r));
        }
        req.write('\r\n');
      }
      req.end(`--${boundary}--\r\n`);
    })().catch(reject);
  });
}

describe('evidence upload memory', () => {
  let pg: OwnPostgres;
  let redis: OwnRedis;
  let api: ChildProcess | undefined;
  let dir: string;

  beforeAll(async () => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run npm run build:server first`);
    [pg, redis] = await Promise.all([startOwnPostgres(), startOwnRedis()]);
    dir = mkdtempSync(join(tmpdir(), 'duban-upload-memory-'));
  });
  afterAll(async () => {
    api?.kill('SIGKILL');
    await Promise.all([pg?.destroy(), redis?.destroy()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it(`keeps the API's memory flat while ${CLIENTS} clients upload ${FILES} × 19 MB each at once`, async () => {
    const databaseUrl = await pg.createDatabase('duban_upload');
    const ds = await createDataSource(databaseUrl).initialize();
    await runMigrations(ds);
    const hash = await new PasswordHasher().hash('upload-password');
    const [{ id: county }] = await ds.query(`INSERT INTO unit (id, code, name, kind, jurisdiction_id, path)
      SELECT g, 'J', '甲县', 'jurisdiction', g, g || '/' FROM gen_random_uuid() g RETURNING id`);
    const [{ id: dept }] = await ds.query(`INSERT INTO unit (code, name, kind, parent_id, jurisdiction_id, path)
      VALUES ('J-SFJ', '甲县司法局', 'department', $1::uuid, $1::uuid, $1::text || '/' || gen_random_uuid() || '/') RETURNING id`, [county]);
    const [{ id: user }] = await ds.query(`INSERT INTO app_user (username, display_name, password_hash, role, unit_id)
      VALUES ('sfj', '司法局', $1, 'department', $2) RETURNING id`, [hash, dept]);
    const tasks: Array<{ id: string }> = await ds.query(`
      INSERT INTO task (jurisdiction_id, code, plan_year, title, lead_unit_id, original_deadline, current_deadline, status,
                        assigned_at, acknowledged_at, created_by)
      SELECT $1, '2026-00' || s, 2026, '任务' || s, $2, '2026-12-31', '2026-12-31', 'acknowledged', now(), now(), $3
        FROM generate_series(1, ${CLIENTS}) s RETURNING id`, [county, dept, user]);
    await ds.destroy();

    const built = await startBuiltApi(MAIN, databaseUrl, redis.url);
    api = built.process;
    const { base } = built;
    const accessToken = await built.login('sfj', 'upload-password');
    const file = join(dir, 'scan.pdf');
    writeFileSync(file, randomBytes(FILE_BYTES));
    const names = Array.from({ length: FILES }, (_, i) => `扫描件${i + 1}.pdf`);
    const upload = (taskId: string) => postFiles(`${base}/api/tasks/${taskId}/progress`, accessToken, { note: '附扫描件', percent: '50' }, file, names);

    await upload(tasks[0].id); // warm-up: code paths loaded, pools filled
    await new Promise((r) => setTimeout(r, 1_000));
    const before = rssMb(api.pid!);
    let peak = before;
    const sampler = setInterval(() => { peak = Math.max(peak, rssMb(api!.pid!)); }, 50);
    const started = Date.now();
    const statuses = await Promise.all(tasks.map((t) => upload(t.id)));
    const seconds = (Date.now() - started) / 1000;
    clearInterval(sampler);
    await new Promise((r) => setTimeout(r, 2_000));
    const after = rssMb(api.pid!);
    console.log(`API RSS (MB): before ${before.toFixed(0)}, peak ${peak.toFixed(0)} during ${CLIENTS} × ${FILES} × 19 MB ` +
      `(${seconds.toFixed(1)} s), ${after.toFixed(0)} two seconds after; ${MAIN}`);

    expect(statuses).toEqual(tasks.map(() => 201));
    const check = await createDataSource(databaseUrl).initialize();
    const [{ files, bytes }] = await check.query(`SELECT count(*)::int AS files, sum(size)::bigint AS bytes FROM evidence_file`);
    await check.destroy();
    expect({ files, bytes: Number(bytes) }).toEqual({ files: (CLIENTS + 1) * FILES, bytes: (CLIENTS + 1) * FILES * FILE_BYTES });
    // holding the files would take 760 MB more (4 × 190 MB); streaming keeps it to buffers
    expect(peak - before).toBeLessThan(250);
  });
});
