import {
  AlignmentType, BorderStyle, Document, DocumentGridType, Footer, LineRuleType, Packer, PageNumber, Paragraph, Tab, Table, TableCell,
  TableLayoutType, TableRow, TextRun, VerticalAlignTable, WidthType, type IBorderOptions, type IParagraphOptions,
} from 'docx';
import type { Sheet } from './render';

export const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/**
 * GB/T 9704-2012 (党政机关公文格式) in twips (1/20 pt; 1 mm = 56.69 twips): A4, 天头 37 mm, 订口 28 mm, 版心 156 × 225 mm,
 * so the right margin is 26 mm and the bottom 35 mm.
 */
const mm = (v: number) => Math.round(v * 1440 / 25.4);
const PAGE = { width: mm(210), height: mm(297) };
const MARGIN = { top: mm(37), left: mm(28), right: mm(210 - 28 - 156), bottom: mm(297 - 37 - 225) };
export const GB9704 = {
  page: PAGE,
  margin: MARGIN,
  /** the page number's 一字线 sits 7 mm under the 版心: a 4号 line (≈ 5 mm) whose foot is 23 mm above the page's edge */
  footer: mm(23),
  header: mm(15),
  /** 固定值 28 磅 */
  line: 28 * 20,
  /** the 版心 width (156 mm, to the twip the margins leave) */
  text: PAGE.width - MARGIN.left - MARGIN.right,
} as const;

/** Sizes in half-points: 二号 22 pt, 三号 16 pt, 四号 14 pt, 小四 12 pt. */
export const SIZE = { title: 44, body: 32, record: 28, pageNumber: 28, table: 24 } as const;
/** Named, not embedded: Word substitutes what the machine lacks (docs/cadence.md, the .docx). */
export const FONTS = { title: '方正小标宋简体', body: '仿宋_GB2312', heading: '黑体', subheading: '楷体_GB2312', pageNumber: '宋体' } as const;
const RED = 'FF0000';
export const CHAR = 16 * 20; // one 三号 character, in twips

const run = (text: string, o: { font?: string; size?: number; color?: string; bold?: boolean } = {}) =>
  new TextRun({ text, font: o.font ?? FONTS.body, size: o.size ?? SIZE.body, color: o.color, bold: o.bold });

export const para = (text: string, o: IParagraphOptions & { font?: string; size?: number; color?: string } = {}) => {
  const { font, size, color, ...rest } = o;
  return new Paragraph({ ...rest, children: [run(text, { font, size, color })] });
};
export const blank = () => new Paragraph({ children: [] });
/** a body paragraph: 仿宋_GB2312 三号, the first line indented two characters */
export const body = (text: string, o: IParagraphOptions = {}) =>
  para(text, { indent: { firstLine: 2 * CHAR }, alignment: AlignmentType.JUSTIFIED, ...o });

/**
 * 发文机关标志: red 小标宋, centred, on one line — at most 36 pt (小初), smaller for a long name so it keeps within the
 * 版心 (GB/T 9704 leaves the size to the office, “以醒目、美观、庄重为原则”).
 */
function head(text: string): Paragraph {
  const pt = Math.max(22, Math.min(36, Math.floor(440 / Math.max(1, [...text].length))));
  return new Paragraph({ alignment: AlignmentType.CENTER, spacing: { line: (pt + 12) * 20, lineRule: LineRuleType.AT_LEAST, after: 2 * GB9704.line },
    children: [run(text, { font: FONTS.title, size: pt * 2, color: RED })] });
}

/** The 文号 centred under the head, and 4 mm under it the red separator line as wide as the 版心 (the paragraph's border). */
const number = (text: string) => para(text, { alignment: AlignmentType.CENTER,
  border: { bottom: { style: BorderStyle.SINGLE, size: 12, color: RED, space: 6 } } });

type Grid = Pick<Sheet, 'columns' | 'rows'>;

/** Column widths in proportion to what the column holds (序号 narrow, 任务 wide), the table as wide as the 版心. */
function widths(s: Grid): number[] {
  const len = (v: string | number) => [...String(v)].length;
  const weight = s.columns.map((c, i) => Math.min(24, Math.max(len(c), 4, ...s.rows.slice(0, 200).map((r) => len(r[i] ?? '')))));
  const total = weight.reduce((a, b) => a + b, 0);
  return weight.map((w) => Math.floor(GB9704.text * w / total));
}

const thin: IBorderOptions = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
function table(s: Grid): Table {
  const cols = widths(s);
  const cell = (v: string | number, i: number, headRow: boolean) => new TableCell({
    width: { size: cols[i], type: WidthType.DXA }, verticalAlign: VerticalAlignTable.CENTER,
    margins: { left: 60, right: 60, top: 20, bottom: 20 },
    children: [new Paragraph({ alignment: AlignmentType.CENTER, spacing: { line: 360, lineRule: LineRuleType.AT_LEAST },
      children: [run(String(v), { font: headRow ? FONTS.heading : FONTS.body, size: SIZE.table })] })],
  });
  return new Table({
    width: { size: GB9704.text, type: WidthType.DXA }, columnWidths: cols, layout: TableLayoutType.FIXED,
    borders: { top: thin, bottom: thin, left: thin, right: thin, insideHorizontal: thin, insideVertical: thin },
    rows: [new TableRow({ tableHeader: true, children: s.columns.map((c, i) => cell(c, i, true)) }),
      ...s.rows.map((r) => new TableRow({ cantSplit: true, children: s.columns.map((_, i) => cell(r[i] ?? '', i, false)) }))],
  });
}

