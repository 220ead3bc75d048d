import { posix } from 'node:path';
import type { Element } from 'domhandler';
import { ReportParseError } from '../errors';
import type { ParseWarning } from '../types';
import { groupLines, layoutPages, type PageLines, type Run, scanVerdict, WIDE } from './pdf';
import { checkReportZip } from './safe-zip';
import { child, descendants, kids, loadXml, localName, textOf as text } from './xml';

/** Text of an OFD document: pages joined by a form feed, each page's paragraphs one a line (as for a PDF). */
export interface OfdText {
  text: string;
  pages: number;
  warnings: ParseWarning[];
}

/** More pages or text objects than any report has: refused before the layout work grows with them. */
export const MAX_OFD_PAGES = 2000;
export const MAX_OFD_TEXT_CODES = 500_000;

// OFD places things in millimetres; the layout rules shared with the PDF reader are tuned in points
const PT_PER_MM = 72 / 25.4;
/** A4, when neither the page nor the document says its size */
const A4 = { x: 0, y: 0, w: 210, h: 297 };

// a wide glyph (the PDF reader's classes) advances about one em, a Latin one a little over half of one
const nominal = (ch: string, size: number): number => (WIDE.test(ch) ? size : size * 0.6);
/** An advance longer than this many nominal widths is a gap (a tab stop, a column), not letter spacing. */
const GAP_ADVANCE = 1.8;

interface Box { x: number; y: number; w: number; h: number }

/** A zip whose central directory names OFD.xml at its root (GB/T 33190 packages are zips). */
export function isOfdZip(bytes: Uint8Array): boolean {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const floor = Math.max(0, view.length - 22 - 65535);
  for (let i = view.length - 22; i >= floor; i--) {
    if (view.readUInt32LE(i) !== 0x06054b50) continue;
    const count = view.readUInt16LE(i + 10);
    let at = view.readUInt32LE(i + 16);
    for (let n = 0; n < count && at + 46 <= view.length && view.readUInt32LE(at) === 0x02014b50; n++) {
      const nameLength = view.readUInt16LE(at + 28);
      const name = view.toString('latin1', at + 46, at + 46 + nameLength);
      if (name.toLowerCase() === 'ofd.xml') return true;
      at += 46 + nameLength + view.readUInt16LE(at + 30) + view.readUInt16LE(at + 32);
    }
    return false;
  }
  return false;
}

/**
 * Reads the text of an OFD file (GB/T 33190-2016): OFD.xml → the first document's Document.xml → each page's
 * Content.xml, every text object of every layer placed where the page puts it, glyph by glyph (X/Y, DeltaX with its
 * `g` repeats, the object's boundary and CTM). Writers emit one object per line, per run or per character and in any
 * order, so the glyphs are regrouped into lines by baseline and joined into paragraphs by the PDF reader's layout
 * rules, which also drop page numbers and running headers; template pages (where running headers live) are not read.
 * Pages are separated by a form feed. The archive goes through the zip caps first and its XML may not declare entities.
 */
export async function ofdToText(bytes: Uint8Array): Promise<OfdText> {
  const { zip } = await checkReportZip(bytes);
  const files = new Map(Object.keys(zip.files).map((name) => [name.toLowerCase(), name]));
  const read = async (path: string): Promise<Element> => {
    const name = files.get(path.toLowerCase());
    if (!name) throw new ReportParseError('UNDECODABLE', `OFD 文件不完整：缺少 ${path}`);
    return parseXml(await zip.file(name)!.async('string'), path);
  };

  const ofd = await read('OFD.xml');
  const docRoot = descendants(ofd, 'DocRoot').map(text).find(Boolean);
  if (!docRoot) throw new ReportParseError('UNDECODABLE', 'OFD 文件不完整：OFD.xml 中没有文档入口（DocRoot）');
  const docPath = resolveLoc('', docRoot, files);
  const doc = await read(docPath);
  const docDir = posix.dirname(docPath);
  const commonData = child(doc, 'CommonData');
  const docBox = box(child(commonData && child(commonData, 'PageArea'), 'PhysicalBox')) ?? A4;
  const pageRefs = descendants(child(doc, 'Pages'), 'Page');
  if (pageRefs.length > MAX_OFD_PAGES) {
    throw new ReportParseError('ARCHIVE_TOO_LARGE', `OFD 文件页数过多（${pageRefs.length} 页，上限 ${MAX_OFD_PAGES} 页）`);
  }

  const pages: PageLines[] = [];
  const empty: number[] = [];
  const scanned: number[] = [];
  let textCodes = 0;
  for (const [i, ref] of pageRefs.entries()) {
    const loc = ref.attribs.BaseLoc;
    const page = loc ? await read(resolveLoc(docDir, loc, files)) : null;
    const pageBox = (page && box(child(child(page, 'Area'), 'PhysicalBox'))) ?? docBox;
    const runs: Run[] = [];
    let images = 0;
    for (const obj of page ? descendants(child(page, 'Content'), 'TextObject', 'ImageObject') : []) {
      if (localName(obj) === 'ImageObject') {
        images++;
        continue;
      }
      textCodes += kids(obj, 'TextCode').length;
      if (textCodes > MAX_OFD_TEXT_CODES) {
        throw new ReportParseError('ARCHIVE_TOO_LARGE', `OFD 文件中的文字对象过多（超过 ${MAX_OFD_TEXT_CODES} 个），可能是损坏或恶意构造的文件，已拒绝读取`);
      }
      runs.push(...textObjectRuns(obj, pageBox));
    }
    const lines = groupLines(runs);
    if (!lines.length) {
      empty.push(i + 1);
      if (images) scanned.push(i + 1);
    }
    pages.push({ lines, bottom: 0, top: pageBox.h * PT_PER_MM });
  }

  const warnings = scanVerdict('OFD', '文字', pages.length, empty, scanned);
  return { text: layoutPages(pages).join('\n\f\n'), pages: pages.length, warnings };
}

