import * as mammoth from 'mammoth';
import { ReportParseError } from '../errors';

/** Paragraph text of a .docx in document order, one paragraph per line. */
export async function docxToText(bytes: Uint8Array): Promise<string> {
  let value: string;
  try {
    ({ value } = await mammoth.extractRawText({ buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) }));
  } catch (err) {
    const why = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new ReportParseError('UNDECODABLE', `无法读取 Word 文档（${why}）`);
  }
  return value.replace(/\n{2,}/g, '\n');
}

/** A zip whose entries include word/document.xml (checked on the central directory names). */
export function isDocxZip(bytes: Uint8Array): boolean {
  const probe = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return probe.includes('word/document.xml', 0, 'latin1');
}
