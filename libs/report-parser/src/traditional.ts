import { Converter } from 'opencc-js/t2cn';

/**
 * Reports written in traditional characters (Taiwan or Hong Kong forms: 法治政府建設情況報告、存在的問題) are read
 * through a simplified copy of their text, folded character for character so that every offset in the copy is an
 * offset in the original; the original is what is stored and shown. Simplified text is returned as it is.
 */
let convert: ((s: string) => string) | null = null;

/** Taiwan forms first (著 → 着), then Hong Kong ones (衞 → 卫), which the Taiwan table leaves. */
function toSimplified(s: string): string {
  if (!convert) {
    const tw = Converter({ from: 'tw', to: 'cn' });
    const hk = Converter({ from: 'hk', to: 'cn' });
    convert = (x) => hk(tw(x));
  }
  return convert(s);
}

const SAMPLE = 2000;
/** share of CJK characters a fold changes above which a text counts as traditional (simplified text: ~0) */
const TRADITIONAL_SHARE = 0.02;

/** True when a sample of the text (its start, middle and end) has enough characters that fold to other ones. */
export function isTraditional(text: string): boolean {
  const mid = Math.max(0, Math.floor(text.length / 2) - SAMPLE / 2);
  const sample = text.length <= 3 * SAMPLE
    ? text
    : `${text.slice(0, SAMPLE)}\n${text.slice(mid, mid + SAMPLE)}\n${text.slice(-SAMPLE)}`;
  const folded = alignedFold(sample);
  let cjk = 0;
  let changed = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c < 0x3400 || c > 0x9fff) continue;
    cjk++;
    if (folded.charCodeAt(i) !== c) changed++;
  }
  return cjk > 0 && changed / cjk >= TRADITIONAL_SHARE;
}

/**
 * The simplified twin of a text, of the same length, for matching only; the text itself when it is not
 * traditional, so simplified reports pay for a sample and nothing more.
 */
export function foldTraditional(text: string): string {
  return isTraditional(text) ? alignedFold(text) : text;
}

/** Each line folded as a whole (phrases read in context), or character by character where a phrase changes length. */
function alignedFold(text: string): string {
  return text.split('\n').map((line) => {
    const folded = toSimplified(line);
    if (folded.length === line.length) return folded;
    let out = '';
    for (const ch of line) {
      const one = toSimplified(ch);
      out += one.length === ch.length ? one : ch;
    }
    return out;
  }).join('\n');
}
