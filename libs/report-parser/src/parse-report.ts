import { decodeReport } from './decode';
import { ReportParseError } from './errors';
import { extractList } from './items';
import { repairLayout } from './layout-repair';
import { extractMetadata } from './metadata';
import { normaliseText } from './normalise';
import { layoutSections } from './sections';
import { foldTraditional } from './traditional';
import type {
  ParsedReport, ParseWarning, ReportInput, ReportItem, ReportMetadata, ReportSection, SourceType,
} from './types';

export const PARSER_VERSION = '1.0.0';

/**
 * Reads a rule-of-law report (plain text in UTF-8 / UTF-16 / GB18030, .docx or a saved web page) and
 * returns its metadata, sections and the problems, measures and suggestions it enumerates.
 * Async because .docx is read with mammoth. Throws ReportParseError for input it can never read.
 */
export async function parseReport(input: ReportInput): Promise<ParsedReport> {
  const decoded = await decodeReport(input);
  return parseReportText(decoded.raw, {
    encoding: decoded.encoding,
    sourceType: decoded.sourceType,
    warnings: decoded.warnings,
  });
}

export interface TextSource {
  encoding?: string;
  sourceType?: SourceType;
  warnings?: ParseWarning[];
}

/** The synchronous core: parses text that is already decoded. */
export function parseReportText(raw: string, source: TextSource = {}): ParsedReport {
  // text pasted out of a PDF viewer keeps its printed lines and page numbers: one paragraph a line first
  const { text, lines, junk } = normaliseText(repairLayout(raw).text);
  if (!text.trim()) throw new ReportParseError('EMPTY', '报告没有可读的正文');
  // traditional characters and full-width digits and letters (１．, ２０２５年) are read through a simplified,
  // half-width twin of the same length; what is kept is the original
  const read = foldWidth(foldTraditional(text));
  const folded = read !== text;
  const readLines = folded ? lines.map((l) => ({ ...l, text: read.slice(l.start, l.end) })) : lines;
  const warnings: ParseWarning[] = [...(source.warnings ?? [])];
  const layout = layoutSections(read, readLines);

  const problems: ReportItem[] = [];
  const measures: ReportItem[] = [];
  const suggestions: ReportItem[] = [];
  const target = { problems, plan: measures, suggestions };
  for (const region of layout.regions) {
    const { items, enumerated } = extractList(read, region.from, region.to, { paragraphFallback: true });
    const heading = folded ? originalOf(text, read, region.heading, read.lastIndexOf(region.heading, region.from)) : region.heading;
    if (items.length && !enumerated) {
      warnings.push({ code: 'ITEMS_UNNUMBERED', message: `“${heading}”下没有编号，按段落拆分条目，请核对` });
    }
    if (!items.length) warnings.push({ code: 'EMPTY_SECTION', message: `“${heading}”下没有找到条目` });
    target[region.kind].push(...items);
  }
  const kinds = new Set(layout.regions.map((r) => r.kind));
  if (!kinds.has('problems')) warnings.push({ code: 'NO_PROBLEMS_SECTION', message: '未找到“存在的问题”部分' });
  if (!kinds.has('plan')) warnings.push({ code: 'NO_PLAN_SECTION', message: '未找到下一步工作打算（计划）部分' });

  const { meta, warnings: metaWarnings } = extractMetadata({
    text: read, lines: readLines, junk: folded ? junk.map((j) => foldWidth(foldTraditional(j))) : junk, layout,
    planHeadings: layout.regions.filter((r) => r.kind === 'plan').map((r) => r.heading),
  });
  warnings.push(...metaWarnings);
  if (folded) restoreOriginal(text, read, meta, layout.sections, [problems, measures, suggestions]);

  return {
    parserVersion: PARSER_VERSION,
    sourceType: source.sourceType ?? 'text',
    encoding: source.encoding ?? 'utf-8',
    ...meta,
    sections: layout.sections,
    problems,
    measures,
    suggestions,
    warnings,
    text,
  };
}

/** Puts the original characters back into what was read from the folded twin (same offsets, same lengths). */
/** Full-width digits and Latin letters (U+FF10–FF19, FF21–FF3A, FF41–FF5A) as their ASCII forms, one for one. */
export function foldWidth(text: string): string {
  return /[０-９Ａ-Ｚａ-ｚ]/.test(text)
    ? text.replace(/[０-９Ａ-Ｚａ-ｚ]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    : text;
}

function restoreOriginal(
  text: string, read: string, meta: ReportMetadata, sections: ReportSection[], lists: ReportItem[][],
): void {
  const original = (s: string | null, from = 0): string | null => s && originalOf(text, read, s, read.indexOf(s, from));
  meta.title = original(meta.title);
  meta.organization = original(meta.organization);
  meta.signer = original(meta.signer);
  meta.docNumber = original(meta.docNumber);
  for (const s of sections) s.heading = original(s.heading, s.span.start) ?? s.heading;
  const restore = (items: ReportItem[]): void => {
    for (const item of items) {
      item.text = text.slice(item.span.start, item.span.end);
      item.heading = original(item.heading, item.span.start) ?? item.heading;
      if (item.ordinal) item.ordinal = originalOf(text, read, item.ordinal, read.lastIndexOf(item.ordinal, item.span.start));
      restore(item.children);
    }
  };
  lists.forEach(restore);
}

/** The original characters of `s`, found at `at` in the folded twin (or `s` itself where it is not found). */
function originalOf(text: string, read: string, s: string, at: number): string {
  return at < 0 || read.slice(at, at + s.length) !== s ? s : text.slice(at, at + s.length);
}