/**
 * The glyph runs of one text object in points, origin at the page's bottom left (as pdf.js gives them). A TextCode is
 * cut into runs where its advance jumps (a gap the writer left instead of a space) or its baseline moves.
 */
function textObjectRuns(obj: Element, page: Box): Run[] {
  const bound = box(obj) ?? { x: 0, y: 0, w: 0, h: 0 };
  const size = num(obj.attribs.Size) ?? 3.5;
  const ctm = nums(obj.attribs.CTM);
  const [a, b, c, d, e, f] = ctm.length === 6 ? ctm : [1, 0, 0, 1, 0, 0];
  // turned or slanted text is a watermark or the ring of a seal, never a line of the report
  if (Math.abs(b) > 1e-6 || Math.abs(c) > 1e-6) return [];
  const scale = Math.sqrt(Math.abs(a * d - b * c)) || 1;
  // object space → page space (mm, y down) → points, y up
  const place = (x: number, y: number): [number, number] => [
    (bound.x + a * x + c * y + e - page.x) * PT_PER_MM,
    (page.h - (bound.y + b * x + d * y + f - page.y)) * PT_PER_MM,
  ];
  const runs: Run[] = [];
  let lastX = 0;
  let lastY = 0;
  for (const code of kids(obj, 'TextCode')) {
    // a TextCode without X or Y takes the previous TextCode's (GB/T 33190 11.3): lines of one object often do
    lastX = num(code.attribs.X) ?? lastX;
    lastY = num(code.attribs.Y) ?? lastY;
    const chars = Array.from(text(code).replace(/[\r\n\t]/g, ''));
    if (!chars.length) continue;
    let penX = lastX;
    let penY = lastY;
    const dx = deltas(code.attribs.DeltaX, chars.length);
    const dy = deltas(code.attribs.DeltaY, chars.length);
    let start = 0;
    let startX = penX;
    let startY = penY;
    const flush = (end: number, endX: number) => {
      const str = chars.slice(start, end).join('');
      if (!str.trim()) return;
      const [x0, y0] = place(startX, startY);
      const [x1] = place(endX, startY);
      runs.push({ str, x: x0, y: y0, width: Math.max(x1 - x0, 0), size: size * scale * PT_PER_MM });
    };
    for (let i = 0; i < chars.length; i++) {
      const own = nominal(chars[i], size);
      if (i === chars.length - 1) {
        flush(chars.length, penX + own);
        break;
      }
      const advance = dx[i] ?? own;
      const rise = dy[i] ?? 0;
      const breaks = rise !== 0 || advance < 0 || advance > own * GAP_ADVANCE;
      if (breaks) flush(i + 1, penX + own);
      penX += advance;
      penY += rise;
      if (breaks) [start, startX, startY] = [i + 1, penX, penY];
    }
  }
  return runs;
}

/** DeltaX / DeltaY: numbers, where `g n v` stands for n times v; no more than the `max` a TextCode's glyphs use. */
function deltas(value: string | undefined, max: number): number[] {
  if (!value) return [];
  const tokens = value.trim().split(/\s+/);
  const out: number[] = [];
  for (let i = 0; i < tokens.length && out.length < max; i++) {
    if (tokens[i] === 'g') {
      const times = Math.min(Number(tokens[i + 1]) || 0, max - out.length);
      const v = Number(tokens[i + 2]);
      for (let k = 0; k < times; k++) out.push(Number.isFinite(v) ? v : 0);
      i += 2;
    } else {
      const v = Number(tokens[i]);
      out.push(Number.isFinite(v) ? v : 0);
    }
  }
  return out;
}

/** A BaseLoc: absolute from the package root when it starts with /, else relative to its file; writers mix both. */
function resolveLoc(dir: string, loc: string, files: Map<string, string>): string {
  const clean = loc.trim().replace(/\\/g, '/');
  const relative = posix.normalize(posix.join(dir, clean)).replace(/^(\.\/|\/)+/, '');
  const absolute = posix.normalize(clean).replace(/^(\.\/|\/)+/, '');
  if (clean.startsWith('/')) return absolute;
  return files.has(relative.toLowerCase()) || !files.has(absolute.toLowerCase()) ? relative : absolute;
}

function parseXml(xml: string, path: string): Element {
  // safe-zip already refuses a DOCTYPE in *.xml entries; a BaseLoc may name any entry
  if (/<!DOCTYPE/i.test(xml)) {
    throw new ReportParseError('UNSAFE_XML', `OFD 文件中的 ${path} 含有 DOCTYPE（XML 实体声明），可能是恶意构造的文件，已拒绝读取`);
  }
  const el = loadXml(xml).root;
  if (!el) throw new ReportParseError('UNDECODABLE', `OFD 文件已损坏：${path} 不是有效的 XML`);
  return el;
}

const num = (v: string | undefined): number | undefined => {
  const n = v === undefined || v.trim() === '' ? NaN : Number(v);
  return Number.isFinite(n) ? n : undefined;
};
const nums = (v: string | undefined): number[] => (v ? v.trim().split(/\s+/).map(Number).filter(Number.isFinite) : []);

/** "x y w h" of a Boundary attribute or a PhysicalBox element. */
function box(el: Element | undefined): Box | null {
  if (!el) return null;
  const [x, y, w, h] = nums(el.attribs.Boundary ?? text(el));
  return h !== undefined && w > 0 && h > 0 ? { x, y, w, h } : null;
}
