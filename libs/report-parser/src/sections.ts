import { CAUSE_LINE, classifyHeading, templateHeadingKind, type HeadingClass } from './classify';
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
  /** index of the first line after the closing block: attachments and 版记 (抄送, 印发); lines.length when none */
  tailLine: number;
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

/** 版记 lines: who else gets the document and who printed it, below the signature and the attachments */
const BANJI = /^(?:抄送|抄报|分送|发送|印发(?:日期|时间)?)\s*[:：]|^[（(]?\s*(?:此件|本件)[^）)]{0,20}[）)]?$|日\s*印发\s*$|^[（(]?信息公开|^信息公开选项/;
/** 主送 also heads the first page: below the signature it belongs to the closing block, never a tail start */
const ADDRESSEE = /^主送\s*[:：]/;
/** "附件1" / "附件 2：" / "附件" alone on a line: the header of an attachment page ("附件：" alone opens a list) */
const ATTACHMENT_PAGE = /^附\s*件(?:\s*[0-9一二三四五六七八九十]{1,3}\s*[:：]?)?$/;
/** "附件：1.…": the attachment list (附件说明), above the signature in GB/T 9704 and sometimes below it */
const ATTACHMENT_LIST = /^附\s*件\s*[0-9一二三四五六七八九十]{0,3}\s*[:：]/;
const ATTACHMENT_TITLE = /^\d{1,2}\s*[.．、]\s*\S/;
const RULE = /^[\s─━—\-_=＝～~·.…－]{4,}$/;
/** how far from the end attachments and 版记 are looked for: bounded, so the search stays linear */
const TAIL_WINDOW = 1500;

const isDateLine = (t: string): boolean => DATE_LINE.test(t.replace(/\s+/g, ''));
const isParenLine = (t: string): boolean => /^[（(][^）)]{0,40}[）)]$/.test(t);

/**
 * First line of what follows the signature: attachment pages (附件1, a title, a table) and the 版记
 * (rules, 抄送, "XX办公室 2025年1月20日印发"). An attachment list counts only below a date or a
 * （此件公开发布） line, since above the signature it is part of the closing block.
 */
function findTail(lines: Line[]): number {
  const from = Math.max(0, lines.length - TAIL_WINDOW);
  // whether a signature (date, 特此报告) or a section heading (三、…) still follows line i: one backward pass
  const bodyAfter = new Uint8Array(lines.length - from + 1);
  for (let i = lines.length - 1; i >= from; i--) {
    const t = lines[i].text;
    bodyAfter[i - from] = bodyAfter[i - from + 1] || Number(isDateLine(t) || SIGN_OFF.test(t) || /^[一二三四五六七八九十]{1,3}、/.test(t));
  }
  for (let i = from; i < lines.length; i++) {
    const t = lines[i].text;
    const prev = i > 0 ? lines[i - 1].text : '';
    if (BANJI.test(t) && !isParenLine(t)) return i;
    const signedAbove = isDateLine(prev) || isParenLine(prev);
    // an attachment page follows the signature; where there is none, no signature date may follow it
    if (ATTACHMENT_PAGE.test(t) && (signedAbove || !lines.slice(i + 1, i + 20).some((l) => isDateLine(l.text)))) return i;
    // an 附件：list or title with nothing of the report after it (no signature, no next section)
    if (ATTACHMENT_LIST.test(t) && (signedAbove || !bodyAfter[i - from + 1])) return i;
    // a rule line opens the 版记 when 抄送 / 印发 follows
    if (RULE.test(t) && lines.slice(i + 1, i + 3).some((l) => BANJI.test(l.text))) return i;
  }
  return lines.length;
}

/** Lines above `at` that list attachments (附件：1.… / 2.…): the index of the 附件 line, or -1. */
function attachmentListAbove(lines: Line[], at: number): number {
  for (let j = at; j >= 0 && at - j < 12; j--) {
    const t = lines[j].text;
    if (ATTACHMENT_LIST.test(t)) return j;
    if (!ATTACHMENT_TITLE.test(t) || t.length > 60 || /[。；;]/.test(t)) return -1;
  }
  return -1;
}

/**
 * The closing block (特此报告, the attachment list, signatures, dates) and the tail after it. The tail
 * is found first, so a table attachment or the 版记 below the signature no longer hides the date.
 */
