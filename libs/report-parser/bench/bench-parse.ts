/* Parser throughput: `npm run bench:parse [dir]` (default ../shared/seeds, else our own fixtures). */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseReport } from '../src';

async function main(): Promise<void> {
  const candidates = [process.argv[2], '../shared/seeds', resolve(__dirname, '../../../../libs/report-parser/test/fixtures')];
  const dir = candidates.find((d): d is string => !!d && existsSync(d));
  if (!dir) throw new Error('no report folder found');
  const files = readdirSync(dir).filter((f) => /\.(txt|html?|docx)$/i.test(f)).sort();
  const reports = files.map((f) => ({ name: f, bytes: readFileSync(join(dir, f)) }));
  if (!reports.length) throw new Error(`no reports in ${dir}`);

  for (const r of reports) await parseReport({ bytes: r.bytes, fileName: r.name }); // warm up
  const rounds = Math.max(20, Math.ceil(2000 / reports.length));
  let bytes = 0;
  const started = process.hrtime.bigint();
  for (let i = 0; i < rounds; i++) {
    for (const r of reports) {
      await parseReport({ bytes: r.bytes, fileName: r.name });
      bytes += r.bytes.length;
    }
  }
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const n = rounds * reports.length;
  console.log(`${dir}: ${reports.length} reports x ${rounds} rounds`);
  console.log(`${(n / (ms / 1000)).toFixed(0)} reports/s, ${(ms / n).toFixed(3)} ms/report, ${(bytes / 1024 / 1024 / (ms / 1000)).toFixed(1)} MB/s`);

  // one 20 KB report made of the folder's texts
  const text = reports.filter((r) => !/\.docx$/i.test(r.name)).map((r) => r.bytes.toString('utf8')).join('\n');
  const twenty = Buffer.from(text.repeat(Math.ceil(20480 / Math.max(1, Buffer.byteLength(text))))).subarray(0, 20480);
  const t0 = process.hrtime.bigint();
  const times = 200;
  for (let i = 0; i < times; i++) await parseReport({ bytes: twenty, fileName: 'bench.txt' });
  console.log(`20 KB report: ${(Number(process.hrtime.bigint() - t0) / 1e6 / times).toFixed(3)} ms/report`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
