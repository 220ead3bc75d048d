import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseReport, type ReportItem } from '../src';
import { spanMismatches } from './support/golden';

/**
 * Our own hand-labelled reports, one per format and layout offices publish (test/corpus, test/fixtures/pdf), in the
 * seeds' gold format (`<name>.gold.json`). CI also scores them with the seeds' scorer; this runs without ../shared and
 * is stricter: every item's words as labelled, in order, and the metadata exact.
 */
const DIRS = ['corpus', join('fixtures', 'pdf')].map((d) => join(__dirname, d)).filter(existsSync);
const reports = DIRS.flatMap((dir) => readdirSync(dir)
  .filter((f) => !f.endsWith('.gold.json') && !f.endsWith('.md'))
  .map((f) => ({ dir, file: f }))).sort((a, b) => a.file.localeCompare(b.file));

const SOURCE_TYPE: Record<string, string> = { txt: 'text', html: 'html', htm: 'html', docx: 'docx', pdf: 'pdf', ofd: 'ofd' };

interface GoldItem {
  text: string;
  children?: GoldItem[];
}

// the scorer's folding: NFKC, no white space, no trailing punctuation
const norm = (s: string) => s.normalize('NFKC').replace(/\s+/g, '').replace(/[;,.:。;,、:!?]+$/u, '');
const words = (items: Array<ReportItem | GoldItem>): unknown[] =>
  items.map((i) => (i.children?.length ? { text: norm(i.text), children: words(i.children) } : norm(i.text)));

describe('hand-labelled corpus', () => {
  // pdf.js reads a real PDF in about 1.5 s; on a 2-core box running the browser suites beside it, 5 s was once too few
  jest.setTimeout(60_000);

  it('has a report for every format', () => {
    const formats = new Set(reports.map((r) => r.file.split('.').pop()));
    for (const f of ['txt', 'html', 'docx', 'pdf', 'ofd']) expect(formats).toContain(f);
  });

  it.each(reports.map((r) => [r.file, r.dir]))('%s', async (file, dir) => {
    const gold = JSON.parse(readFileSync(join(dir, `${file.split('.')[0]}.gold.json`), 'utf8'));
    const sut = await parseReport({ bytes: readFileSync(join(dir, file)), fileName: file });
    expect(sut.sourceType).toBe(SOURCE_TYPE[file.split('.').pop()!]);
    expect(spanMismatches(sut)).toEqual([]);
    expect({ title: sut.title, organization: sut.organization, reportYear: sut.reportYear, planYear: sut.planYear,
      reportDate: sut.reportDate }).toEqual({ title: gold.title, organization: gold.organization, reportYear: gold.reportYear,
      planYear: gold.planYear, reportDate: gold.reportDate });
    expect(words(sut.problems)).toEqual(words(gold.problems));
    expect(words(sut.measures)).toEqual(words(gold.measures));
    expect(words(sut.suggestions)).toEqual(words(gold.suggestions ?? []));
  });
});
