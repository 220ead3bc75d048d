import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseReport, type ReportItem } from '../src';
import { spanMismatches } from './support/golden';

// The OFD and Word-numbered reports of test/corpus (made by test/support/make-corpus.ts) against their hand labels.
const CORPUS = join(__dirname, 'corpus');
const files = readdirSync(CORPUS).filter((f) => /^(?:ofd-.*\.ofd|docx-numbered-.*\.docx)$/.test(f)).sort();

interface GoldItem { text: string; children: { text: string }[] }
const squash = (s: string) => s.replace(/\s+/g, '');
const items = (list: ReportItem[]) => list.map((i) => ({ text: squash(i.text), children: i.children.map((c) => ({ text: squash(c.text) })) }));
const goldItems = (list: GoldItem[]) => list.map((i) => ({ text: squash(i.text), children: i.children.map((c) => ({ text: squash(c.text) })) }));

describe('OFD and Word-numbered corpus reports', () => {
  it('has two OFD and two numbered .docx reports', () => {
    expect(files.filter((f) => f.endsWith('.ofd')).length).toBeGreaterThanOrEqual(2);
    expect(files.filter((f) => f.endsWith('.docx')).length).toBeGreaterThanOrEqual(2);
  });

  it.each(files)('%s: metadata, problems, measures and suggestions as labelled, spans exact', async (file) => {
    const gold = JSON.parse(readFileSync(join(CORPUS, `${file.split('.')[0]}.gold.json`), 'utf8'));
    const sut = await parseReport({ bytes: readFileSync(join(CORPUS, file)), fileName: file });
    expect(sut.sourceType).toBe(file.endsWith('.ofd') ? 'ofd' : 'docx');
    expect({ title: sut.title, organization: sut.organization, reportYear: sut.reportYear, planYear: sut.planYear,
      reportDate: sut.reportDate }).toEqual({ title: gold.title, organization: gold.organization, reportYear: gold.reportYear,
      planYear: gold.planYear, reportDate: gold.reportDate });
    expect(items(sut.problems)).toEqual(goldItems(gold.problems));
    expect(items(sut.measures)).toEqual(goldItems(gold.measures));
    expect(items(sut.suggestions)).toEqual(goldItems(gold.suggestions));
    expect(spanMismatches(sut)).toEqual([]);
  });
});
