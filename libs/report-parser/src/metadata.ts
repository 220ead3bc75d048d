import { cnNumber } from './enumerators';
import type { Line } from './normalise';
import { DATE_LINE, isOrgLine, ORG_SUFFIX, type SectionLayout } from './sections';
import type { ParseWarning, ReportMetadata } from './types';

const CN_DIGIT: Record<string, string> = { '〇': '0', '○': '0', '零': '0', '一': '1', '二': '2', '三': '3', '四': '4', '五': '5', '六': '6', '七': '7', '八': '8', '九': '9' };
const YEAR = /((?:19|20)\d{2}|[〇○零一二][〇○零一二三四五六七八九]{3})\s*年/g;
const TITLE_END = /(?:报告|总结|汇报|情况|述职|自查|工作要点)[）)]?$/;
const TITLE_LEAD_IN = /^(?:关于|(?:19|20)\d{2}|[〇○零一二]{1}[〇○零一二三四五六七八九]{3}|年度|法治|依法|推进|开展|贯彻|落实|工作|及|和|暨)/;
const DOC_NUMBER = /([\u4e00-\u9fa5]{1,12}\s*[〔[［【(（]\s*(?:19|20)\d{2}\s*[〕\]］】)）]\s*(?:第\s*)?\d{1,4}\s*号)/;
const OPENING_TIME = /^(?:[^，,。；]{0,14}?(?:以来|来|年度|年|期间|上半年|下半年|一年))[，,]\s*/;
const SITE_BANNER = /(?:门户网站|网站|政府网|政务网|信息网|门户|官网|网站群)$/;
const ORG_STOP = /^(?:坚持|始终|紧紧|认真|深入|全面|在|以|按照|围绕|聚焦|立足|紧扣|牢牢|法治|依法|积极|扎实|着力|不断|持续|高度|把|将|对|切实|大力|进一步|严格|主动|结合|贯彻|推进|共|各项|的)/;

export function yearOf(s: string): number | null {
  const digits = /^\d+$/.test(s) ? s : [...s].map((c) => CN_DIGIT[c] ?? '').join('');
  const y = Number(digits);
  return digits.length === 4 && y >= 1990 && y <= 2100 ? y : null;
}

function yearsIn(s: string): { year: number; index: number }[] {
  const out: { year: number; index: number }[] = [];
  for (const m of s.matchAll(YEAR)) {
    const y = yearOf(m[1]);
    if (y) out.push({ year: y, index: m.index ?? 0 });
  }
  return out;
}

function num(s: string): number {
  return /^\d+$/.test(s) ? Number(s) : cnNumber(s.replace(/〇|○|零/g, ''));
}

function isoDate(y: number | null, m: number, d: number): string | null {
  if (!y || m < 1 || m > 12 || d < 1 || d > 31) return null;
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCMonth() !== m - 1) return null;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** 2018年1月25日 / 二〇一八年一月二十五日 / 2018-1-25 / 2018.01.25 / 2018/1/25 */
export function parseDate(s: string): string | null {
  const zh = /((?:19|20)\d{2}|[〇○零一二][〇○零一二三四五六七八九]{3})\s*年\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*月\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*日/.exec(s);
  if (zh) return isoDate(yearOf(zh[1]), num(zh[2]), num(zh[3]));
  const num8 = /((?:19|20)\d{2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})(?!\d)/.exec(s);
  if (num8) return isoDate(Number(num8[1]), Number(num8[2]), Number(num8[3]));
  return null;
}

export interface MetadataInput {
  text: string;
  lines: Line[];
  junk: string[];
  layout: SectionLayout;
  planHeadings: string[];
}

