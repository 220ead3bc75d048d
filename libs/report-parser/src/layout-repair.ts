import { classifyHeading } from './classify';
import { DATE_LINE, isOrgLine } from './sections';

/**
 * Text copied out of a PDF or OFD viewer keeps the printed lines: every line of a paragraph ends in a line break,
 * and page numbers and running headers sit between them, often in the middle of a paragraph that goes on over the
 * page. `repairLayout` recognises such hard-wrapped text and gives back one paragraph a line, without the page
 * furniture; text whose lines already are paragraphs comes back unchanged. Runs before `normaliseText`, so the
 * text it returns is the text that is stored and that spans index into. Linear in the length of the text.
 */
export interface RepairedLayout {
  text: string;
  /** the text was hard-wrapped and its lines were joined */
  wrapped: boolean;
  /** printed line width (a CJK character counts 2, a Latin letter or digit 1); 0 when not wrapped */
  width: number;
}

/** Page numbers that cannot be anything else: `— 3 —`, `-3-`, `- 3 -`, `第3页 共8页`, `第 3 页`, `共8页 第3页`. */
const PAGE_MARK = new RegExp('^(?:[-－—–―~～·•]+\\s*\\d{1,4}\\s*[-－—–―~～·•]+' +
  '|第\\s*\\d{1,4}\\s*页\\s*[,，、/／]?\\s*(?:共\\s*\\d{1,4}\\s*页)?' +
  '|共\\s*\\d{1,4}\\s*页\\s*[,，、/／]?\\s*第\\s*\\d{1,4}\\s*页)$');
/** `3` or `3/8` alone on a line: a page number only between the lines of wrapped text. */
const PAGE_BARE = /^\d{1,4}(?:\s*[/／]\s*\d{1,4})?$/;
/** How a sentence (or a lead-in to a list) ends; a line ending otherwise goes on on the next line. */
export const SENTENCE_END = /(?:[。；：！？;:!?…]|[。！？；][”’」』）)])$/;
/** A line that opens a paragraph of its own: an enumerator (一、 （一） 1. （1） ① 一是 第一，) or the sign-off. */
const OPENS_PARAGRAPH = new RegExp('^(?:第[一二三四五六七八九十]{1,3}(?:部分|章|篇)' +
  '|[一二三四五六七八九十]{1,3}\\s*(?:[、．]|\\.(?!\\d))|[（(]\\s*(?:[一二三四五六七八九十]{1,3}|\\d{1,2})\\s*[）)]' +
  '|\\d{1,2}\\s*(?:[、．]|\\.(?!\\d))|[①-⑳]|其?[一二三四五六七八九十]{1,3}是|第[一二三四五六七八九十]{1,3}\\s*[，,、：:]' +
  '|特此报告|专此报告|以上报告|妥否|当否|附件)');
/** A signature date cut in two: `2025年1月` then `15日`. */
const DATE_HEAD = /^(?:\d{4}|[〇○零一二三四五六七八九]{4})\s*年(?:\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*月)?$/;

const MIN_WIDTH = 30;
const MAX_WIDTH = 120;
/** a line this much narrower than the printed width still counts as full (indent, digits, pushed punctuation) */
const SLACK = 5;
/**
 * a line this much wider still counts as full: the indent of a paragraph's first line (two CJK characters) is often
 * not copied, so first lines are that much narrower than the lines that go on, and may be the commoner width
 */
const INDENT = 4;

/** Printed width: CJK and full-width forms 2, Latin letters, digits and ASCII punctuation 1. */
export function printedWidth(line: string): number {
  let w = 0;
  for (let i = 0; i < line.length; i++) w += line.charCodeAt(i) < 0x1100 ? 1 : 2;
  return w;
}

/**
 * The printed line width when most lines of some length are of nearly the same width and many of them stop in
 * the middle of a sentence; 0 for text whose lines are paragraphs (of all widths, or ending with their sentence).
 */
