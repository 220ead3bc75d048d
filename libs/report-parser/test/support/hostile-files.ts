import { constants, crc32, createInflateRaw, deflateRawSync } from 'node:zlib';
import { docxParts, makeZip, type Predeflated } from './make-docx';

/**
 * Files built to take a reader down (issue 11), for unit and fault tests. None is held inflated in memory here:
 * the bombs are deflated a megabyte at a time.
 */

/**
 * `mb` megabytes of a repeated XML-ish pattern as one raw deflate stream (about 1 KB per MB): one megabyte deflated
 * with a full flush (byte-aligned, not final, no back-reference across it) repeated, then a final one.
 */
export function deflatedFiller(mb: number): Predeflated {
  const block = Buffer.alloc(1024 * 1024, '<w:p/>');
  const middle = deflateRawSync(block, { level: 9, finishFlush: constants.Z_FULL_FLUSH });
  const last = deflateRawSync(block, { level: 9 });
  let crc = 0;
  for (let i = 0; i < mb; i++) crc = crc32(block, crc);
  return { deflated: Buffer.concat([...Array<Buffer>(mb - 1).fill(middle), last]), size: mb * 1024 * 1024, crc };
}

/**
 * Milliseconds to inflate all of a filler of `mb` megabytes (output counted and dropped): the cost a reader that does
 * inflate a bomb would pay, as the same-run yardstick for "refused without inflating it".
 */
export async function inflateAllMs(mb: number): Promise<number> {
  const { deflated, size } = deflatedFiller(mb);
  const t0 = process.hrtime.bigint();
  const inflated = await new Promise<number>((resolve, reject) => {
    let bytes = 0;
    const inflate = createInflateRaw();
    inflate.on('data', (chunk: Buffer) => { bytes += chunk.length; });
    inflate.on('end', () => resolve(bytes));
    inflate.on('error', reject);
    inflate.end(deflated);
  });
  if (inflated !== size) throw new Error(`filler inflated to ${inflated} bytes, not ${size}`);
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

const DOCUMENT = '甲县司法局关于2025年法治政府建设情况的报告\n一、存在的问题\n（一）执法不规范。\n二、下一步工作打算\n（一）加强培训。';

/** A .docx whose word/document.xml honestly declares `mb` MB inflated (the 1.4 MB → 400 MB file of issue 11). */
export function zipBombDocx(mb = 400): Buffer {
  const parts: Record<string, string | Predeflated> = docxParts(DOCUMENT);
  parts['word/document.xml'] = deflatedFiller(mb);
  return makeZip(parts);
}

/** The same bomb with headers that claim the document inflates to 20 KB. */
export function lyingZipBombDocx(mb = 400): Buffer {
  const parts: Record<string, string | Predeflated> = docxParts(DOCUMENT);
  parts['word/document.xml'] = deflatedFiller(mb);
  return makeZip(parts, { 'word/document.xml': { declaredSize: 20 * 1024 } });
}

/** "Billion laughs": a 1 KB document.xml whose entities expand to gigabytes in a parser that expands them. */
export const BILLION_LAUGHS = '<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE w:document [<!ENTITY lol "lol">' +
  Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('') +
  ']><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>';

export function entityBombDocx(): Buffer {
  return makeZip({ ...docxParts(DOCUMENT), 'word/document.xml': BILLION_LAUGHS }, { 'word/document.xml': { deflate: true } });
}