export function extractMetadata(input: MetadataInput): { meta: ReportMetadata; warnings: ParseWarning[] } {
  const { lines, layout } = input;
  const warnings: ParseWarning[] = [];
  const headerEnd = Math.min(layout.firstSectionLine, 16);
  const header = lines.slice(0, headerEnd);

  const title = findTitle(header);
  if (!title) warnings.push({ code: 'NO_TITLE', message: '未找到报告标题' });

  const docNumber = findDocNumber(header);
  const signer = findSigner(header);

  // attachments and the 版记 below the signature carry other dates (印发, deadlines in a table)
  const signature = lines.slice(layout.closingLine, layout.tailLine);
  let organization = title ? orgFromTitle(title.text) : null;
  if (!organization) organization = signature.map((l) => l.text).find(isOrgLine) ?? null;
  if (!organization) organization = orgFromOpening(header.slice(title ? title.lastLine + 1 : 0));
  if (!organization) warnings.push({ code: 'NO_ORGANIZATION', message: '未找到报告单位' });

  let reportDate: string | null = null;
  for (const l of signature) {
    const t = l.text.replace(/\s+/g, '');
    if (DATE_LINE.test(t) || /日$/.test(t)) reportDate = parseDate(t) ?? reportDate;
  }
  // a department's report often prints its name and date under the title instead of signing at the end
  if (!reportDate) reportDate = dateUnderTitle(header.slice(title ? title.lastLine + 1 : 0));
  if (!reportDate) {
    reportDate = findPublicationDate(input.junk, header);
    if (reportDate) warnings.push({ code: 'DATE_FROM_PUBLICATION', message: '正文末尾没有落款日期，报告日期取自发布日期' });
  }
  if (!reportDate) {
    // the 版记's 印发 date: a day or two after the report was signed, the nearest there is
    reportDate = lines.slice(layout.tailLine).map((l) => /(.{8,16}日)\s*印发$/.exec(l.text.replace(/\s+/g, ''))?.[1])
      .map((d) => (d ? parseDate(d) : null)).find(Boolean) ?? null;
    if (reportDate) warnings.push({ code: 'DATE_FROM_ISSUE_LINE', message: '没有落款日期，报告日期取自版记的印发日期' });
    else warnings.push({ code: 'NO_REPORT_DATE', message: '未找到落款日期或发布日期' });
  }

  let reportYear: number | null = null;
  let planYear: number | null = null;
  if (title) {
    const ys = yearsIn(title.text);
    if (ys.length) reportYear = ys[0].year;
    if (ys.length > 1 && ys[1].year > ys[0].year &&
        /打算|计划|安排|思路|要点|设想/.test(title.text.slice(ys[1].index))) planYear = ys[1].year;
  }
  if (!planYear) {
    for (const h of input.planHeadings) {
      const y = yearsIn(h)[0]?.year;
      if (y && (!reportYear || y > reportYear)) {
        planYear = y;
        break;
      }
    }
  }
  if (!reportYear) {
    const firstHeading = layout.sections.find((s) => s.kind === 'work')?.heading ?? '';
    const opening = header.slice(title ? title.lastLine + 1 : 0).map((l) => l.text);
    const printed = yearsIn(firstHeading)[0]?.year ??
      opening.map((t) => /^((?:19|20)\d{2})\s*年(?:度|以来|来|[，,])/.exec(t)).find(Boolean)?.[1];
    if (printed) reportYear = Number(printed);
  }
  if (!reportYear && planYear) {
    reportYear = planYear - 1;
    warnings.push({ code: 'REPORT_YEAR_INFERRED', message: `报告年度未写明，按计划年度推定为 ${reportYear} 年` });
  }
  if (!reportYear && reportDate) {
    const [y, m] = reportDate.split('-').map(Number);
    reportYear = m <= 6 ? y - 1 : y;
    warnings.push({ code: 'REPORT_YEAR_INFERRED', message: `报告年度未写明，按报告日期 ${reportDate} 推定为 ${reportYear} 年` });
  }
  if (!reportYear) warnings.push({ code: 'NO_REPORT_YEAR', message: '无法确定报告年度' });
  if (!planYear && reportYear) {
    planYear = reportYear + 1;
    warnings.push({ code: 'PLAN_YEAR_INFERRED', message: `计划年度未写明，按报告年度推定为 ${planYear} 年` });
  }

  return {
    meta: { title: title?.text ?? null, organization, reportYear, planYear, reportDate, docNumber, signer },
    warnings,
  };
}

