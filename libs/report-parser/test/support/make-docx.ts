import { crc32, deflateRawSync } from 'node:zlib';

export interface ZipEntryOptions {
  /** deflate instead of store */
  deflate?: boolean;
  /** inflated size written into both headers (a lying zip) instead of the real one */
  declaredSize?: number;
}

/** An entry given already deflated (a bomb built without holding its inflated bytes): raw deflate + real size. */
export interface Predeflated {
  deflated: Buffer;
  size: number;
  crc: number;
}

/** A minimal zip (stored entries unless told): enough for mammoth, truncation tests and zip bombs. */
export function makeZip(files: Record<string, string | Buffer | Predeflated>, options: Record<string, ZipEntryOptions> = {}): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(files)) {
    const opts = options[name] ?? {};
    let data: Buffer;
    let size: number;
    let crc: number;
    let method: number;
    if (typeof content === 'object' && !Buffer.isBuffer(content)) {
      ({ deflated: data, size, crc } = content);
      method = 8;
    } else {
      const plain = Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8');
      size = plain.length;
      crc = crc32(plain);
      data = opts.deflate ? deflateRawSync(plain) : plain;
      method = opts.deflate ? 8 : 0;
    }
    size = opts.declaredSize ?? size;
    const nameBuf = Buffer.from(name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(method, 8); // 0 stored, 8 deflated
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(nameBuf.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(nameBuf.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBuf, data);
    centrals.push(central, nameBuf);
    offset += local.length + nameBuf.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const escapeXml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A w:p with its text split in two runs, to mimic Word's run boundaries. */
const paragraphXml = (text: string, props: string): string => {
  const cut = Math.floor(text.length / 2);
  const runs = [text.slice(0, cut), text.slice(cut)].filter(Boolean)
    .map((r) => `<w:r><w:t xml:space="preserve">${escapeXml(r)}</w:t></w:r>`).join('');
  return `<w:p>${props}${runs}</w:p>`;
};

/**
 * A .docx with one paragraph per line of `text` (runs split in two to mimic Word's run boundaries).
 * Lines matching `autoNumbered` lose their printed number and become Word list paragraphs instead.
 */
export function makeDocx(text: string, autoNumbered?: RegExp): Buffer {
  return makeZip(docxParts(text, autoNumbered));
}

/** The parts of makeDocx's document, to be altered (a bomb, a DOCTYPE) before zipping. */
export function docxParts(text: string, autoNumbered?: RegExp): Record<string, string> {
  const paragraphs = text.split(/\r?\n/).map((raw) => {
    const numbered = !!autoNumbered && autoNumbered.test(raw);
    const line = numbered ? raw.replace(autoNumbered!, '') : raw;
    return paragraphXml(line, numbered ? '<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>' : '');
  }).join('');
  return docxPackage(paragraphs, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering ${W}>` +
    '<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>' +
    '<w:lvlText w:val="%1."/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>');
}

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';

/** The parts of a .docx around its paragraphs (w:p elements), numbering.xml and, when given, styles.xml. */
function docxPackage(paragraphs: string, numbering: string, styles?: string): Record<string, string> {
  const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  return {
    '[Content_Types].xml': '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
      '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>' +
      '<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>' +
      (styles ? '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>' : '') +
      '</Types>',
    '_rels/.rels': '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
      '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      `<Relationship Id="rId1" Type="${REL}/officeDocument" Target="word/document.xml"/>` +
      '</Relationships>',
    'word/_rels/document.xml.rels': '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
      '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      `<Relationship Id="rId2" Type="${REL}/numbering" Target="numbering.xml"/>` +
      (styles ? `<Relationship Id="rId3" Type="${REL}/styles" Target="styles.xml"/>` : '') +
      '</Relationships>',
    'word/numbering.xml': numbering,
    ...(styles ? { 'word/styles.xml': styles } : {}),
    'word/document.xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document ${W}><w:body>` +
      paragraphs + '</w:body></w:document>',
  };
}

/** One level of a list definition (w:lvl). */
export interface DocxLevel {
  /** w:numFmt: decimal, chineseCounting, chineseCountingThousand, ideographTraditional, decimalEnclosedCircle … */
  format: string;
  /** w:lvlText: "%1、", "（%2）", "%1." … */
  text: string;
  start?: number;
  /** w:lvlRestart (1-based level after which this one restarts; 0 never) */
  restart?: number;
  /** w:pStyle: the paragraph style linked to this level */
  style?: string;
}

/** Word's list definitions: abstract definitions, lists (w:num, numId = index + 1) and styles that carry a list. */
export interface DocxNumbering {
  abstracts: DocxLevel[][];
  nums: { abstract: number; startOverride?: Record<number, number> }[];
  /** paragraph styles whose w:pPr holds a w:numPr (styleId → list and level) */
  styles?: Record<string, { numId?: number; ilvl?: number; basedOn?: string }>;
}

/** A paragraph: its text (without the number Word prints) and its list, directly or through its style. */
export interface DocxParagraph {
  text: string;
  numId?: number;
  ilvl?: number;
  style?: string;
}

/** A .docx whose numbering lives in numbering.xml, as Word writes it. */
export function makeNumberedDocx(paragraphs: DocxParagraph[], numbering: DocxNumbering): Buffer {
  const body = paragraphs.map((p) => {
    const numPr = p.numId === undefined ? ''
      : `<w:numPr><w:ilvl w:val="${p.ilvl ?? 0}"/><w:numId w:val="${p.numId}"/></w:numPr>`;
    const style = p.style ? `<w:pStyle w:val="${p.style}"/>` : '';
    return paragraphXml(p.text, numPr || style ? `<w:pPr>${style}${numPr}</w:pPr>` : '');
  }).join('');
  const levels = (lvls: DocxLevel[]) => lvls.map((l, i) => `<w:lvl w:ilvl="${i}"><w:start w:val="${l.start ?? 1}"/>` +
    `<w:numFmt w:val="${l.format}"/>${l.restart === undefined ? '' : `<w:lvlRestart w:val="${l.restart}"/>`}` +
    (l.style ? `<w:pStyle w:val="${l.style}"/>` : '') +
    `<w:lvlText w:val="${escapeXml(l.text)}"/><w:lvlJc w:val="left"/></w:lvl>`).join('');
  const numberingXml = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering ${W}>` +
    numbering.abstracts.map((a, i) => `<w:abstractNum w:abstractNumId="${i}"><w:multiLevelType w:val="multilevel"/>${levels(a)}</w:abstractNum>`).join('') +
    numbering.nums.map((n, i) => `<w:num w:numId="${i + 1}"><w:abstractNumId w:val="${n.abstract}"/>` +
      Object.entries(n.startOverride ?? {}).map(([lvl, v]) => `<w:lvlOverride w:ilvl="${lvl}"><w:startOverride w:val="${v}"/></w:lvlOverride>`).join('') +
      '</w:num>').join('') + '</w:numbering>';
  const styles = numbering.styles ? `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles ${W}>` +
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>' +
    Object.entries(numbering.styles).map(([id, s]) => `<w:style w:type="paragraph" w:styleId="${id}"><w:name w:val="${id}"/>` +
      `<w:basedOn w:val="${s.basedOn ?? 'Normal'}"/>` + (s.numId === undefined ? '' : '<w:pPr><w:numPr>' +
      `${s.ilvl === undefined ? '' : `<w:ilvl w:val="${s.ilvl}"/>`}<w:numId w:val="${s.numId}"/></w:numPr></w:pPr>`) +
      '</w:style>').join('') + '</w:styles>' : undefined;
  return makeZip(docxPackage(body, numberingXml, styles));
}
