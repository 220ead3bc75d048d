import type { Element } from 'domhandler';
import type JSZip from 'jszip';
import { attr, child, descendants, kids, loadXml } from './xml';

/**
 * Word's automatic numbering, printed back into the text. The ordinals a reader sees (一、 （二） 3.) are not in
 * word/document.xml: paragraphs carry w:numPr (w:numId, w:ilvl), directly or through their paragraph style, and
 * word/numbering.xml says how each level counts and prints (w:numFmt, w:lvlText, w:start). mammoth turns such
 * paragraphs into HTML lists and loses the format, so each numbered paragraph gets its ordinal as a leading run and
 * its numbering switched off (numId 0) before mammoth reads the document.
 *
 * Counting follows Word: the lists (w:num) of one abstract definition continue one another unless a w:lvlOverride
 * restarts one; a level restarts at its start value whenever a higher level is used (w:lvlRestart can say after
 * which level, or never); an unused level in a "%1.%2" pattern prints its start value.
 */

interface Level {
  start: number;
  format: string;
  text: string;
  /** 0-based level whose use restarts this one and every higher; -1 never */
  restartBelow: number;
  /** w:isLgl: the other levels in this one's text print as decimals */
  legal: boolean;
  /** w:suff: what Word puts between the number and the text (a tab by default) */
  suffix: string;
  /** w:pStyle: the paragraph style this level belongs to (a style's w:numPr often leaves its level out) */
  style?: string;
}

interface NumDefinition {
  /** counters are shared by the lists of one abstract definition, unless overridden */
  counterKey: string;
  levels: Level[];
}

interface StyleNumbering { numId?: string; ilvl?: number; basedOn?: string }

const MAX_LEVELS = 9;

/** The document with printed ordinals, or null when no paragraph is numbered (the document is left as it is). */
export async function printListNumbers(zip: JSZip): Promise<string | null> {
  const read = async (name: string): Promise<string | null> => (await zip.file(name)?.async('string')) ?? null;
  const numberingXml = await read('word/numbering.xml');
  const documentXml = await read('word/document.xml');
  if (!numberingXml || !documentXml) return null;
  const styles = readStyles(await read('word/styles.xml'));
  const nums = readNumbering(numberingXml, styles);
  if (!nums.size) return null;

  const { root } = loadXml(documentXml, true);
  const counters = new Map<string, (number | undefined)[]>();
  // edits to document.xml by position (a DOM edit per paragraph re-parses a fragment each time: seconds for 3,000)
  const edits: { at: number; remove: number; insert: string }[] = [];
  for (const p of descendants(child(root, 'body') ?? root, 'p')) {
    const pPr = child(p, 'pPr');
    const own = child(pPr, 'numPr');
    const styleId = attr(child(pPr, 'pStyle'), 'val');
    const styled = styleId ? styleNumbering(styles, styleId) : {};
    const numId = attr(child(own, 'numId'), 'val') ?? styled.numId;
    if (!numId || numId === '0') continue;
    const def = nums.get(numId);
    if (!def) continue;
    const ownLevel = attr(child(own, 'ilvl'), 'val');
    const linked = styleId ? def.levels.findIndex((l) => l?.style === styleId) : -1;
    const ilvl = Math.min(MAX_LEVELS - 1, Math.max(0, Number(ownLevel ?? styled.ilvl ?? Math.max(linked, 0)) || 0));
    const level = def.levels[ilvl];
    if (!level) continue;

    // count: this level advances, the deeper ones restart unless their w:lvlRestart says otherwise
    const values: (number | undefined)[] = counters.get(def.counterKey) ?? [];
    counters.set(def.counterKey, values);
    const current = values[ilvl];
    values[ilvl] = current === undefined ? level.start : current + 1;
    for (let deeper = ilvl + 1; deeper < MAX_LEVELS; deeper++) {
      const d = def.levels[deeper];
      if (!d || (d.restartBelow >= 0 && ilvl < d.restartBelow)) values[deeper] = undefined;
    }

    const printed = printedNumber(def, ilvl, values);
    // numId 0 switches the numbering off, also one coming from the paragraph style; the number goes in a first run
    const off = '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="0"/></w:numPr>';
    const run = printed ? `<w:r><w:t xml:space="preserve">${escapeXml(printed)}</w:t></w:r>` : '';
    // a numbered paragraph has a w:pPr holding its w:numPr or the w:pStyle that numbers it
    if (!pPr?.children.length) continue;
    if (own) edits.push({ at: own.startIndex!, remove: own.endIndex! + 1 - own.startIndex!, insert: off });
    else edits.push({ at: pPr.children[0].startIndex!, remove: 0, insert: off });
    edits.push({ at: pPr.endIndex! + 1, remove: 0, insert: run });
  }
  if (!edits.length) return null;
  let out = '';
  let from = 0;
  for (const e of edits.sort((x, y) => x.at - y.at)) {
    out += documentXml.slice(from, e.at) + e.insert;
    from = e.at + e.remove;
  }
  return out + documentXml.slice(from);
}

