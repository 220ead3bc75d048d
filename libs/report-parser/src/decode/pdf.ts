import { dirname, join } from 'node:path';
import { ReportParseError } from '../errors';
import type { ParseWarning } from '../types';

/** Text of a PDF's text layer: pages joined by a form feed, each page's paragraphs one a line. */
export interface PdfText {
  text: string;
  pages: number;
  warnings: ParseWarning[];
}

/** One glyph run as pdf.js reports it, in page units (origin bottom left). */
export interface Run {
  str: string;
  x: number;
  y: number;
  width: number;
  size: number;
}

// CJK ideographs, kana, hangul, full-width forms and CJK punctuation: runs of these join without a space
export const WIDE = /[\u2E80-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFFEF\u2014\u2026\u201C\u201D\u2018\u2019]/;

/** A gap wider than this share of the font size between two Latin runs is a space. */
const SPACE_GAP = 0.3;
/**
 * Next to a wide character only a gap of a whole em or more is (a column, a tab stop): the narrower gap Word and
 * LibreOffice leave between Chinese and digits or Latin letters (2024 年) is typography, not a character.
 */
const WIDE_SPACE_GAP = 1;

export const isPdf = (bytes: Uint8Array): boolean =>
  bytes.length >= 5 && bytes[0] === 0x25 && bytes[1] === 0x50 && bytes[2] === 0x44 && bytes[3] === 0x46 && bytes[4] === 0x2d;

/**
 * Reads the text layer of a PDF with pdf.js (through unpdf): each page's glyph runs grouped into lines by their
 * baseline, each line ordered left to right, the lines joined into paragraphs and page numbers and running headers
 * and footers dropped by where they sit (`layoutPages`), pages separated by a form feed. A PDF whose pages are only images (a
 * scan) has no text to read and is refused with `NO_TEXT`; pages without text inside a PDF that has some are named
 * in a warning.
 */
export async function pdfToText(bytes: Uint8Array): Promise<PdfText> {
  const { getDocumentProxy, getResolvedPDFJS } = await loadUnpdf();
  let doc: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    // pdf.js may take the buffer over: hand it a copy, never the caller's bytes
    doc = await getDocumentProxy(new Uint8Array(bytes), {
      verbosity: 0, isEvalSupported: false, disableFontFace: true, useSystemFonts: false, stopAtErrors: false,
    });
  } catch (err) {
    const name = (err as { name?: string }).name;
    if (name === 'PasswordException') throw new ReportParseError('UNDECODABLE', 'PDF 文件设有密码保护，请上传未加密的版本');
    // pdf.js explains in English (Invalid PDF structure.): users get it in Chinese
    throw new ReportParseError('UNDECODABLE', 'PDF 文件已损坏或不完整，无法读取');
  }
  try {
    const pages: PageLines[] = [];
    const empty: number[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      const runs: Run[] = [];
      for (const item of content.items) {
        // pdf.js adds runs of spaces for gaps it sees; the gaps are measured again below
        if (!('str' in item) || !item.str.trim()) continue;
        const [a, b, c, d, e, f] = item.transform as number[];
        runs.push({ str: item.str, x: e, y: f, width: item.width, size: Math.hypot(c, d) || Math.hypot(a, b) || item.height || 1 });
      }
      const lines = groupLines(runs);
      if (!lines.length) empty.push(n);
      const [, bottom, , top] = page.view;
      pages.push({ lines, bottom, top });
      page.cleanup();
    }
    // a page without text that paints an image is a scanned page; one that paints nothing is just blank
    const { OPS } = await getResolvedPDFJS();
    const paints = new Set<number>([OPS.paintImageXObject, OPS.paintInlineImageXObject, OPS.paintImageMaskXObject,
      OPS.paintImageXObjectRepeat, OPS.paintInlineImageXObjectGroup]);
    const scanned: number[] = [];
    for (const n of empty) {
      const ops = await (await doc.getPage(n)).getOperatorList();
      if (ops.fnArray.some((fn) => paints.has(fn))) scanned.push(n);
    }
    const warnings = scanVerdict('PDF', '文字层', doc.numPages, empty, scanned);
    return { text: layoutPages(pages).join('\n\f\n'), pages: doc.numPages, warnings };
  } finally {
    await doc.destroy();
  }
}

