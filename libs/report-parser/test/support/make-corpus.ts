/*
 * Makes the OFD and automatically numbered .docx reports of test/corpus (and the 20-page OFD of the benchmark) from our
 * own report texts in ./corpus-reports, the way their writers make them:
 *   - ofd-county-natural-resources-2024: a Word → OFD converter, one text object per line, page numbers, a running
 *     header in a template page;
 *   - ofd-city-health-commission-2025: a 数科/书生-style writer, one text object per run of 1–6 characters with DeltaX,
 *     written out of reading order, a running header drawn on every page, page numbers, 3 pages and more;
 *   - docx-numbered-district-urban-management-2025: Word numbering set on the paragraphs, 一、 with （一） restarting
 *     under each chapter, and two decimal lists (the second restarted with a start override);
 *   - docx-numbered-township-2024: numbering through paragraph styles (a heading style and an item style based on it),
 *     problems numbered ① ② ③.
 * Every file is read back by the parser and compared with its text before it is written. Run from the repository root
 * and commit the files:
 *   npx swc libs/report-parser -d dist/corpus-gen -q && node dist/corpus-gen/libs/report-parser/test/support/make-corpus.js
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseReport } from '../../src';
import { type DocxNumbering, type DocxParagraph, makeNumberedDocx } from './make-docx';
import { makeOfd, type OfdOptions, ofdParts } from './make-ofd';

const ROOT = process.cwd();
const SOURCES = join(ROOT, 'libs/report-parser/test/support/corpus-reports');
const OUT = join(ROOT, 'libs/report-parser/test/corpus');
const BENCH = join(ROOT, 'libs/report-parser/bench/fixtures');
const source = (name: string) => readFileSync(join(SOURCES, `${name}.txt`), 'utf8');

const OFD: [string, OfdOptions][] = [
  ['ofd-county-natural-resources-2024', { objects: 'line', pageNumbers: true, templateHeader: '乙县自然资源局' }],
  ['ofd-city-health-commission-2025', { objects: 'run', shuffle: 2025, pageNumbers: true, header: '丙市卫生健康委员会文件' }],
];

const CHAPTERS = { format: 'chineseCounting', text: '%1、' };
const SECTIONS = { format: 'chineseCounting', text: '（%2）' };
const HEADING = /^[一二三四五六七八九十]+、/;
const SECTION = /^（[一二三四五六七八九十]+）/;

/** Lines whose printed enumerator becomes Word numbering, set on the paragraph itself. */
function districtDocx(text: string): Buffer {
  let decimalList = 1;
  const paragraphs = text.trim().split('\n').map((line): DocxParagraph => {
    if (HEADING.test(line)) return { text: line.replace(HEADING, ''), numId: 1, ilvl: 0 };
    if (SECTION.test(line)) return { text: line.replace(SECTION, ''), numId: 1, ilvl: 1 };
    const decimal = /^(\d+)\./.exec(line);
    if (decimal) {
      if (decimal[1] === '1') decimalList++; // the plan's list restarts at 1: a new list over the same definition
      return { text: line.slice(decimal[0].length), numId: decimalList };
    }
    return { text: line };
  });
  const numbering: DocxNumbering = {
    abstracts: [[CHAPTERS, SECTIONS], [{ format: 'decimal', text: '%1.' }]],
    nums: [{ abstract: 0 }, { abstract: 1 }, { abstract: 1, startOverride: { 0: 1 } }],
  };
  return makeNumberedDocx(paragraphs, numbering);
}

/** Headings and items numbered by their paragraph styles; problems ① ② ③ by a list of their own. */
function townshipDocx(text: string): Buffer {
  const paragraphs = text.trim().split('\n').map((line): DocxParagraph => {
    if (HEADING.test(line)) return { text: line.replace(HEADING, ''), style: 'ReportHeading' };
    if (SECTION.test(line)) return { text: line.replace(SECTION, ''), style: 'ReportItem' };
    if (/^[①-⑳] /.test(line)) return { text: line.slice(2), numId: 2 };
    return { text: line };
  });
  return makeNumberedDocx(paragraphs, {
    abstracts: [[CHAPTERS, SECTIONS], [{ format: 'decimalEnclosedCircle', text: '%1' }]],
    nums: [{ abstract: 0 }, { abstract: 1 }],
    styles: { ReportHeading: { numId: 1, ilvl: 0 }, ReportItem: { numId: 1, ilvl: 1, basedOn: 'ReportHeading' } },
  });
}

const squash = (s: string) => s.replace(/\s+/g, '');

async function write(path: string, bytes: Buffer, text: string): Promise<void> {
  const parsed = await parseReport({ bytes, fileName: path });
  if (squash(parsed.text) !== squash(text)) throw new Error(`${path}: the parser reads other words than the text:\n${parsed.text}`);
  writeFileSync(path, bytes);
  console.log(`${path.slice(ROOT.length + 1)}: ${(bytes.length / 1024).toFixed(1)} KB, ${parsed.problems.length} problems, ` +
    `${parsed.measures.length} measures, ${parsed.suggestions.length} suggestions`);
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  mkdirSync(BENCH, { recursive: true });
  for (const [name, options] of OFD) await write(join(OUT, `${name}.ofd`), makeOfd(source(name), options), source(name));
  const district = 'docx-numbered-district-urban-management-2025';
  await write(join(OUT, `${district}.docx`), districtDocx(source(district)), source(district));
  const township = 'docx-numbered-township-2024';
  await write(join(OUT, `${township}.docx`), townshipDocx(source(township)), source(township));

  // 20 pages for the benchmark: the health commission's work section told over and over, problems and plan once
  const lines = source('ofd-city-health-commission-2025').trim().split('\n');
  const work = lines.slice(2, lines.findIndex((l) => l.startsWith('二、')));
  const options: OfdOptions = { objects: 'run', shuffle: 20, pageNumbers: true, header: '丙市卫生健康委员会文件' };
  const pages = (t: string) => Object.keys(ofdParts(t, options)).filter((k) => k.endsWith('Content.xml')).length;
  let long = lines.join('\n');
  for (let n = 1; pages(long) < 20; n++) {
    long = [...lines.slice(0, 2), ...Array.from({ length: n }, () => work).flat(), ...lines.slice(2 + work.length)].join('\n');
  }
  await write(join(BENCH, 'twenty-pages.ofd'), makeOfd(long, options), long);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
