import { buildRuns, findMarkers, STYLE_RANK, type EnumStyle, type Marker } from './enumerators';
import { SENTENCE_END, startsOwnLine } from './layout-repair';
import type { ReportItem, Span } from './types';

const MAX_DEPTH = 3;

export interface ListOptions {
  depth?: number;
  /** styles that enumerate an outer level here and must not be read as children */
  exclude?: ReadonlySet<EnumStyle>;
  /** when nothing is enumerated, take each paragraph as an item (sections only, not children) */
  paragraphFallback?: boolean;
}

export interface ListResult {
  items: ReportItem[];
  enumerated: boolean;
}

const ALL_STYLES = Object.keys(STYLE_RANK) as EnumStyle[];

/** Items enumerated in text[from, to): the outermost list found there, each with its own nested list. */
export function extractList(text: string, from: number, to: number, opts: ListOptions = {}): ListResult {
  const depth = opts.depth ?? 0;
  const exclude = opts.exclude ?? new Set<EnumStyle>();
  const allowed = new Set(ALL_STYLES.filter((s) => !exclude.has(s)));
  const markers = findMarkers(text, from, to, allowed);
  const outer = pickOuterList(markers, depth === 0 ? 1 : 2);
  if (!outer) {
    const items = opts.paragraphFallback ? paragraphItems(text, from, to) : [];
    return { items, enumerated: false };
  }
  const childExclude = new Set(exclude);
  childExclude.add(outer[0].style);
  const items: ReportItem[] = [];
  for (let i = 0; i < outer.length; i++) {
    const mk = outer[i];
    const next = outer[i + 1];
    const end = next ? next.start : lastItemEnd(text, mk, to);
    const span = trimSpan(text, mk.end, end);
    if (span.end <= span.start) continue;
    const body = text.slice(span.start, span.end);
    const children = depth + 1 < MAX_DEPTH
      ? extractList(text, span.start, span.end, { depth: depth + 1, exclude: childExclude }).items
      : [];
    items.push({ text: body, heading: headingOf(body), ordinal: mk.ordinal, span, children });
  }
  return { items, enumerated: true };
}

/** The list whose first enumerator comes first; nested lists start later inside its items. */
function pickOuterList(markers: Marker[], minLine: number): Marker[] | null {
  const byStyle = new Map<EnumStyle, Marker[]>();
  for (const mk of markers) {
    const list = byStyle.get(mk.style) ?? [];
    list.push(mk);
    byStyle.set(mk.style, list);
  }
  let best: Marker[] | null = null;
  for (const [, list] of byStyle) {
    const runs = buildRuns(list, 2, minLine);
    if (!runs.length) continue;
    const flat = runs.flat();
    if (!best || flat[0].start < best[0].start ||
        (flat[0].start === best[0].start && STYLE_RANK[flat[0].style] < STYLE_RANK[best[0].style])) {
      best = flat;
    }
  }
  return best;
}

/**
 * The last item of a list ends with its paragraph, unless its first line is a short heading
 * (then the paragraphs under it belong to it) or the next lines are its own sub-items.
 */
function lastItemEnd(text: string, mk: Marker, to: number): number {
  let lineEnd = indexOrEnd(text, '\n', mk.end, to);
  const firstLine = text.slice(mk.end, lineEnd);
  if (mk.lineStart && isHeadingLine(firstLine)) return to;
  // a paragraph does not stop mid-sentence: a line break there is a wrap the layout repair did not recognise (a
  // short paste has too few full lines to show its printed width), so the item goes on to its sentence's end
  let lineStart = mk.end;
  while (lineEnd < to && !SENTENCE_END.test(text.slice(lineStart, lineEnd).trimEnd())) {
    const next = text.slice(lineEnd + 1, indexOrEnd(text, '\n', lineEnd + 1, to)).trim();
    if (!next || startsOwnLine(next) || findMarkers(text, lineEnd + 1, Math.min(to, lineEnd + 13)).some((m) => m.lineStart)) break;
    lineStart = lineEnd + 1;
    lineEnd = indexOrEnd(text, '\n', lineStart, to);
  }
  while (lineEnd < to) {
    const nextStart = lineEnd + 1;
    const nextEnd = indexOrEnd(text, '\n', nextStart, to);
    const lead = findMarkers(text, nextStart, Math.min(nextEnd, nextStart + 12));
    if (!lead.length || lead[0].start !== nextStart || lead[0].style === mk.style) break;
    if (STYLE_RANK[lead[0].style] <= STYLE_RANK[mk.style] && lead[0].style !== 'shi') break;
    lineEnd = nextEnd;
  }
  return lineEnd;
}