/**
 * 版记: the 抄送 line (四号, one character in, 抄送 then a full-width colon) and the 印发机关 and 印发日期 line, between a
 * first and last thick line with a thin one between them. GB/T 9704 puts it at the foot of the last even page; here it
 * follows the body.
 */
function record(s: Sheet): Paragraph[] {
  const thick = (size: number): IBorderOptions => ({ style: BorderStyle.SINGLE, size, color: '000000', space: 1 });
  const spacing = { line: GB9704.line, lineRule: LineRuleType.EXACT };
  const out: Paragraph[] = [blank()];
  if (s.cc.length) {
    out.push(para(`抄送：${s.cc.join('，')}。`, { size: SIZE.record, indent: { left: CHAR, right: CHAR }, spacing,
      border: { top: thick(8), bottom: thick(4) } }));
  }
  out.push(new Paragraph({ indent: { left: CHAR, right: CHAR }, spacing, border: { ...(s.cc.length ? {} : { top: thick(8) }), bottom: thick(8) },
    tabStops: [{ type: 'right', position: GB9704.text - 2 * CHAR }],
    children: [run(s.issuer, { size: SIZE.record }),
      new TextRun({ children: [new Tab(), `${s.date}印发`], font: FONTS.body, size: SIZE.record })] }));
  return out;
}

/** “— 1 —” in 四号 半角 宋体, odd pages at the right and even pages at the left, one character in (GB/T 9704 7.5). */
const pageNumber = (alignment: (typeof AlignmentType)['RIGHT' | 'LEFT']) => new Footer({ children: [new Paragraph({
  alignment, indent: alignment === AlignmentType.RIGHT ? { right: 280 } : { left: 280 },
  children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], font: FONTS.pageNumber, size: SIZE.pageNumber })] })] });

/**
 * The .docx of a document, from its Sheet as renderText and renderHtml draw it: 版头 (red, with the red line under the
 * 文号), title, 主送, body in 仿宋_GB2312 三号 at a fixed 28 pt, the table, notes, further tables under their captions,
 * closing line and paragraphs, 落款 and 成文日期 at the right, then the 版记.
 */
export async function renderDocx(s: Sheet): Promise<Buffer> {
  const tail = [s.outro, ...(s.closing ?? [])];
  return gbDocx({ title: `${s.number} ${s.title}`, creator: s.issuer, children: [
    head(s.head),
    number(s.number),
    blank(), blank(),
    para(s.title, { alignment: AlignmentType.CENTER, font: FONTS.title, size: SIZE.title }),
    blank(),
    para(s.to),
    body(s.intro),
    ...(s.columns.length ? [table(s)] : []),
    ...(s.notes ?? []).map((t) => body(t)),
    // further tables (a bulletin's 工作重点), each under its caption
    ...(s.sections ?? []).flatMap((t) => [body(t.caption), ...(t.columns.length ? [table(t)] : [])]),
    ...tail.map((text, i) => body(text, { keepNext: i === tail.length - 1 })),
    // 落款 and 成文日期 stay together and with the last line of text: never a page holding only the signature
    new Paragraph({ keepNext: true, children: [] }), new Paragraph({ keepNext: true, children: [] }),
    para(s.issuer, { alignment: AlignmentType.RIGHT, indent: { right: 2 * CHAR }, keepNext: true, keepLines: true }),
    para(s.date, { alignment: AlignmentType.RIGHT, indent: { right: 4 * CHAR } }),
    ...record(s),
  ] });
}

/**
 * A GB/T 9704 page around any paragraphs: A4 with the 版心 margins, body in 仿宋_GB2312 三号 at a fixed 28 pt on a line
 * grid, page numbers “— 1 —” odd right and even left. renderDocx and the year-end outcome (reports) share it.
 */
export async function gbDocx(o: { title: string; creator: string; children: Array<Paragraph | Table> }): Promise<Buffer> {
  const doc = new Document({
    title: o.title, creator: o.creator, evenAndOddHeaderAndFooters: true,
    styles: { default: { document: { run: { font: FONTS.body, size: SIZE.body },
      paragraph: { spacing: { line: GB9704.line, lineRule: LineRuleType.EXACT, before: 0, after: 0 } } } } },
    sections: [{
      properties: {
        page: { size: GB9704.page, margin: { ...GB9704.margin, header: GB9704.header, footer: GB9704.footer }, pageNumbers: { start: 1 } },
        // a line grid of 28 pt; no character grid: a 16 pt character wider than a 15.8 pt cell (28 in 156 mm) takes two
        // cells in LibreOffice, so a line holds the 27 that 156 mm fits
        grid: { type: DocumentGridType.LINES, linePitch: GB9704.line },
      },
      footers: { default: pageNumber(AlignmentType.RIGHT), even: pageNumber(AlignmentType.LEFT) },
      children: o.children,
    }],
  });
  return Packer.toBuffer(doc);
}

/** `<文号> <标题>.docx`, without the characters a file system refuses. */
export const docxFileName = (s: Pick<Sheet, 'number' | 'title'>) =>
  `${[s.number, s.title].filter(Boolean).join(' ')}.docx`.replace(/[\\/:*?"<>|\r\n]/g, '_');