export function wrapWidth(lines: readonly string[]): number {
  const hist = new Uint32Array(MAX_WIDTH + 4);
  const widths = lines.map(printedWidth);
  let counted = 0;
  for (const w of widths) {
    if (w < 24) continue;
    counted++;
    hist[Math.min(w, MAX_WIDTH + 3)]++;
  }
  let best = 0;
  let bestCount = 0;
  for (let w = MIN_WIDTH; w <= MAX_WIDTH; w++) {
    let n = 0;
    for (let v = w - SLACK; v <= w + 2; v++) n += hist[v];
    if (n > bestCount) [best, bestCount] = [w, n];
  }
  if (bestCount < 6 || bestCount < counted * 0.4) return 0;
  let wider = 0;
  let open = 0;
  let prose = 0;
  widths.forEach((w, i) => {
    if (w > best + INDENT + 2) wider++;
    else if (w >= best - SLACK) {
      if (!SENTENCE_END.test(lines[i])) open++;
      if (/[，、。；]/.test(lines[i])) prose++;
    }
  });
  // rows of a table are as wide as each other and stop without a full stop too, but have no commas
  if (wider > counted * 0.15 || open < bestCount * 0.4 || prose < bestCount * 0.5) return 0;
  // the most common width of the cluster is the printed width (the window may reach past it, to a title)
  let mode = best;
  for (let w = best - SLACK; w <= best + 2; w++) if (hist[w] > hist[mode]) mode = w;
  return mode;
}

/**
 * Short lines without sentence punctuation repeated at page breaks: running headers and footers. Only the copies
 * that stand next to a page break (a blank line or a page number) go, so the same words as a signature stay.
 */
function runningLines(lines: readonly string[], fullWidth: number): Set<number> {
  const seen = new Map<string, number[]>();
  lines.forEach((l, i) => {
    if (!l || l.length > 40 || printedWidth(l) >= fullWidth - SLACK || /[。；，,;]/.test(l) || OPENS_PARAGRAPH.test(l)) return;
    const at = seen.get(l);
    if (at) at.push(i);
    else seen.set(l, [i]);
  });
  const firstText = lines.findIndex((l) => l !== '');
  const pageBreak = (i: number): boolean => i < 0 || i >= lines.length || !lines[i] || isPageNumber(lines[i]);
  const drop = new Set<number>();
  for (const at of seen.values()) {
    // the title printed again at the top of later pages: keep the first, which is the title itself
    const titled = at[0] - firstText <= 2;
    if (at.length < 3 && !(titled && at.length === 2)) continue;
    for (const i of titled ? at.slice(1) : at) if ((pageBreak(i - 1) || pageBreak(i + 1)) && !signs(lines, i)) drop.add(i);
  }
  return drop;
}

/**
 * In text whose lines are paragraphs, a running header is only known by where it stands: the same short line right
 * after (or before) a page number, at two page breaks or more. Nothing else is dropped, however often it repeats.
 */
function headersBesidePageMarks(lines: readonly string[]): Set<number> {
  const seen = new Map<string, number[]>();
  lines.forEach((l, i) => {
    if (!l || l.length > 40 || /[。；，,;]/.test(l) || OPENS_PARAGRAPH.test(l)) return;
    if (!PAGE_MARK.test(lines[i - 1] ?? '') && !PAGE_MARK.test(lines[i + 1] ?? '')) return;
    const at = seen.get(l);
    if (at) at.push(i);
    else seen.set(l, [i]);
  });
  const drop = new Set<number>();
  for (const at of seen.values()) if (at.length >= 2) for (const i of at) if (!signs(lines, i)) drop.add(i);
  return drop;
}

/** The body's name above the date that closes the report (the same words as the title's first line): a signature. */
function signs(lines: readonly string[], i: number): boolean {
  let next = i + 1;
  while (next < lines.length && !lines[next]) next++;
  const date = (lines[next] ?? '').replace(/\s+/g, '');
  return DATE_LINE.test(date) || DATE_HEAD.test(date);
}

function isPageNumber(line: string): boolean {
  return PAGE_MARK.test(line) || PAGE_BARE.test(line);
}

function trimLine(line: string): string {
  return line.replace(/^[\s\u3000\uFEFF]+|[\s\u3000]+$/g, '');
}

/** A line this wide (24 CJK characters, most of a printed line) that stops mid-sentence at a page break goes on. */
const CUT_PARAGRAPH = 48;

/**
 * Pages separated by form feeds, each with its paragraphs one a line: the last paragraph of a page goes on as the
 * first of the next when it stops mid-sentence and the next does not open a paragraph of its own.
 */
