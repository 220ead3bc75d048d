/**
 * Enumerators as printed in Chinese government reports, from the outermost style to the innermost:
 * 第一部分 / 一、 / （一） / 1、1.1． / （1） / ① and the in-sentence 一是… / 第一，…
 */
export type EnumStyle = 'chapter' | 'cnDun' | 'parenCn' | 'arabic' | 'parenArabic' | 'circled' | 'shi' | 'di';

export const STYLE_RANK: Record<EnumStyle, number> = {
  chapter: 0, cnDun: 1, parenCn: 2, arabic: 3, parenArabic: 4, circled: 5, shi: 6, di: 7,
};

export interface Marker {
  style: EnumStyle;
  value: number;
  /** offset of the enumerator */
  start: number;
  /** offset just after the enumerator and its punctuation / spaces: where the item text starts */
  end: number;
  ordinal: string;
  lineStart: boolean;
}

const CN = '[一二三四五六七八九十]{1,3}';

interface StyleSpec {
  style: EnumStyle;
  re: RegExp;
  /** may appear inside a paragraph, not only at the start of a line */
  inline: 'never' | 'clause' | 'anywhere';
}

const SPECS: StyleSpec[] = [
  { style: 'chapter', re: new RegExp(`第(${CN})(?:部分|章|篇)[、，,：:\\s]*`, 'y'), inline: 'never' },
  { style: 'cnDun', re: new RegExp(`(${CN})\\s*(?:[、．]|\\.(?!\\d))\\s*`, 'y'), inline: 'never' },
  { style: 'parenCn', re: new RegExp(`[（(]\\s*(${CN})\\s*[）)]\\s*[、.．]?\\s*`, 'y'), inline: 'clause' },
  { style: 'arabic', re: /(\d{1,2})\s*(?:[、．]|\.(?!\d))\s*/y, inline: 'clause' },
  { style: 'parenArabic', re: /[（(]\s*(\d{1,2})\s*[）)]\s*[、.．]?\s*/y, inline: 'anywhere' },
  { style: 'circled', re: /([①-⑳])\s*/y, inline: 'anywhere' },
  { style: 'shi', re: new RegExp(`其?(${CN})是\\s*(?:[，,：:]\\s*)?`, 'y'), inline: 'clause' },
  { style: 'di', re: new RegExp(`第(${CN})\\s*[，,、：:]\\s*`, 'y'), inline: 'clause' },
];

/** First characters that can open each style: a cheap pre-filter before trying the regexes. */
const OPENERS = /[一二三四五六七八九十其第（(\d①-⑳]/;
const CLAUSE_BEFORE = /[，。；：,.;:！!？?、）)】”"'’\s]/;
const ARABIC_INLINE_BEFORE = /[：:；;。.！!？?]/;

export function cnNumber(s: string): number {
  const d: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
  if (s === '十') return 10;
  const i = s.indexOf('十');
  if (i < 0) return d[s] ?? 0;
  const tens = i === 0 ? 1 : d[s[0]] ?? 0;
  const ones = i === s.length - 1 ? 0 : d[s[i + 1]] ?? 0;
  return tens * 10 + ones;
}

function valueOf(style: EnumStyle, digits: string): number {
  if (style === 'circled') return digits.charCodeAt(0) - 0x2460 + 1;
  if (style === 'arabic' || style === 'parenArabic') return Number(digits);
  return cnNumber(digits);
}

/** Trims the enumerator as printed: 一是, （二）, 3、, 第一 */
function printed(raw: string): string {
  return raw.replace(/[\s，,：:]+$/u, '');
}

/** Enumerators found in text[from, to), at line starts or (for in-sentence styles) at clause starts. */
export function findMarkers(text: string, from: number, to: number, allowed?: ReadonlySet<EnumStyle>): Marker[] {
  const out: Marker[] = [];
  const stop = Math.min(to, text.length);
  // only text[from, to) is looked at: a search running on past `to` made callers that ask about one line at a
  // time quadratic in the text (a 1 MB report without enumerators took 5 s)
  for (let pos = Math.max(from, 0); pos < stop; pos++) {
    if (!OPENERS.test(text[pos])) continue;
    const lineStart = pos === 0 || text[pos - 1] === '\n';
    const before = pos > 0 ? text[pos - 1] : '\n';
    for (const spec of SPECS) {
      if (allowed && !allowed.has(spec.style)) continue;
      if (!lineStart) {
        if (spec.inline === 'never') continue;
        if (spec.inline === 'clause') {
          const okBefore = spec.style === 'arabic' ? ARABIC_INLINE_BEFORE.test(before) : CLAUSE_BEFORE.test(before);
          if (!okBefore) continue;
          // "1.5万" or "2.3亿" after a full stop is a number, not an enumerator
          if (spec.style === 'arabic' && /\d/.test(before)) continue;
        }
      }
      spec.re.lastIndex = pos;
      const hit = spec.re.exec(text);
      if (!hit) continue;
      const end = pos + hit[0].length;
      if (end > to || end >= text.length || text[end] === '\n') continue;
      // "一、二、三" or "1、2、3" listing numbers is not an enumerator
      spec.re.lastIndex = end;
      if (spec.style !== 'shi' && spec.re.test(text)) continue;
      const value = valueOf(spec.style, hit[1]);
      if (value <= 0) continue;
      out.push({ style: spec.style, value, start: pos, end, ordinal: printed(hit[0]), lineStart });
      pos = end - 1; // the next enumerator starts after this one's punctuation
      break;
    }
  }
  return out;
}

/**
 * Splits one style's markers into runs 1, 2, 3 …; a 1 starts a new run, out-of-order values are noise.
 * Runs of in-sentence enumerators must have at least two members.
 */
export function buildRuns(markers: Marker[], minInline = 2, minLine = 1): Marker[][] {
  const runs: Marker[][] = [];
  let cur: Marker[] = [];
  for (const mk of markers) {
    if (mk.value === 1) {
      if (cur.length) runs.push(cur);
      cur = [mk];
    } else if (cur.length && mk.value === cur[cur.length - 1].value + 1) {
      cur.push(mk);
    }
  }
  if (cur.length) runs.push(cur);
  return runs.filter((r) => r.length >= (r.every((x) => x.lineStart) ? minLine : minInline));
}
