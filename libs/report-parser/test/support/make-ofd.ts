import { makeZip } from './make-docx';
import { prng, randInt } from './prng';

/**
 * OFD files (GB/T 33190-2016) written the way real writers write them, from a report's text: the first line a
 * centred title, the last two lines the signature (issuing body, date) on the right, every other line a paragraph
 * with a two-character first-line indent, wrapped at 28 characters to an A4 page of 22 lines as official documents
 * are set. Units are millimetres, origin top left, glyph origins on the baseline.
 */
export interface OfdOptions {
  /**
   * How the text is cut into TextObjects: `line` one per printed line (Word → OFD converters), `run` one per run of
   * 1–6 characters with its own DeltaX (数科/书生-style writers), `char` one per character without DeltaX.
   */
  objects?: 'line' | 'run' | 'char';
  /** write each page's text objects in a random order (seeded), not in reading order */
  shuffle?: number;
  /** "— N —" centred at the foot of every page */
  pageNumbers?: boolean;
  /** a running header drawn on every page, in the page's own content */
  header?: string;
  /** a running header in a template page (TemplatePage) every page uses */
  templateHeader?: string;
  /** elements without the ofd: prefix (default namespace), as some writers do */
  noPrefix?: boolean;
  /** pages that are one picture each (a scan) instead of text */
  scanned?: boolean;
  /** deflate the entries (real packages do; stored is easier to alter) */
  deflate?: boolean;
}

export const OFD_NS = 'http://www.ofdspec.org/2016';
const PAGE = { w: 210, h: 297, top: 37, bottom: 35, left: 28, right: 26 };
const BODY_SIZE = 5.6; // 三号 (16 pt) 仿宋
const TITLE_SIZE = 7.7; // 二号 (22 pt) 小标宋
const ADVANCE = (PAGE.w - PAGE.left - PAGE.right) / 28; // 28 characters a line, justified
const LEADING = (PAGE.h - PAGE.top - PAGE.bottom) / 22; // 22 lines a page
const WIDE = /[\u2E80-\u9FFF\uFF00-\uFFEF\u3000-\u303F\u2014\u2026\u201C\u201D\u2018\u2019]/;

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const mm = (v: number): string => String(Math.round(v * 1000) / 1000);
const advanceOf = (ch: string, size: number): number => (WIDE.test(ch) ? size * (ADVANCE / BODY_SIZE) : size / 2);

/** A DeltaX list with equal neighbours folded into the `g n v` form. */
export function deltaX(advances: number[]): string {
  const out: string[] = [];
  for (let i = 0; i < advances.length;) {
    let j = i;
    while (j < advances.length && mm(advances[j]) === mm(advances[i])) j++;
    out.push(j - i > 1 ? `g ${j - i} ${mm(advances[i])}` : mm(advances[i]));
    i = j;
  }
  return out.join(' ');
}

/** One printed line: its characters, each one's advance, and where its first glyph's origin sits. */
interface Placed { chars: string[]; adv: number[]; x: number; baseline: number; size: number; font: number }