function printedNumber(def: NumDefinition, ilvl: number, values: (number | undefined)[]): string {
  const level = def.levels[ilvl];
  if (level.format === 'bullet') return ''; // a symbol-font glyph, not an enumerator
  const text = level.text.replace(/%([1-9])/g, (_, n: string) => {
    const k = Number(n) - 1;
    const other = def.levels[k];
    if (!other || level.format === 'none') return '';
    const value = values[k] ?? other.start;
    return formatNumber(value, level.legal && k !== ilvl ? 'decimal' : other.format);
  });
  if (!text.trim()) return '';
  // the tab or space after a number that ends in a character (第一章 总则) separates it; after 、 . ） it is only layout
  return /[\p{P}\s]$/u.test(text) || level.suffix === 'nothing' ? text : `${text} `;
}

const CN_DIGITS = '〇一二三四五六七八九';
const CN_LEGAL = '零壹贰叁肆伍陆柒捌玖';

/** 1 → 一, 10 → 十, 11 → 十一, 20 → 二十, 105 → 一百零五 (Word's chineseCounting; 〇 only for digit-by-digit). */
function chineseCounting(n: number, digits = CN_DIGITS, ten = '十', hundred = '百', thousand = '千'): string {
  const nought = '零';
  if (n <= 0 || n >= 10000) return String(n);
  const parts: string[] = [];
  const units = [[1000, thousand], [100, hundred], [10, ten]] as const;
  let rest = n;
  let zero = false;
  for (const [value, unit] of units) {
    const d = Math.floor(rest / value);
    rest %= value;
    if (d) {
      if (zero) parts.push(nought);
      // 十一, not 一十一, when ten is the highest place
      parts.push(d === 1 && value === 10 && !parts.length ? unit : digits[d] + unit);
      zero = false;
    } else if (parts.length) zero = true;
  }
  if (rest) parts.push((zero ? nought : '') + digits[rest]);
  return parts.join('');
}

const letters = (n: number, base: string): string => {
  let out = '';
  for (let v = n; v > 0; v = Math.floor((v - 1) / 26)) out = base[(v - 1) % 26] + out;
  return out || String(n);
};

function roman(n: number): string {
  if (n <= 0 || n >= 4000) return String(n);
  const table: [number, string][] = [[1000, 'M'], [900, 'CM'], [500, 'D'], [400, 'CD'], [100, 'C'], [90, 'XC'], [50, 'L'],
    [40, 'XL'], [10, 'X'], [9, 'IX'], [5, 'V'], [4, 'IV'], [1, 'I']];
  let out = '';
  let rest = n;
  for (const [v, s] of table) while (rest >= v) [out, rest] = [out + s, rest - v];
  return out;
}

const enclosed = (n: number, first: number, max: number) => (n >= 1 && n <= max ? String.fromCodePoint(first + n - 1) : String(n));

export function formatNumber(n: number, format: string): string {
  switch (format) {
    case 'chineseCounting': case 'chineseCountingThousand': case 'japaneseCounting': case 'taiwaneseCounting':
    case 'taiwaneseCountingThousand': case 'koreanCounting':
      return chineseCounting(n);
    case 'chineseLegalSimplified': case 'japaneseLegal': case 'koreanLegal':
      return chineseCounting(n, CN_LEGAL, '拾', '佰', '仟');
    case 'ideographDigital': case 'taiwaneseDigital': case 'koreanDigital': case 'japaneseDigitalTenThousand':
      return String(n).replace(/\d/g, (d) => CN_DIGITS[Number(d)]);
    case 'ideographTraditional': return n >= 1 && n <= 10 ? '甲乙丙丁戊己庚辛壬癸'[n - 1] : String(n);
    case 'ideographZodiac': return n >= 1 && n <= 12 ? '子丑寅卯辰巳午未申酉戌亥'[n - 1] : String(n);
    case 'decimalEnclosedCircle': case 'decimalEnclosedCircleChinese': case 'ideographEnclosedCircle':
      return enclosed(n, 0x2460, 20);
    case 'decimalEnclosedParen': return enclosed(n, 0x2474, 20);
    case 'decimalEnclosedFullstop': return enclosed(n, 0x2488, 20);
    case 'decimalFullWidth': case 'decimalFullWidth2': case 'decimalHalfWidth':
      return format === 'decimalHalfWidth' ? String(n) : String(n).replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)));
    case 'decimalZero': return n < 10 ? `0${n}` : String(n);
    case 'upperLetter': return letters(n, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ');
    case 'lowerLetter': return letters(n, 'abcdefghijklmnopqrstuvwxyz');
    case 'upperRoman': return roman(n);
    case 'lowerRoman': return roman(n).toLowerCase();
    case 'none': case 'bullet': return '';
    default: return String(n); // decimal, ordinal, cardinalText and the rest
  }
}

