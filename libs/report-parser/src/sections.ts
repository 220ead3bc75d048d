import { classifyHeading, type HeadingClass } from './classify';
import { findMarkers, STYLE_RANK, type EnumStyle, type Marker } from './enumerators';
import type { Line } from './normalise';
import type { ReportSection, SectionKind, Span } from './types';

export interface ItemRegion {
  kind: 'problems' | 'plan' | 'suggestions';
  from: number;
  to: number;
  heading: string;
}

export interface SectionLayout {
  sections: ReportSection[];
  regions: ItemRegion[];
  /** index of the first line after the preamble (title, addressee, opening) */
  firstSectionLine: number;
  /** index of the first line of the closing block (特此报告, signature, date) */
  closingLine: number;
}

const SECTION_STYLES: EnumStyle[] = ['chapter', 'cnDun', 'parenCn', 'arabic'];
const ANY_STYLE = new Set(Object.keys(STYLE_RANK) as EnumStyle[]);
export const DATE_LINE = /^(?:\d{4}|[〇○零一二三四五六七八九]{4})\s*年\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*月\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*日$/;
export const ORG_SUFFIX = /(?:人民政府办公室|人民政府|政府办公室|办公室|委员会|人民法院|人民检察院|管理局|服务中心|中心|档案馆|图书馆|博物馆|纪念馆|馆|医院|学校|大学|学院|集团|银行|联合会|协会|政府|局|厅|委|办|院|部|署|处|所|队|站|社|会|公司|镇|乡|街道|街道办事处|办事处|县|区|市|州|盟|旗|司法所|党组|党委)$/;
const SIGN_OFF = /^(?:特此报告|专此报告|特此汇报|以上报告|此报|妥否|请审阅|请审示|请审定|当否)/;
const PLAN_OPENING = /^(?:下一步|下步|下阶段|今后|新的一年|\d{4}年[，,]?我们将|针对[^，,。]{0,20}问题)/;
const TAIL = /^(?:附件|抄送|抄报|联系人|联系电话|[（(]此件|[（(]联系人|[（(]信息公开|信息公开选项)/;

/** A short line that is only the name of a body: a signature. */
export function isOrgLine(line: string): boolean {
  return line.length <= 30 && !/[，。；：,;:！？!?“”"]/.test(line) && ORG_SUFFIX.test(line.replace(/[\s）)]+$/, ''));
}

/** Start of the closing block: 特此报告, signatures, dates, attachments, counted back from the end. */
export function findClosingLine(lines: Line[]): number {
  let i = lines.length;
  let guard = 0;
  while (i > 0 && guard++ < 12) {
    const t = lines[i - 1].text;
    if (DATE_LINE.test(t.replace(/\s+/g, '')) || SIGN_OFF.test(t) || TAIL.test(t) || isOrgLine(t) ||
        /^[（(][^）)]{0,40}[）)]$/.test(t)) {
      i--;
      continue;
    }
    break;
  }
  return i;
}

interface Candidate {
  line: number;
  marker: Marker | null;
  heading: string;
  /** offset where the section body starts (after the heading words) */
  bodyFrom: number;
  cls: HeadingClass;
}

/** Heading words of a line that starts with an enumerator: up to its first full stop or colon. */
function headingPart(text: string, line: Line, marker: Marker | null): { heading: string; bodyFrom: number } | null {
  const from = marker ? marker.end : line.start;
  const rest = text.slice(from, line.end);
  const stop = /[。：:；;！!？?]/.exec(rest);
  const heading = (stop ? rest.slice(0, stop.index) : rest).trim();
  if (!heading || heading.length > 40) return null;
  if (/[，,、]$/.test(heading)) return null;
  return { heading, bodyFrom: stop ? from + stop.index + 1 : line.end };
}

/**
 * A line that is one whole sentence (建议上级部门加大支持力度。) is a paragraph, not an unnumbered heading; a heading
 * with a full stop is a few words (存在的问题。).
 */
function isSentence(text: string, part: { heading: string; bodyFrom: number }): boolean {
  return part.heading.length > 8 && /[。！!？?]/.test(text[part.bodyFrom - 1]);
}

function lineMarker(text: string, line: Line, styles: ReadonlySet<EnumStyle>): Marker | null {
  const m = findMarkers(text, line.start, Math.min(line.end, line.start + 16), styles);
  return m.length && m[0].start === line.start ? m[0] : null;
}

/**
 * Top-level sections: lines opening with the outermost enumerator style used for headings, plus
 * unnumbered heading lines that plainly name a problems / plan / suggestions section.
 */
export function layoutSections(text: string, lines: Line[]): SectionLayout {
  const closingLine = findClosingLine(lines);
  const styles = new Set<EnumStyle>(SECTION_STYLES);
  const numbered: Candidate[] = [];
  const unnumbered: Candidate[] = [];
  for (let i = 0; i < closingLine; i++) {
    const line = lines[i];
    const marker = lineMarker(text, line, styles);
    if (!marker && lineMarker(text, line, ANY_STYLE)) continue; // an item line such as （1）… or 一是…
    const part = headingPart(text, line, marker);
    if (!part) continue;
    const cand: Candidate = { line: i, marker, ...part, cls: classifyHeading(part.heading) };
    if (marker) numbered.push(cand);
    else if (part.heading.length <= 24 && (part.bodyFrom >= line.end || /[：:]/.test(text[part.bodyFrom - 1])) &&
             !isSentence(text, part) && cand.cls.cueAt >= 0 && cand.cls.cueAt <= 4 &&
             !cand.cls.weak && cand.cls.kind !== 'work' && cand.cls.kind !== 'other' && i > 0 &&
             !/(?:报告|总结|汇报)$/.test(part.heading)) {
      unnumbered.push(cand);
    }
  }
  let top: EnumStyle | null = null;
  // the outermost style used for headings; a single 一、 counts when unnumbered headings stand beside it
  for (const s of SECTION_STYLES) {
    if (numbered.filter((c) => c.marker!.style === s).length >= (unnumbered.length ? 1 : 2)) {
      top = s;
      break;
    }
  }
  const heads = [...numbered.filter((c) => top && c.marker!.style === top), ...unnumbered].sort((a, b) => a.line - b.line);

  const sections: ReportSection[] = [];
  const regions: ItemRegion[] = [];
  const endOfBody = closingLine > 0 ? lines[closingLine - 1].end : 0;
  let seenProblems = false;
  heads.forEach((head, idx) => {
    const nextLine = idx + 1 < heads.length ? heads[idx + 1].line : closingLine;
    const to = nextLine > 0 && nextLine - 1 >= head.line ? lines[nextLine - 1].end : endOfBody;
    let kind = head.cls.kind;
    if (head.cls.weak && idx === 0) kind = 'work';
    if (kind === 'work' && head.cls.cueAt < 0 && seenProblems) kind = 'other';
    if (kind === 'other' && head.cls.cueAt < 0 && !seenProblems) kind = 'work';
    if (kind === 'problems') seenProblems = true;
    const span: Span = { start: lines[head.line].start, end: Math.max(to, lines[head.line].end) };
    sections.push({ heading: head.heading, ordinal: head.marker?.ordinal ?? null, kind, span });
    regions.push(...sectionRegions(text, lines, head, kind, head.bodyFrom, to, nextLine));
  });
  return { sections, regions, firstSectionLine: heads.length ? heads[0].line : closingLine, closingLine };
}

function sectionRegions(
  text: string, lines: Line[], head: Candidate, kind: SectionKind, from: number, to: number, endLine: number,
): ItemRegion[] {
  const whole = (k: SectionKind): ItemRegion[] =>
    k === 'problems' || k === 'plan' || k === 'suggestions' ? [{ kind: k, from, to, heading: head.heading }] : [];
  const mixed = head.cls.mixed.length > 0;
  if (!mixed && kind !== 'work' && kind !== 'other') return whole(kind);

  // sub-headings: the first line-start enumerator style used for short heading lines in this section
  const subs: Candidate[] = [];
  let subStyle: EnumStyle | null = null;
  const headRank = head.marker ? STYLE_RANK[head.marker.style] : -1;
  for (let i = head.line + 1; i < endLine; i++) {
    const marker = lineMarker(text, lines[i], new Set(['parenCn', 'arabic', 'cnDun', 'parenArabic'] as EnumStyle[]));
    if (!marker || STYLE_RANK[marker.style] <= headRank) continue;
    if (subStyle && marker.style !== subStyle) continue;
    const part = headingPart(text, lines[i], marker);
    if (!part) continue;
    subStyle = marker.style;
    subs.push({ line: i, marker, ...part, cls: classifyHeading(part.heading) });
  }
  const out: ItemRegion[] = [];
  subs.forEach((sub, j) => {
    const k = sub.cls.kind;
    if (k !== 'problems' && k !== 'plan' && k !== 'suggestions') return;
    if (!mixed && (sub.cls.cueAt > 4 || sub.cls.weak)) return; // inside a work section only plain 存在问题 / 下一步打算
    const subEnd = j + 1 < subs.length ? lines[subs[j + 1].line - 1].end : to;
    out.push({ kind: k, from: sub.bodyFrom, to: subEnd, heading: sub.heading });
  });
  if (out.length || !mixed) return out;

  // 存在的问题及下一步打算 without sub-headings: the plan starts at the paragraph that says 下一步 / 今后
  // looked for in this section's lines only (a findIndex over all lines per section was quadratic)
  let planAt = -1;
  for (let i = head.line + 1; i < endLine && planAt < 0; i++) {
    if (lines[i].start >= from && PLAN_OPENING.test(lines[i].text)) planAt = i;
  }
  if (planAt > 0 && head.cls.mixed.includes('plan')) {
    const first = head.cls.mixed[0] === 'plan' ? head.cls.mixed[1] : head.cls.mixed[0];
    const split = lines[planAt].start;
    return [
      ...(first === 'problems' || first === 'suggestions' ? [{ kind: first, from, to: split, heading: head.heading }] : []),
      { kind: 'plan' as const, from: split, to, heading: head.heading },
    ];
  }
  return whole(head.cls.mixed[0]);
}