function joinAcrossPages(raw: string): string {
  const pages = raw.split('\f');
  const out: string[] = [pages[0]];
  // each page is looked at once (its end and the next one's start): a page of text never grows by joining
  for (let k = 1; k < pages.length; k++) {
    const before = pages[k - 1].trimEnd();
    const next = pages[k].trimStart();
    const last = trimLine(before.slice(before.lastIndexOf('\n') + 1));
    const nl = next.indexOf('\n');
    const first = trimLine(nl < 0 ? next : next.slice(0, nl));
    // a heading (an enumerator and words, no full stop) is not a paragraph cut short, however wide
    const paragraph = /[。；！？]/.test(last) || (printedWidth(last) >= CUT_PARAGRAPH && !OPENS_PARAGRAPH.test(last));
    if (paragraph && !SENTENCE_END.test(last) && first !== '' && !startsOwnLine(first)) {
      out[out.length - 1] = out[out.length - 1].trimEnd();
      pages[k] = next;
      out.push(glue(last, first), next);
    } else {
      out.push('\f', pages[k]);
    }
  }
  return out.join('');
}

/** A short line that names a section (意见建议。 存在的问题：) stands on its own even with a full stop. */
function namesSection(line: string): boolean {
  if (line.length > 12) return false;
  const cls = classifyHeading(line.replace(/[。：:！？]$/, ''));
  return cls.cueAt === 0 && cls.kind !== 'work' && cls.kind !== 'other';
}

export function startsOwnLine(line: string): boolean {
  return OPENS_PARAGRAPH.test(line) || DATE_LINE.test(line.replace(/\s+/g, '')) || isOrgLine(line);
}

/** Lines join with nothing between them; a space only between two Latin words (a number cut in two stays one). */
function glue(prev: string, next: string): string {
  return /[A-Za-z]$/.test(prev) && /^[A-Za-z]/.test(next) ? ' ' : '';
}

export function repairLayout(raw: string): RepairedLayout {
  // eslint-disable-next-line no-control-regex -- vertical tab and form feed are line ends in pasted text
  const rawLines = raw.split(/\r\n?|[\n\f\u2028\u2029\u000B\u0085]/);
  const lines = rawLines.map(trimLine);
  const width = wrapWidth(lines);
  if (!width) {
    // text whose lines are paragraphs only loses the page numbers that cannot be read as anything else, and has
    // its paragraphs joined where a page break (a form feed, as the PDF reader marks one) cuts them
    const joined = raw.includes('\f') ? joinAcrossPages(raw) : raw;
    if (!lines.some((l) => PAGE_MARK.test(l))) return { text: joined, wrapped: false, width: 0 };
    const kept = joined.split('\n');
    const headers = headersBesidePageMarks(kept.map(trimLine));
    return { text: kept.filter((l, i) => !PAGE_MARK.test(trimLine(l)) && !headers.has(i)).join('\n'), wrapped: false, width: 0 };
  }
  const furniture = runningLines(lines, width);
  const indented = rawLines.filter((l) => /^[ \u3000]{2,}\S/.test(l)).length >= 3;
  // pieces of the text, joined once at the end (appending to a growing paragraph would copy it again and again)
  const out: string[] = [];
  let prev = '';
  // the last kept line was a full printed line that stops mid-sentence (or mid-paragraph): the next text line goes on
  let open = false;
  // the last kept line was a full printed line that ends a sentence: the paragraph most likely goes on (a sentence
  // ends at the margin more often than a paragraph does), unless the next line is a heading or opens an item
  let soft = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!line) continue;
    if (furniture.has(i) || isPageNumber(line)) continue;
    const w = printedWidth(line);
    // wider than the printed line (a title, a table row pasted whole) is not a printed line of the body
    // wider by an indent only as the continuation of a paragraph: a title that wide opens nothing
    const full: boolean = w >= width - SLACK && (w <= width + 2 || (open && w <= width + INDENT + 2));
    const goesOn = open || (soft && (full || (/[，。；！？]/.test(line) && !namesSection(line))));
    if (goesOn && !startsOwnLine(line) && !(indented && /^[ \u3000]{2,}\S/.test(rawLines[i]))) {
      out.push(glue(prev, line), line);
    } else if (DATE_HEAD.test(prev) && DATE_LINE.test((prev + line).replace(/\s+/g, ''))) {
      out.push(line);
    } else {
      out.push(out.length ? '\n' : '', line);
    }
    prev = line;
    // a full line that ends its sentence still goes on when paragraphs are marked by an indent instead
    open = full && (!SENTENCE_END.test(line) || (indented && !/[：:]$/.test(line)));
    soft = full && !indented && /[。！？!?][”’」』）)]?$/.test(line);
  }
  return { text: out.join(''), wrapped: true, width };
}