function readLevel(lvl: Element, ilvl: number): Level {
  const restart = attr(child(lvl, 'lvlRestart'), 'val');
  return {
    start: Number(attr(child(lvl, 'start'), 'val') ?? 1) || 0,
    format: attr(child(lvl, 'numFmt'), 'val') ?? 'decimal',
    text: attr(child(lvl, 'lvlText'), 'val') ?? '',
    // w:lvlRestart is 1-based ("restart after level n"); 0 never; absent: after any higher level
    restartBelow: restart === undefined ? ilvl : Number(restart) > 0 ? Number(restart) : -1,
    legal: !!child(lvl, 'isLgl') && attr(child(lvl, 'isLgl'), 'val') !== '0' && attr(child(lvl, 'isLgl'), 'val') !== 'false',
    suffix: attr(child(lvl, 'suff'), 'val') ?? 'tab',
    style: attr(child(lvl, 'pStyle'), 'val'),
  };
}

function readNumbering(xml: string, styles: Map<string, StyleNumbering>): Map<string, NumDefinition> {
  const { root } = loadXml(xml);
  const abstracts = new Map<string, { levels: Level[]; styleLink?: string }>();
  for (const a of kids(root, 'abstractNum')) {
    const levels: Level[] = [];
    for (const lvl of kids(a, 'lvl')) {
      const ilvl = Number(attr(lvl, 'ilvl') ?? 0);
      if (ilvl >= 0 && ilvl < MAX_LEVELS) levels[ilvl] = readLevel(lvl, ilvl);
    }
    abstracts.set(attr(a, 'abstractNumId') ?? '', { levels, styleLink: attr(child(a, 'numStyleLink'), 'val') });
  }
  const raw = new Map(kids(root, 'num').map((n) => [attr(n, 'numId') ?? '', n]));
  const nums = new Map<string, NumDefinition>();
  const resolve = (numId: string, seen: Set<string>): NumDefinition | null => {
    const n = raw.get(numId);
    if (!n || seen.has(numId)) return null;
    seen.add(numId);
    const abstractId = attr(child(n, 'abstractNumId'), 'val') ?? '';
    const abstract = abstracts.get(abstractId);
    if (!abstract) return null;
    // a list that follows a numbering style takes that style's list
    let base: NumDefinition | null = { counterKey: `a${abstractId}`, levels: abstract.levels };
    if (abstract.styleLink) {
      const linked = styleNumbering(styles, abstract.styleLink).numId;
      base = linked ? resolve(linked, seen) : null;
      if (!base) return null;
    }
    const overrides = kids(n, 'lvlOverride');
    if (!overrides.length) return base;
    const levels = [...base.levels];
    for (const o of overrides) {
      const ilvl = Number(attr(o, 'ilvl') ?? 0);
      if (!(ilvl >= 0 && ilvl < MAX_LEVELS)) continue;
      const lvl = child(o, 'lvl');
      const start = attr(child(o, 'startOverride'), 'val');
      const level = lvl ? readLevel(lvl, ilvl) : levels[ilvl];
      if (level) levels[ilvl] = start === undefined ? level : { ...level, start: Number(start) || 0 };
    }
    return { counterKey: `n${numId}`, levels };
  };
  for (const numId of raw.keys()) {
    const def = resolve(numId, new Set());
    if (def) nums.set(numId, def);
  }
  return nums;
}

function readStyles(xml: string | null): Map<string, StyleNumbering> {
  const out = new Map<string, StyleNumbering>();
  if (!xml) return out;
  const { root } = loadXml(xml);
  for (const s of kids(root, 'style')) {
    const numPr = child(child(s, 'pPr'), 'numPr');
    const ilvl = attr(child(numPr, 'ilvl'), 'val');
    out.set(attr(s, 'styleId') ?? '', {
      numId: attr(child(numPr, 'numId'), 'val'),
      ilvl: ilvl === undefined ? undefined : Number(ilvl),
      basedOn: attr(child(s, 'basedOn'), 'val'),
    });
  }
  return out;
}

/** A paragraph style's numbering, inherited through w:basedOn. */
function styleNumbering(styles: Map<string, StyleNumbering>, styleId: string): StyleNumbering {
  const found: StyleNumbering = {};
  const seen = new Set<string>();
  for (let id: string | undefined = styleId; id && !seen.has(id); id = styles.get(id)?.basedOn) {
    seen.add(id);
    const s = styles.get(id);
    found.numId ??= s?.numId;
    found.ilvl ??= s?.ilvl;
  }
  return found;
}

const escapeXml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