function indexOrEnd(text: string, needle: string, from: number, to: number): number {
  const i = text.indexOf(needle, from);
  return i < 0 || i > to ? to : i;
}

/** A short line without a full stop inside: the title of what follows. */
export function isHeadingLine(line: string): boolean {
  const s = line.trim();
  if (!s || s.length > 40) return false;
  return !/[。；;！!？?]/.test(s.slice(0, -1)) && !/[，,、]$/.test(s);
}

/** First sentence, or its first clause when the sentence is long: the short title a ledger shows. */
export function headingOf(body: string): string {
  const firstLine = body.split('\n', 1)[0];
  const sentence = /^(.*?)[。；;！!？?]/.exec(firstLine);
  let h = sentence ? sentence[1] : firstLine;
  if (h.length > 30) {
    const clause = /^(.*?)[，,：:]/.exec(h);
    if (clause && clause[1].length >= 4) h = clause[1];
  }
  h = h.replace(/[，,、：:\s]+$/u, '').trim();
  return h || firstLine.trim();
}

export function trimSpan(text: string, start: number, end: number): Span {
  let s = start;
  let e = end;
  while (s < e && /\s/.test(text[s])) s++;
  while (e > s && /\s/.test(text[e - 1])) e--;
  return { start: s, end: e };
}

const INTRO = /主要表现|以下几?个?方面|如下|虽然|尽管|取得了?一定|但[是仍还]|对照|总的来看|有差距|不足之处/;

/** The clause before a colon that announces a list: 主要表现在： 具体如下： 主要有： 表现为： 以下几个方面工作： */
const LEAD_IN = /(?:表现[在为]?|体现在|如下|以下|主要有|主要是|包括|几点|方面)[^，,。；;：:]{0,8}$/;
const CLAUSE = { min: 8, max: 400 };

/**
 * A paragraph that leads in with a colon and lists its points separated by ；(主要表现在：A；B；C。): the points,
 * each with its own ；. Null when it is not such a list (no lead-in, fewer than two points, or points too short or
 * too long to be clauses, or a point that leads in again).
 */
function leadInParts(text: string, para: Span): Span[] | null {
  const body = text.slice(para.start, para.end);
  const colon = body.search(/[：:]/);
  if (colon < 0 || !LEAD_IN.test(body.slice(0, colon))) return null;
  const parts: Span[] = [];
  const re = /[^；;]+(?:[；;]|$)/g;
  re.lastIndex = colon + 1;
  for (let m = re.exec(body); m && m[0]; m = re.exec(body)) {
    const span = trimSpan(text, para.start + m.index, para.start + m.index + m[0].length);
    const len = span.end - span.start;
    if (len < CLAUSE.min || len > CLAUSE.max || /[：:]/.test(text.slice(span.start, span.end))) return null;
    parts.push(span);
  }
  return parts.length >= 2 ? parts : null;
}

/**
 * Unnumbered section: every paragraph is an item, except an introduction that leads into them; a paragraph that
 * lists its points after a colon, separated by ；, gives one item a point.
 */
function paragraphItems(text: string, from: number, to: number): ReportItem[] {
  const paras: Span[] = [];
  const listed = new Set<Span>();
  let pos = from;
  while (pos < to) {
    const end = indexOrEnd(text, '\n', pos, to);
    const span = trimSpan(text, pos, end);
    if (span.end > span.start) {
      const parts = leadInParts(text, span);
      for (const part of parts ?? [span]) {
        paras.push(part);
        if (parts) listed.add(part);
      }
    }
    pos = end + 1;
  }
  const kept = paras.length < 2 ? paras : paras.filter((p, i) => {
    if (listed.has(p)) return true;
    const t = text.slice(p.start, p.end);
    if (/[：:]$/.test(t)) return false;
    return !(i === 0 && INTRO.test(t));
  });
  return kept.map((span) => {
    const body = text.slice(span.start, span.end);
    return { text: body, heading: headingOf(body), ordinal: null, span, children: [] };
  });
}
