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
/**
 * About two hundred traditional characters met most often in these reports (法治政府建設、執法、監督…), about 95% of what a fold
 * changes in them. Simplified text has next to none, so it is told apart without building the converters (~4 MB of
 * heap, which a parse worker held to a small heap cannot spare on every report).
 */
const FREQUENT_TRADITIONAL = new Set(
  '執務設實縣開進辦規項強監決員範動審會鎮對責議關發報機問學業組題體為況區導專現領調傳習時織評於眾門單個級點環幹訓將鄉結態職訴處應嚴黨識與網層過參經續夠場協備綜統質確糾劃堅計營來還內顧資聯證紛權臺論隊復記貫檢數標違據徹負認優見餘醫兩國並運積極風罰創線類號準錄萬頭納電條試編後險廣爭訂衛書圍構請護較戶帶舉寧療維約長壓達別價斷產難頁裝講間針訪隨總誰雙訟無陽繞滿則齊節沒輪蓋緊揮討師馬驗佔徵選費農輕濟績測轉絡踐轄穩屢暢饋獲養細園際綱廢籌臨',
);
/** share of CJK characters among FREQUENT_TRADITIONAL below which a text is simplified without further look */
const FREQUENT_SHARE = 0.005;
/** share of CJK characters a fold changes above which a text counts as traditional (simplified text: ~0) */
const TRADITIONAL_SHARE = 0.02;

/** True when a sample of the text (its start, middle and end) has enough characters that fold to other ones. */
export function isTraditional(text: string): boolean {
  const sample = sampleOf(text);
  if (!mayBeTraditional(sample)) return false;
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

/** Start, middle and end of a long text. */
function sampleOf(text: string): string {
  if (text.length <= 3 * SAMPLE) return text;
  const mid = Math.max(0, Math.floor(text.length / 2) - SAMPLE / 2);
  return `${text.slice(0, SAMPLE)}\n${text.slice(mid, mid + SAMPLE)}\n${text.slice(-SAMPLE)}`;
}

function mayBeTraditional(sample: string): boolean {
  let cjk = 0;
  let frequent = 0;
  for (const ch of sample) {
    const c = ch.charCodeAt(0);
    if (c < 0x3400 || c > 0x9fff) continue;
    cjk++;
    if (FREQUENT_TRADITIONAL.has(ch)) frequent++;
  }
  return cjk > 0 && frequent / cjk >= FREQUENT_SHARE;
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
