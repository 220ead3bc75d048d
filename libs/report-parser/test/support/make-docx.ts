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
    let method = 0;
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
    const cut = Math.floor(line.length / 2);
    const runs = [line.slice(0, cut), line.slice(cut)].filter(Boolean)
      .map((r) => `<w:r><w:t xml:space="preserve">${escapeXml(r)}</w:t></w:r>`).join('');
    const props = numbered ? '<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>' : '';
    return `<w:p>${props}${runs}</w:p>`;
  }).join('');
  const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
  const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  return {
    '[Content_Types].xml': '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
      '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>' +
      '<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>' +
      '</Types>',
    '_rels/.rels': '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
      '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      `<Relationship Id="rId1" Type="${REL}/officeDocument" Target="word/document.xml"/>` +
      '</Relationships>',
    'word/_rels/document.xml.rels': '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
      '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      `<Relationship Id="rId2" Type="${REL}/numbering" Target="numbering.xml"/>` +
      '</Relationships>',
    'word/numbering.xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering ${W}>` +
      '<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>' +
      '<w:lvlText w:val="%1."/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>',
    'word/document.xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document ${W}><w:body>` +
      paragraphs + '</w:body></w:document>',
  };
}
