import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseReport } from '../src';
import { spanMismatches, toGolden } from './support/golden';

// One report per fixture (texts we wrote ourselves), expected output beside it.
// Regenerate after a deliberate change with UPDATE_GOLDEN=1 and review the diff.
const dir = join(__dirname, 'fixtures');
const reports = readdirSync(dir).filter((f) => /\.(txt|html)$/.test(f)).sort();

describe('golden reports', () => {
  it('has fixtures', () => expect(reports.length).toBeGreaterThanOrEqual(5));

  it.each(reports)('%s', async (file) => {
    const sut = await parseReport({ bytes: readFileSync(join(dir, file)), fileName: file });
    expect(spanMismatches(sut)).toEqual([]);
    const goldenPath = join(dir, file.replace(/\.\w+$/, '.expected.json'));
    const actual = toGolden(sut);
    if (process.env.UPDATE_GOLDEN) {
      writeFileSync(goldenPath, `${JSON.stringify(actual, null, 2)}\n`);
    }
    expect(actual).toEqual(JSON.parse(readFileSync(goldenPath, 'utf8')));
  });
});