/** A line ending like a report title, joined with the short lines above it when it was broken. */
function findTitle(header: Line[]): { text: string; lastLine: number } | null {
  for (let i = 0; i < header.length; i++) {
    const t = header[i].text;
    if (t.length > 90 || !TITLE_END.test(t) || /[。；;！!？?]/.test(t) || /^(?:根据|为|按照|今年|近年|摘要)/.test(t)) continue;
    if (!/年|法治|依法|工作|建设/.test(t) && t.length < 8) continue;
    let first = i;
    let joined = t;
    while (first > 0 && i - first < 3) {
      const prev = header[first - 1].text;
      if (prev.length > 40 || /[，。；：,;:！!？?“”"]/.test(prev) || DOC_NUMBER.test(prev) || /签发人/.test(prev)) break;
      if (SITE_BANNER.test(prev)) break; // XX县人民政府门户网站 above the title is the page's banner
      if (!(TITLE_LEAD_IN.test(joined) || /(?:关于|及|和|与|的|暨|年度|年)$/.test(prev) || isOrgLine(prev))) break;
      joined = prev + joined;
      first--;
    }
    let last = i;
    while (last + 1 < header.length && last - first < 4) {
      const next = header[last + 1].text;
      if (next.length > 40 || /[，。；：,;:！!？?“”"]/.test(next) || DOC_NUMBER.test(next) || /签发人/.test(next)) break;
      if (!/^(?:及|和|与|暨|的|并|报告|总结|汇报)/.test(next) && !/(?:关于|及|和|与|的|暨)$/.test(joined)) break;
      joined += next;
      last++;
    }
    return { text: joined.replace(/\s{2,}/g, ' ').trim(), lastLine: last };
  }
  return null;
}

function orgFromTitle(title: string): string | null {
  const clean = (s: string): string | null => {
    const t = s.replace(/^[\s"“]+|[\s:：，,]+$/g, '').replace(/^关于/, '');
    return t.length >= 2 && t.length <= 40 && !/报告|法治|依法/.test(t) ? t : null;
  };
  const guan = title.indexOf('关于');
  if (guan > 1) return clean(title.slice(0, guan));
  const y = yearsIn(title)[0];
  if (y && y.index > 1) return clean(title.slice(0, y.index));
  const lead = /^(.{2,30}?)(?=法治|依法|推进|开展|贯彻|落实|年度|工作)/.exec(title);
  if (lead && ORG_SUFFIX.test(lead[1].trim())) return clean(lead[1]);
  return null;
}

/** "2022年，县政府办公室坚持…" → 县政府办公室 */
function orgFromOpening(lines: Line[]): string | null {
  for (const l of lines.slice(0, 3)) {
    if (l.text.length < 10) continue;
    const rest = l.text.replace(OPENING_TIME, '');
    for (let end = 2; end <= Math.min(30, rest.length); end++) {
      const cand = rest.slice(0, end);
      if (/[，,。；;：:“”《》]/.test(cand)) break;
      if (ORG_SUFFIX.test(cand) && ORG_STOP.test(rest.slice(end)) && !/^我/.test(cand)) return cand;
    }
  }
  return null;
}

function findDocNumber(header: Line[]): string | null {
  for (const l of header) {
    const m = DOC_NUMBER.exec(l.text);
    if (!m) continue;
    if (m.index === 0 || l.text.length <= 60 || /^(?:发文字号|文号)/.test(l.text)) return m[1].replace(/\s+/g, '');
  }
  return null;
}

function findSigner(header: Line[]): string | null {
  for (const l of header) {
    const m = /签发人\s*[:：]\s*([\u4e00-\u9fa5·]{2,4}?)(?=$|[\s，,。；;])/.exec(l.text);
    if (m) return m[1];
  }
  return null;
}

/** A date alone on a line (or in brackets) between the title and the body, under the reporting body's name. */
function dateUnderTitle(lines: Line[]): string | null {
  for (const l of lines.slice(0, 4)) {
    const t = l.text.replace(/\s+/g, '').replace(/^[（(]|[）)]$/g, '');
    if (DATE_LINE.test(t)) return parseDate(t);
    if (!isOrgLine(l.text) && !/[:：]$/.test(l.text)) return null; // the body has begun (or the addressee)
  }
  return null;
}

function findPublicationDate(junk: string[], header: Line[]): string | null {
  const labelled = /(?:发布(?:时间|日期|于)?|成文日期|时间|日期)\s*[:：]?\s*([^|｜]{6,24})/;
  // the page's own lines first; in the report's header only a line that opens with the label
  // ("培训时间：2024年3月5日…" in the opening is not when the report was published)
  const pool = [...junk, ...header.map((l) => l.text).filter((t) => /^[【[（(]?\s*(?:发布|成文|时间|日期)/.test(t))];
  for (const t of pool) {
    const m = labelled.exec(t);
    const d = m ? parseDate(m[1]) : null;
    if (d) return d;
  }
  for (const t of junk) {
    const d = /^\s*(?:19|20)\d{2}\s*[-/.年]/.test(t) ? parseDate(t) : null;
    if (d) return d;
  }
  return null;
}