/** Lays the report out: the lines of each page. */
function layout(text: string): Placed[][] {
  const paragraphs = text.trim().split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  const width = PAGE.w - PAGE.left - PAGE.right;
  const lines: Omit<Placed, 'baseline' | 'adv'>[] = [];
  const justified = new Set<Omit<Placed, 'baseline' | 'adv'>>();
  const [title, ...rest] = paragraphs;
  const signature = rest.splice(rest.length - 2, 2);
  const centred = (chars: string[], size: number) => (width - chars.reduce((w, c) => w + advanceOf(c, size), 0)) / 2;
  const titleChars = Array.from(title);
  // a long title breaks into two centred lines, before its year as typesetters do (or at 20 characters)
  const year = title.search(/20\d\d年/);
  const cut = year >= 4 && year <= 20 ? year : 20;
  const titleRows = titleChars.length > 20 ? [titleChars.slice(0, cut), titleChars.slice(cut)] : [titleChars];
  for (const row of titleRows) lines.push({ chars: row, x: PAGE.left + centred(row, TITLE_SIZE), size: TITLE_SIZE, font: 3 });
  lines.push({ chars: [], x: PAGE.left, size: BODY_SIZE, font: 2 }); // a blank line under the title
  for (const p of rest) {
    let row: string[] = [];
    let used = 2 * ADVANCE;
    let x = PAGE.left + 2 * ADVANCE;
    // a number (or Latin word) is never broken across lines: it moves down whole
    for (const word of p.match(/[0-9A-Za-z.%]+|./gu) ?? []) {
      const chars = Array.from(word);
      const w = chars.reduce((a, c) => a + advanceOf(c, BODY_SIZE), 0);
      if (used + w > width + 0.01 && row.length) {
        const full = { chars: row, x, size: BODY_SIZE, font: 2 };
        lines.push(full);
        justified.add(full); // Word spreads a full line to the right margin
        [row, used, x] = [[], 0, PAGE.left];
      }
      row.push(...chars);
      used += w;
    }
    if (row.length) lines.push({ chars: row, x, size: BODY_SIZE, font: 2 });
  }
  lines.push({ chars: [], x: PAGE.left, size: BODY_SIZE, font: 2 });
  for (const s of signature) {
    const chars = Array.from(s);
    lines.push({ chars, x: PAGE.w - PAGE.right - 4 * ADVANCE - chars.reduce((w, c) => w + advanceOf(c, BODY_SIZE), 0), size: BODY_SIZE, font: 2 });
  }
  const pages: Placed[][] = [];
  for (let i = 0; i < lines.length; i += 22) {
    pages.push(lines.slice(i, i + 22).map((l, k) => {
      const adv = l.chars.map((c) => advanceOf(c, l.size));
      const spare = PAGE.w - PAGE.right - l.x - adv.reduce((a, b) => a + b, 0);
      if (justified.has(l) && l.chars.length > 1) for (let j = 0; j < adv.length - 1; j++) adv[j] += spare / (adv.length - 1);
      return { ...l, adv, baseline: PAGE.top + k * LEADING + l.size };
    }).filter((l) => l.chars.length));
  }
  return pages;
}

