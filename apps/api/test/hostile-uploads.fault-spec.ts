import { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ExcelJS from 'exceljs';
import { createDataSource, runMigrations } from '@app/database';
import { PasswordHasher } from '@app/domain';
import { OwnPostgres, OwnRedis, startBuiltApi, startOwnPostgres, startOwnRedis } from '@app/testing';
import { entityBombDocx, lyingZipBombDocx, zipBombDocx } from '../../../libs/report-parser/test/support/hostile-files';
import { withFormattedEmptyRows, zipBombXlsx } from './fixtures/hostile-xlsx';

/**
 * Issue 11: a 1.4 MB .docx inflating to 400 MB took the API to 4 GB and down; 8 million formatted empty rows in an
 * .xlsx held it 3 minutes at 5.2 GB; 10 MB of text blocked the event loop for minutes. Here the built API
 * (`npm run build:server` first; HOSTILE_API_MAIN picks another build) runs as a process of its own; the hostile files
 * are posted all at once while a client asks GET /health/live in a loop and the API's RSS is sampled from /proc.
 * Prints the numbers; asserts every file is answered as documented, liveness stays fast and the RSS bounded.
 */
const MAIN = process.env.HOSTILE_API_MAIN ?? join(__dirname, '..', '..', '..', 'dist', 'apps', 'api', 'src', 'main.js');
const MB = 1024 * 1024;
const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

/**
 * 10 MB of report text: a title and 130,000 paragraphs without enumerators, the shape that made the old enumerator
 * scan quadratic. (The seeds repeated to 10 MB enumerate 7,279 items, which the store step cannot insert: see
 * docs/report-import.md, "Limits".)
 */
function tenMegabyteReport(): Buffer {
  const line = '部分单位对法治建设重视不够，依法行政意识有待加强，执法规范化水平仍需提升。\n';
  const text = '甲县司法局关于2025年法治政府建设情况的报告\n' + line.repeat(Math.ceil((10 * MB) / Buffer.byteLength(line)));
  return Buffer.from(text).subarray(0, 10 * MB - 16);
}

async function templateWorkbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('任务台账');
  ws.addRow(['序号', '计划年度', '任务来源', '问题/举措内容', '牵头单位', '配合单位', '责任领导', '完成时限', '任务说明']);
  ws.addRow([1, 2026, null, '加强执法监督', '甲县司法局', null, null, '2026-07-01', null]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('hostile uploads', () => {
  let pg: OwnPostgres;
  let redis: OwnRedis;
  let api: ChildProcess | undefined;

  beforeAll(async () => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run npm run build:server first`);
    [pg, redis] = await Promise.all([startOwnPostgres(), startOwnRedis()]);
  });
  afterAll(async () => {
    api?.kill('SIGKILL');
    await Promise.all([pg?.destroy(), redis?.destroy()]);
  });

  it('refuses bombs (or parses 10 MB of text) while /health/live keeps answering and the RSS stays bounded', async () => {
    const databaseUrl = await pg.createDatabase('duban_hostile');
    const ds = await createDataSource(databaseUrl).initialize();
    await runMigrations(ds);
    const hash = await new PasswordHasher().hash('hostile-password');
    const [{ id: county }] = await ds.query(`INSERT INTO unit (id, code, name, kind, jurisdiction_id, path)
      SELECT g, 'J', '甲县', 'jurisdiction', g, g || '/' FROM gen_random_uuid() g RETURNING id`);
    const [{ id: office }] = await ds.query(`INSERT INTO unit (code, name, kind, parent_id, jurisdiction_id, path)
      VALUES ('J-FZB', '甲县依法治县办', 'office', $1::uuid, $1::uuid, $1::text || '/' || gen_random_uuid() || '/') RETURNING id`, [county]);
    await ds.query(`INSERT INTO unit (code, name, kind, parent_id, jurisdiction_id, path)
      VALUES ('J-SFJ', '甲县司法局', 'department', $1::uuid, $1::uuid, $1::text || '/' || gen_random_uuid() || '/')`, [county]);
    await ds.query(`INSERT INTO app_user (username, display_name, password_hash, role, unit_id)
      VALUES ('fzb', '法治办', $1, 'office', $2)`, [hash, office]);
    await ds.destroy();

    const built = await startBuiltApi(MAIN, databaseUrl, redis.url);
    api = built.process;
    const { base } = built;
    const accessToken = await built.login('fzb', 'hostile-password');
    const post = async (path: string, name: string, bytes: Buffer) => {
      const form = new FormData();
      form.append('file', new Blob([bytes]), name);
      const t0 = Date.now();
      const res = await fetch(`${base}${path}`, { method: 'POST', headers: { authorization: `Bearer ${accessToken}` }, body: form });
      const body = await res.json() as { code?: string; id?: string };
      return { name, status: res.status, code: body.code ?? (body.id ? 'imported' : undefined), ms: Date.now() - t0 };
    };

    const workbook = await templateWorkbook();
    const files = {
      zipBomb: zipBombDocx(400), lyingZipBomb: lyingZipBombDocx(400), entityBomb: entityBombDocx(), text: tenMegabyteReport(),
      noise: randomBytes(4 * MB), rows: await withFormattedEmptyRows(workbook, 1_000_000), xlsxBomb: await zipBombXlsx(workbook, 400),
    };
    // warm-up: code paths loaded, a parse worker started
    expect((await post('/api/reports', 'warm.txt', Buffer.from('甲县关于2025年法治建设情况的报告\n一、存在的问题\n（一）执法不规范。\n二、下一步打算\n（一）加强培训。'))).status).toBe(201);
    await new Promise((r) => setTimeout(r, 1_000));
    // alone first: how long refusing a bomb takes when nothing else is going on
    const solo = await post('/api/reports', 'solo-bomb.docx', files.zipBomb);
    const soloLying = await post('/api/reports', 'solo-lying.docx', files.lyingZipBomb);
    expect([solo.status, soloLying.status]).toEqual([413, 413]);
    expect(solo.ms).toBeLessThan(1_000);
    expect(soloLying.ms).toBeLessThan(1_000);

    const before = rssMb(api.pid!);
    let peak = before;
    const sampler = setInterval(() => { peak = Math.max(peak, rssMb(api!.pid!)); }, 25);
    let live = true;
    const latencies: number[] = [];
    const liveness = (async () => {
      while (live) {
        const t0 = Date.now();
        const res = await fetch(`${base}/health/live`, { signal: AbortSignal.timeout(10_000) });
        await res.arrayBuffer();
        latencies.push(Date.now() - t0);
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    const started = Date.now();
    const answers = await Promise.all([
      post('/api/reports', 'bomb.docx', files.zipBomb), post('/api/reports', 'lying.docx', files.lyingZipBomb),
      post('/api/reports', 'laughs.docx', files.entityBomb), post('/api/reports', 'long.txt', files.text),
      post('/api/reports', 'noise.txt', files.noise), post('/api/tasks/import', 'rows.xlsx', files.rows),
      post('/api/tasks/import', 'bomb.xlsx', files.xlsxBomb),
    ]);
    const seconds = (Date.now() - started) / 1000;
    live = false;
    await liveness;
    clearInterval(sampler);
    const worst = Math.max(...latencies);
    const sorted = [...latencies].sort((a, b) => a - b);
    console.log([
      `alone: zip bomb refused in ${solo.ms} ms, lying zip bomb in ${soloLying.ms} ms`,
      `hostile uploads, all at once, answered in ${seconds.toFixed(1)} s (${MAIN}):`,
      ...answers.map((a) => `  ${a.name.padEnd(12)} ${a.status} ${a.code} ${a.ms} ms`),
      `  sizes: ${Object.entries(files).map(([k, b]) => `${k} ${(b.length / MB).toFixed(2)} MB`).join(', ')}`,
      `/health/live: ${latencies.length} answers, median ${sorted[Math.floor(sorted.length / 2)]} ms, worst ${worst} ms`,
      `API RSS (MB): before ${before.toFixed(0)}, peak ${peak.toFixed(0)} (+${(peak - before).toFixed(0)})`,
    ].join('\n'));

    expect(answers.map((a) => [a.name, a.status, a.code])).toEqual([
      ['bomb.docx', 413, 'ARCHIVE_TOO_LARGE'], ['lying.docx', 413, 'ARCHIVE_TOO_LARGE'],
      ['laughs.docx', 422, 'REPORT_UNSAFE_XML'], ['long.txt', 201, 'imported'], ['noise.txt', 415, 'REPORT_UNSUPPORTED'],
      ['rows.xlsx', 413, 'LEDGER_IMPORT_TOO_LARGE'], ['bomb.xlsx', 413, 'ARCHIVE_TOO_LARGE'],
    ]);
    expect(worst).toBeLessThan(1_500); // measured 300–530 ms on the shared 2-core machine; minutes before (issue 11)
    expect(peak - before).toBeLessThan(800);
  });
});