/**
 * What pages without text mean for a paginated format (PDF, OFD): all of them, and some picture → a scan, refused
 * with NO_TEXT (no OCR here); all of them and no picture → EMPTY; some → a warning naming the pictured pages.
 */
export function scanVerdict(format: string, layer: string, pages: number, empty: number[], scanned: number[]): ParseWarning[] {
  if (empty.length === pages) {
    if (scanned.length) {
      throw new ReportParseError('NO_TEXT',
        `这是扫描件（${format} 页面只有图片、没有${layer}），系统不支持文字识别（OCR），请上传报告的 Word（.docx）或文本版本`);
    }
    throw new ReportParseError('EMPTY', `${format} 文件中没有可读的文字`);
  }
  return scanned.length ? [{ code: `${format}_PAGES_WITHOUT_TEXT`,
    message: `${format} 第 ${scanned.join('、')} 页是图片、没有${layer}（扫描页），这些页的内容未能导入，请核对` }] : [];
}

/**
 * unpdf loads its pdf.js build (an ES module) with `import()`, which the test runner's CommonJS sandbox refuses (Jest
 * without --experimental-vm-modules). `require` loads ES modules in Node since 20.19 (our engines floor) and Jest
 * transforms them for its sandbox, so pdf.js is handed to unpdf that way, the same in tests and in production.
 */
async function configureUnpdf() {
  const unpdf = await import('unpdf');
  // the package exports pdfjs.mjs for `import` only: required by its path
  const pdfjsPath = join(dirname(require.resolve('unpdf')), 'pdfjs.mjs');
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- see above: import() of it is what fails
  await unpdf.configureUnPDF({ pdfjs: async () => require(pdfjsPath) as unknown });
  return unpdf;
}

let configured: ReturnType<typeof configureUnpdf> | null = null;
const loadUnpdf = (): ReturnType<typeof configureUnpdf> => (configured ??= configureUnpdf().catch((err: unknown) => {
  configured = null; // try again on the next PDF
  throw err;
}));

/** Runs on one baseline (within half a font size) form a line; lines top to bottom, runs left to right. */
export function groupLines(runs: Run[]): Line[] {
  const sorted = [...runs].sort((p, q) => q.y - p.y || p.x - q.x);
  const lines: Run[][] = [];
  for (const run of sorted) {
    const line = lines[lines.length - 1];
    if (line && Math.abs(line[0].y - run.y) <= Math.min(line[0].size, run.size) * 0.5) line.push(run);
    else lines.push([run]);
  }
  return lines.map((line) => {
    line.sort((p, q) => p.x - q.x);
    let out = '';
    let end = -Infinity;
    let size = 0;
    for (const run of line) {
      if (out) {
        const gap = run.x - end;
        const wide = WIDE.test(out[out.length - 1]) || WIDE.test(run.str[0]);
        if (gap > run.size * (wide ? WIDE_SPACE_GAP : SPACE_GAP) && !/\s$/.test(out) && !/^\s/.test(run.str)) out += ' ';
      }
      out += run.str;
      end = Math.max(end, run.x + run.width);
      size = Math.max(size, run.size);
    }
    return { text: out.replace(/\s+$/, ''), x0: line[0].x, x1: end, y: line[0].y, size };
  }).filter((l) => l.text.trim());
}

/** A printed line: its text and where it sits on the page (page units, origin bottom left). */
export interface Line {
  text: string;
  /** left and right end of the line */
  x0: number;
  x1: number;
  /** baseline */
  y: number;
  /** font size of the largest run */
  size: number;
}

/** The lines of one page, top to bottom, and the page's bottom and top edge. */
export interface PageLines {
  lines: Line[];
  bottom: number;
  top: number;
}

/** Share of the page height at its top and at its bottom where running headers, footers and page numbers sit. */
const BAND = 0.15;