/** The parts of an OFD package, to be altered (a bomb, a DOCTYPE) before zipping. */
export function ofdParts(text: string, options: OfdOptions = {}): Record<string, string | Buffer> {
  const p = options.noPrefix ? '' : 'ofd:';
  const ns = options.noPrefix ? `xmlns="${OFD_NS}"` : `xmlns:ofd="${OFD_NS}"`;
  const head = '<?xml version="1.0" encoding="UTF-8"?>';
  const rnd = prng(options.shuffle ?? 1);
  let id = 100;
  const pages = layout(text);

  const textObject = (chars: string[], x: number, baseline: number, size: number, font: number, withDelta: boolean,
    advances = chars.map((c) => advanceOf(c, size))) => {
    const w = advances.reduce((a, b) => a + b, 0);
    const delta = withDelta && chars.length > 1 ? ` DeltaX="${deltaX(advances.slice(0, -1))}"` : '';
    return `<${p}TextObject ID="${id++}" Boundary="${mm(x)} ${mm(baseline - size)} ${mm(w)} ${mm(size * 1.25)}" Font="${font}" Size="${mm(size)}">` +
      `<${p}FillColor Value="0 0 0"/><${p}TextCode X="0" Y="${mm(size)}"${delta}>${esc(chars.join(''))}</${p}TextCode></${p}TextObject>`;
  };
  const objectsOf = (l: Placed): string[] => {
    const mode = options.objects ?? 'line';
    if (mode === 'line') return [textObject(l.chars, l.x, l.baseline, l.size, l.font, true, l.adv)];
    const out: string[] = [];
    let x = l.x;
    for (let i = 0; i < l.chars.length;) {
      const n = mode === 'char' ? 1 : 1 + randInt(rnd, 6);
      const run = l.chars.slice(i, i + n);
      const adv = l.adv.slice(i, i + n);
      out.push(textObject(run, x, l.baseline, l.size, l.font, true, adv));
      x += adv.reduce((a, b) => a + b, 0);
      i += n;
    }
    return out;
  };
  const centredObject = (s: string, baseline: number, size: number): string => {
    const chars = Array.from(s);
    const w = chars.reduce((a, c) => a + advanceOf(c, size), 0);
    return textObject(chars, (PAGE.w - w) / 2, baseline, size, 2, true);
  };

  const files: Record<string, string | Buffer> = {};
  files['OFD.xml'] = `${head}<${p}OFD ${ns} Version="1.0" DocType="OFD"><${p}DocBody><${p}DocInfo>` +
    `<${p}DocID>6f0e2c1a9b3d4e5f8a7b6c5d4e3f2a1b</${p}DocID><${p}Title>${esc(text.trim().split('\n')[0])}</${p}Title>` +
    `<${p}Creator>duban test writer</${p}Creator><${p}CreationDate>2025-01-15</${p}CreationDate></${p}DocInfo>` +
    `<${p}DocRoot>Doc_0/Document.xml</${p}DocRoot></${p}DocBody></${p}OFD>`;
  const template = options.templateHeader ? `<${p}TemplatePage ID="2" BaseLoc="Tpls/Tpl_0/Content.xml"/>` : '';
  files['Doc_0/Document.xml'] = `${head}<${p}Document ${ns}><${p}CommonData><${p}MaxUnitID>${100 + pages.length * 2000}</${p}MaxUnitID>` +
    `<${p}PageArea><${p}PhysicalBox>0 0 ${PAGE.w} ${PAGE.h}</${p}PhysicalBox></${p}PageArea>` +
    `<${p}PublicRes>PublicRes.xml</${p}PublicRes>${options.scanned ? `<${p}DocumentRes>DocumentRes.xml</${p}DocumentRes>` : ''}${template}</${p}CommonData>` +
    `<${p}Pages>${pages.map((_, i) => `<${p}Page ID="${10 + i}" BaseLoc="Pages/Page_${i}/Content.xml"/>`).join('')}</${p}Pages></${p}Document>`;
  files['Doc_0/PublicRes.xml'] = `${head}<${p}Res ${ns} BaseLoc="Res"><${p}Fonts>` +
    `<${p}Font ID="2" FontName="仿宋_GB2312" FamilyName="仿宋_GB2312"/><${p}Font ID="3" FontName="方正小标宋简体" FamilyName="方正小标宋简体"/>` +
    `</${p}Fonts></${p}Res>`;
  if (options.templateHeader) {
    files['Doc_0/Tpls/Tpl_0/Content.xml'] = `${head}<${p}Page ${ns}><${p}Content><${p}Layer ID="${id++}">` +
      centredObject(options.templateHeader, 20, 3.7) + `</${p}Layer></${p}Content></${p}Page>`;
  }
  if (options.scanned) {
    files['Doc_0/DocumentRes.xml'] = `${head}<${p}Res ${ns} BaseLoc="Res"><${p}MultiMedias>` +
      `<${p}MultiMedia ID="5" Type="Image" Format="JPEG"><${p}MediaFile>scan.jpg</${p}MediaFile></${p}MultiMedia></${p}MultiMedias></${p}Res>`;
    files['Doc_0/Res/scan.jpg'] = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 0xff, 0xd9]);
  }
  pages.forEach((lines, i) => {
    let objects: string[];
    if (options.scanned) {
      objects = [`<${p}ImageObject ID="${id++}" Boundary="0 0 ${PAGE.w} ${PAGE.h}" CTM="${PAGE.w} 0 0 ${PAGE.h} 0 0" ResourceID="5"/>`];
    } else {
      objects = lines.flatMap(objectsOf);
      if (options.header) objects.push(centredObject(options.header, 22, 3.7));
      if (options.pageNumbers) objects.push(centredObject(`— ${i + 1} —`, PAGE.h - 20, 4.9));
      if (options.shuffle !== undefined) {
        for (let k = objects.length - 1; k > 0; k--) {
          const j = randInt(rnd, k + 1);
          [objects[k], objects[j]] = [objects[j], objects[k]];
        }
      }
    }
    const tpl = options.templateHeader ? `<${p}Template TemplateID="2" ZOrder="Background"/>` : '';
    files[`Doc_0/Pages/Page_${i}/Content.xml`] = `${head}<${p}Page ${ns}>${tpl}<${p}Content>` +
      `<${p}Layer ID="${id++}" Type="Body">${objects.join('')}</${p}Layer></${p}Content></${p}Page>`;
  });
  return files;
}

export function makeOfd(text: string, options: OfdOptions = {}): Buffer {
  const parts = ofdParts(text, options);
  const deflate = options.deflate ?? true;
  return makeZip(parts, Object.fromEntries(Object.keys(parts).map((k) => [k, { deflate }])));
}
