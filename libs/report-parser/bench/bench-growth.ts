/*
 * Parse time against report size: `npm run bench:parse:growth` (or node dist/.../bench-growth.js [MB…]).
 * Builds 1, 2, 5 and 10 MB reports by repeating the seeds' texts and prints ms per MB: flat means linear.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseReport } from '../src';

export async function growth(sizesMb: number[] = [1, 2, 5, 10]): Promise<void> {
  const dir = ['../shared/seeds', resolve(__dirname, '../../../../libs/report-parser/test/fixtures')]
    .find((d) => existsSync(d));
  if (!dir) throw new Error('no report folder found');
  const texts = readdirSync(dir).filter((f) => /\.txt$/i.test(f)).sort().map((f) => readFileSync(join(dir, f), 'utf8'));
  const sample = texts.join('\n');
  for (const mb of sizesMb) {
    const target = mb * 1024 * 1024;
    const bytes = Buffer.from(sample.repeat(Math.ceil(target / Buffer.byteLength(sample)) + 1)).subarray(0, target);
    const t0 = process.hrtime.bigint();
    const parsed = await parseReport({ bytes, fileName: 'growth.txt' });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    const items = parsed.problems.length + parsed.measures.length + parsed.suggestions.length;
    console.log(`${String(mb).padStart(3)} MB: ${ms.toFixed(0).padStart(7)} ms, ${(ms / mb).toFixed(0).padStart(6)} ms/MB, ${items} items`);
  }
}

if (require.main === module) {
  const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
  growth(sizes.length ? sizes : undefined).catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  });
}
