import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseReport } from '../src';
import { fold, spanMismatches } from './support/golden';

// The shared, hand-labelled seed reports live outside the project; skip when they are not there.
const seedsDir = join(__dirname, '../../../../shared/seeds');
const seeds = existsSync(seedsDir) ? readdirSync(seedsDir).filter((f) => !f.endsWith('.gold.json') && !f.endsWith('.md')).sort() : [];
const maybe = seeds.length ? describe : describe.skip;

maybe('shared seed reports', () => {
  it.each(seeds.length ? seeds : ['none'])('%s: every span covers exactly its item text', async (file) => {
    const sut = await parseReport({ bytes: readFileSync(join(seedsDir, file)), fileName: file });
    expect(spanMismatches(sut)).toEqual([]);
    expect(sut.problems.length + sut.measures.length).toBeGreaterThan(0);
  });

  it.each(seeds.length ? seeds : ['none'])('%s: metadata and item texts match the hand labels', async (file) => {
    const sut = await parseReport({ bytes: readFileSync(join(seedsDir, file)), fileName: file });
    const gold = JSON.parse(readFileSync(join(seedsDir, `${file.split('.')[0]}.gold.json`), 'utf8'));
    expect(sut.reportYear).toBe(gold.reportYear);
    expect(sut.planYear).toBe(gold.planYear);
    expect(sut.reportDate).toBe(gold.reportDate ?? null);
    const strip = (s: string): string => fold(s).replace(/[;,.:。;,、:!?]+$/u, '');
    for (const k of ['problems', 'measures', 'suggestions'] as const) {
      expect(sut[k].map((i) => strip(i.text))).toEqual(gold[k].map((i: { text: string }) => strip(i.text)));
    }
  });
});