/** Page numbers as printed: `— 2 —`, `-2-`, `2`, `第2页 共8页`, `第 2 页/共 8 页`, `2 / 8`, `Page 2 of 8`. */
const PAGE_NUMBER = new RegExp('^(?:[-－—–―~～·•\\s]*\\d{1,4}[-－—–―~～·•\\s]*' +
  '|第\\s*\\d{1,4}\\s*页\\s*[,，、/／]?\\s*(?:共\\s*\\d{1,4}\\s*页)?' +
  '|共\\s*\\d{1,4}\\s*页\\s*[,，、/／]?\\s*第\\s*\\d{1,4}\\s*页' +
  '|\\d{1,4}\\s*[/／]\\s*\\d{1,4}|page\\s*\\d{1,4}(?:\\s*(?:of|/)\\s*\\d{1,4})?)$', 'i');

/**
 * A line that starts a paragraph whatever its position: a heading or an enumerator (一、 （一） 1. （1） 一是 第一章 …).
 */
const STARTS_PARAGRAPH = new RegExp('^(?:[一二三四五六七八九十百]+[、是]|[（(][一二三四五六七八九十百\\d]+[）)]' +
  '|\\d{1,3}[.．、](?!\\d)|第[一二三四五六七八九十百\\d]+[章节部分条项]|[①-⑳]|附件)');

/** Rounded position key: lines within a couple of points count as at the same place. */
const at = (v: number): number => Math.round(v / 3);

/**
 * Turns each page's printed lines into the text the reader sees: page numbers and running headers and footers
 * dropped, and lines joined into paragraphs by where they sit. A paragraph starts at an indented line (official
 * documents indent the first line by two characters), after a line that ends well short of the right margin, after
 * a larger gap or a change of font size, and at a line that opens with a heading or an enumerator; any other line
 * continues the paragraph above it with nothing inserted (a space only between two Latin letters or digits). Pages
 * stay separate: each page gives its paragraphs, one a line. Linear in the number of lines.
 */
export function layoutPages(pages: PageLines[]): string[] {
  // what sits in the top or bottom band of a page, and on how many pages the same text sits at the same place
  const band = (p: PageLines, l: Line): boolean => {
    const h = p.top - p.bottom;
    return l.y >= p.top - h * BAND || l.y <= p.bottom + h * BAND;
  };
  const furnitureKey = (l: Line) => `${at(l.y)}\u0000${l.text.replace(/\s+/g, '')}`;
  const seen = new Map<string, number>();
  for (const p of pages) {
    const keys = new Set(p.lines.filter((l) => band(p, l)).map(furnitureKey));
    for (const k of keys) seen.set(k, (seen.get(k) ?? 0) + 1);
  }
  const printed = pages.filter((p) => p.lines.length).length;
  const running = (l: Line): boolean => printed >= 2 && (seen.get(furnitureKey(l)) ?? 0) >= Math.max(2, (printed * 2) / 3);
  const kept = pages.map((p) => p.lines.filter((l, i) => {
    const edge = band(p, l) || i === 0 || i === p.lines.length - 1;
    return !(edge && PAGE_NUMBER.test(l.text.trim())) && !(band(p, l) && running(l));
  }));

  // the body's left margin (the most common start of a line) and right margin (the furthest end of one)
  const starts = new Map<number, number>();
  let left = Infinity;
  let right = -Infinity;
  let best = 0;
  for (const lines of kept) {
    for (const l of lines) {
      const n = (starts.get(at(l.x0)) ?? 0) + 1;
      starts.set(at(l.x0), n);
      if (n > best || (n === best && l.x0 < left)) [best, left] = [n, l.x0];
      right = Math.max(right, l.x1);
    }
  }

  return kept.map((lines) => {
    const out: string[] = [];
    let prev: Line | null = null;
    for (const l of lines) {
      const text = l.text.trim();
      const start = !prev
        || l.x0 > left + l.size * 0.9 // indented first line (or centred, or right-aligned)
        || prev.x1 < right - prev.size * 1.5 // the line above ends well short of the margin
        || prev.y - l.y > Math.max(prev.size, l.size) * 2.3 // a gap wider than the line spacing
        || Math.abs(prev.size - l.size) > Math.min(prev.size, l.size) * 0.15 // another font size
        || STARTS_PARAGRAPH.test(text);
      if (start) out.push(text);
      else {
        const last = out[out.length - 1];
        const latin = /[A-Za-z0-9,.;:!?)]$/.test(last) && /^[A-Za-z0-9(]/.test(text);
        out[out.length - 1] = last + (latin ? ' ' : '') + text;
      }
      prev = l;
    }
    return out.join('\n');
  });
}