export function findClosing(lines: Line[]): { closingLine: number; tailLine: number } {
  const tailLine = findTail(lines);
  let i = tailLine;
  let guard = 0;
  while (i > 0 && guard++ < 12) {
    const t = lines[i - 1].text;
    if (isDateLine(t) || SIGN_OFF.test(t) || TAIL.test(t) || isOrgLine(t) || isParenLine(t) || RULE.test(t) || ADDRESSEE.test(t)) {
      i--;
      continue;
    }
    const list = attachmentListAbove(lines, i - 1);
    if (list >= 0) {
      i = list;
      continue;
    }
    break;
  }
  return { closingLine: i, tailLine };
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
  // the 2019 template's headings run longer (…第一责任人职责，加强法治政府建设的有关情况)
  if (!heading || (heading.length > 40 && !templateHeadingKind(heading))) return null;
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
  const { closingLine, tailLine } = findClosing(lines);
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
    const template = cand.cls.mixed.length ? null : templateHeadingKind(part.heading);
    if (template) cand.cls = { kind: template, mixed: [], cueAt: 0, weak: false };
    if (marker) numbered.push(cand);
    // a standard heading on its own line or before a colon
    else if (template && i > 0 && (part.bodyFrom >= line.end || /[：:]/.test(text[part.bodyFrom - 1]))) unnumbered.push(cand);
    else if (part.heading.length <= 24 && (part.bodyFrom >= line.end || /[：:]/.test(text[part.bodyFrom - 1])) &&
             !isSentence(text, part) && cand.cls.cueAt >= 0 && cand.cls.cueAt <= 4 &&
             !cand.cls.weak && cand.cls.kind !== 'work' && cand.cls.kind !== 'other' && i > 0 &&
             !/(?:报告|总结|汇报)$/.test(part.heading) && !CAUSE_LINE.test(line.text)) { // 上述问题的产生，… explains, heads nothing
      unnumbered.push(cand);
    }
  }
  let top: EnumStyle | null = null;
  // the outermost style used for headings; a single 一、 counts when unnumbered headings stand beside it
  for (const s of SECTION_STYLES) {
    const ofStyle = numbered.filter((c) => c.marker!.style === s);
    // numbering that starts again under unnumbered headings is their items' numbering, not sections'
    if (unnumbered.length >= 2 && ofStyle.some((c, k) => k > 0 && c.marker!.value <= ofStyle[k - 1].marker!.value)) continue;
    if (ofStyle.length >= (unnumbered.length ? 1 : 2)) {
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
  return { sections, regions, firstSectionLine: heads.length ? heads[0].line : closingLine, closingLine, tailLine };
}

function sectionRegions(
  text: string, lines: Line[], head: Candidate, kind: SectionKind, from: number, to: number, endLine: number,
): ItemRegion[] {
  const whole = (k: SectionKind): ItemRegion[] =>
    k === 'problems' || k === 'plan' || k === 'suggestions' ? [{ kind: k, from, to, heading: head.heading }] : [];
  const mixed = head.cls.mixed.length > 0;
  if (!mixed && kind === 'problems') return problemRegions(text, lines, head, from, to, endLine);
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

/**
 * A problems section without the analysis of causes that may follow the shortcomings (究其原因… /
 * （二）原因分析): the causes explain the problems and get no tasks of their own; the measures answer
 * the problems. When the shortcomings stand under their own sub-heading (（一）存在的不足), the items
 * are what that sub-heading lists.
 */
function problemRegions(
  text: string, lines: Line[], head: Candidate, from: number, to: number, endLine: number,
): ItemRegion[] {
  // the body may start on the heading's own line (存在的不足：一是…)
  let first = from < lines[head.line].end ? head.line : -1;
  let cause = -1;
  for (let i = head.line + 1; i < endLine; i++) {
    if (lines[i].start < from) continue;
    if (first < 0) first = i;
    if (CAUSE_LINE.test(lines[i].text)) {
      cause = i;
      break;
    }
  }
  if (cause <= first) return [{ kind: 'problems', from, to, heading: head.heading }];
  let start = from;
  if (first > head.line) {
    const lead = lines[first];
    const marker = lineMarker(text, lead, ANY_STYLE);
    const leadHeading = text.slice(marker ? marker.end : lead.start, lead.end).trim();
    // （一）存在的不足 on its own line, then 1. 2. 3.: the list under it is the problems
    if (leadHeading.length <= 20 && !/[，,。；;]/.test(leadHeading) && classifyHeading(leadHeading).kind === 'problems') {
      start = lead.end;
    }
  }
  return [{ kind: 'problems', from: start, to: lines[cause - 1].end, heading: head.heading }];
}
