import { ReportParseError } from '../errors';
import type { ParseWarning, ReportInput, SourceType } from '../types';
import { decodeTextBytes } from './detect-encoding';
import { docxToText, isDocxZip } from './docx';
import { htmlToText, looksLikeHtml, sniffHtmlCharset } from './html';
import { isOfdZip, ofdToText } from './ofd';
import { isPdf, pdfToText } from './pdf';

export interface DecodedReport {
  raw: string;
  encoding: string;
  sourceType: SourceType;
  warnings: ParseWarning[];
}

export const MAX_INPUT_BYTES = 50 * 1024 * 1024;

const startsWith = (b: Uint8Array, sig: number[]): boolean => sig.every((x, i) => b[i] === x);

/** Recognises the container from the bytes (name and MIME type only break ties) and returns its text. */
export async function decodeReport(input: ReportInput): Promise<DecodedReport> {
  const bytes = input.bytes;
  if (!bytes || bytes.length === 0) throw new ReportParseError('EMPTY', '报告文件为空');
  if (bytes.length > MAX_INPUT_BYTES) {
    throw new ReportParseError('TOO_LARGE', `报告文件过大（${bytes.length} 字节，上限 ${MAX_INPUT_BYTES} 字节）`);
  }
  const name = (input.fileName ?? '').toLowerCase();
  const mime = (input.mimeType ?? '').toLowerCase();

  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    if (isOfdZip(bytes)) {
      const ofd = await ofdToText(bytes);
      return { raw: ofd.text, encoding: 'utf-8', sourceType: 'ofd', warnings: ofd.warnings };
    }
    if (!isDocxZip(bytes)) throw new ReportParseError('UNSUPPORTED_TYPE', '不支持的压缩文件：只能读取 .docx 文档和 OFD 文件');
    return { raw: await docxToText(bytes), encoding: 'utf-8', sourceType: 'docx', warnings: [] };
  }
  if (isPdf(bytes)) {
    const pdf = await pdfToText(bytes);
    return { raw: pdf.text, encoding: 'utf-8', sourceType: 'pdf', warnings: pdf.warnings };
  }
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0])) {
    throw new ReportParseError('UNSUPPORTED_TYPE', '暂不支持旧版 Word（.doc/.wps）文件，请另存为 .docx');
  }
  if (startsWith(bytes, [0x7b, 0x5c, 0x72, 0x74, 0x66])) throw new ReportParseError('UNSUPPORTED_TYPE', '暂不支持 RTF 文件');
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47]) || startsWith(bytes, [0xff, 0xd8, 0xff]) ||
      startsWith(bytes, [0x47, 0x49, 0x46, 0x38])) {
    throw new ReportParseError('UNSUPPORTED_TYPE', '不支持图片文件，请上传文本、.docx、PDF 或网页');
  }

  const declared = sniffHtmlCharset(bytes);
  const decoded = decodeTextBytes(bytes, declared);
  const html = /\.html?$/.test(name) || mime.includes('html') ? /<[a-z!]/i.test(decoded.text.slice(0, 65536)) : false;
  if (html || looksLikeHtml(decoded.text)) {
    const page = htmlToText(decoded.text);
    return { raw: page.text, encoding: decoded.encoding, sourceType: 'html', warnings: decoded.warnings };
  }
  return { raw: decoded.text, encoding: decoded.encoding, sourceType: 'text', warnings: decoded.warnings };
}
