/* Parser throughput: `npm run bench:parse [dir]` (default ../shared/seeds, else our own fixtures), then PDF and OFD. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseReport, parseReportText } from '../src';
import { decodeReport } from '../src/decode';

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

  await benchPdf();
  await benchOfd();
}

/** PDFs printed by Chromium and LibreOffice (test/support/make-pdf-fixtures.ts): text layer read by pdf.js, then parsed. */
async function benchPdf(): Promise<void> {
  const lib = resolve(__dirname, '../../../../libs/report-parser');
  const twentyPages = join(lib, 'bench/fixtures/twenty-pages.pdf');
  if (!existsSync(twentyPages)) {
    console.log('PDF: bench/fixtures/twenty-pages.pdf not found, skipped');
    return;
  }
  const time = async (bytes: Buffer, times: number): Promise<number> => {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < times; i++) await parseReport({ bytes, fileName: 'bench.pdf' });
    return Number(process.hrtime.bigint() - t0) / 1e6 / times;
  };
  const twenty = readFileSync(twentyPages);
  const cold = await time(twenty, 1); // loads pdf.js
  const warm = await time(twenty, 20);
  const parsed = await parseReport({ bytes: twenty, fileName: 'bench.pdf' });
  // page numbers are not in the parsed text (the reader drops them): count the decoded pages, one form feed apart
  const pages = (await decodeReport({ bytes: twenty, fileName: 'bench.pdf' })).raw.split('\f').length;
  console.log(`20-page PDF (${(twenty.length / 1024).toFixed(0)} KB, ${pages} pages, ${parsed.text.length} characters): ` +
    `${warm.toFixed(1)} ms/report, ${(pages / (warm / 1000)).toFixed(0)} pages/s (first one, loading pdf.js: ${cold.toFixed(0)} ms)`);
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < 200; i++) parseReportText(parsed.text, { sourceType: 'pdf' });
  console.log(`  of which parsing its text: ${(Number(process.hrtime.bigint() - t0) / 1e6 / 200).toFixed(2)} ms/report`);

  const dir = join(lib, 'test/fixtures/pdf');
  const small = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.pdf')).map((f) => readFileSync(join(dir, f))) : [];
  if (small.length) {
    const rounds = 20;
    const t1 = process.hrtime.bigint();
    for (let i = 0; i < rounds; i++) for (const b of small) await parseReport({ bytes: b, fileName: 'bench.pdf' });
    const ms = Number(process.hrtime.bigint() - t1) / 1e6 / (rounds * small.length);
    console.log(`${dir}: ${small.length} PDFs (1–4 pages) x ${rounds} rounds: ${ms.toFixed(1)} ms/report`);
  }
}

/** A 20-page OFD written per character run, out of order (test/support/make-corpus.ts): read from its XML, then parsed. */
async function benchOfd(): Promise<void> {
  const path = resolve(__dirname, '../../../../libs/report-parser/bench/fixtures/twenty-pages.ofd');
  if (!existsSync(path)) {
    console.log('OFD: bench/fixtures/twenty-pages.ofd not found, skipped');
    return;
  }
  const bytes = readFileSync(path);
  const parsed = await parseReport({ bytes, fileName: 'bench.ofd' }); // warm up
  const times = 20;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < times; i++) await parseReport({ bytes, fileName: 'bench.ofd' });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6 / times;
  console.log(`20-page OFD (${(bytes.length / 1024).toFixed(0)} KB, ${parsed.text.length} characters): ` +
    `${ms.toFixed(1)} ms/report, ${(20 / (ms / 1000)).toFixed(0)} pages/s`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
