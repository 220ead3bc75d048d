import * as iconv from 'iconv-lite';
import * as jschardet from 'jschardet';
import { ReportParseError } from '../errors';
import type { ParseWarning } from '../types';

export interface DecodedText {
  text: string;
  encoding: string;
  warnings: ParseWarning[];
}

const SNIFF_BYTES = 64 * 1024;

/** Encodings we decode, keyed by what detectors and meta tags call them. */
const CHINESE_ALIASES: Record<string, string> = {
  gb2312: 'gb18030', gbk: 'gb18030', gb18030: 'gb18030', 'x-gbk': 'gb18030', cp936: 'gb18030',
  'euc-cn': 'gb18030', big5: 'big5', 'big5-hkscs': 'big5', 'utf-8': 'utf-8', utf8: 'utf-8',
  'utf-16le': 'utf-16le', 'utf-16be': 'utf-16be', 'utf-16': 'utf-16le', ascii: 'utf-8',
  'windows-1252': 'windows-1252', 'iso-8859-1': 'windows-1252',
};

export function canonicalEncoding(name: string | null | undefined): string | null {
  if (!name) return null;
  const key = name.trim().toLowerCase();
  return CHINESE_ALIASES[key] ?? (iconv.encodingExists(key) ? key : null);
}

/**
 * Decodes plain-text bytes. The encoding comes from the bytes only (BOM, UTF-8 validity, then a
 * statistical detector), never from the file name.
 */
export function decodeTextBytes(bytes: Uint8Array, declared?: string | null): DecodedText {
  const warnings: ParseWarning[] = [];
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return finish(decodeWith(bytes.subarray(3), 'utf-8'), 'utf-8', warnings);
  }
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return finish(decodeWith(bytes.subarray(2), 'utf-16le'), 'utf-16le', warnings);
  }
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    return finish(decodeWith(bytes.subarray(2), 'utf-16be'), 'utf-16be', warnings);
  }
  const utf16 = sniffBomlessUtf16(bytes);
  if (utf16) {
    warnings.push({ code: 'ENCODING_GUESSED', message: `文本没有字节顺序标记，按 ${utf16.toUpperCase()} 解码` });
    return finish(decodeWith(bytes, utf16), utf16, warnings);
  }
  if (hasNul(bytes)) {
    throw new ReportParseError('UNDECODABLE', '无法识别的二进制文件，不是可读的文本报告');
  }
  const utf8 = strictUtf8(bytes);
  if (utf8 !== null) {
    if (utf8.truncated) warnings.push({ code: 'TRUNCATED', message: '文件末尾的字符不完整，文件可能被截断' });
    return finish(utf8.text, 'utf-8', warnings);
  }
  const fromMeta = canonicalEncoding(declared);
  const encoding = fromMeta && fromMeta !== 'utf-8' ? fromMeta : detectLegacy(bytes);
  return finish(decodeWith(bytes, encoding), encoding, warnings);
}

function finish(text: string, encoding: string, warnings: ParseWarning[]): DecodedText {
  assertReadable(text);
  return { text, encoding, warnings };
}

function decodeWith(bytes: Uint8Array, encoding: string): string {
  if (encoding === 'utf-8' || encoding === 'utf-16le' || encoding === 'utf-16be') {
    return new TextDecoder(encoding).decode(bytes);
  }
  return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), encoding);
}

function hasNul(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, SNIFF_BYTES);
  for (let i = 0; i < n; i++) if (bytes[i] === 0) return true;
  return false;
}

/** UTF-16 without BOM is only recognisable when much of it is ASCII (zero high bytes). */
function sniffBomlessUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(bytes.length, SNIFF_BYTES) & ~1;
  if (n < 16) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZero++;
    if (bytes[i + 1] === 0) oddZero++;
  }
  const pairs = n / 2;
  if (oddZero / pairs > 0.3 && evenZero / pairs < 0.02) return 'utf-16le';
  if (evenZero / pairs > 0.3 && oddZero / pairs < 0.02) return 'utf-16be';
  return null;
}

/** Valid UTF-8, allowing one incomplete sequence at the very end (a truncated file). */
function strictUtf8(bytes: Uint8Array): { text: string; truncated: boolean } | null {
  const fatal = new TextDecoder('utf-8', { fatal: true });
  try {
    return { text: fatal.decode(bytes), truncated: false };
  } catch {
    for (let cut = 1; cut <= 3 && cut < bytes.length; cut++) {
      const b = bytes[bytes.length - cut];
      if (b < 0x80) break;
      if (b >= 0xc0) {
        try {
          return { text: fatal.decode(bytes.subarray(0, bytes.length - cut)), truncated: true };
        } catch {
          return null;
        }
      }
    }
    return null;
  }
}

function detectLegacy(bytes: Uint8Array): string {
  const sample = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, SNIFF_BYTES));
  let guess: string | null;
  try {
    guess = canonicalEncoding(jschardet.detect(sample).encoding);
  } catch {
    guess = null;
  }
  // Reports are Chinese: a single-byte guess on invalid UTF-8 is almost always GBK misread.
  if (guess === 'big5' || guess === 'gb18030') return guess;
  return 'gb18030';
}

/** Rejects decodes that are mostly control characters or replacement characters (binary data). */
function assertReadable(text: string): void {
  const n = Math.min(text.length, SNIFF_BYTES);
  if (n === 0) return;
  let bad = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0xfffd || (c < 0x20 && c !== 9 && c !== 10 && c !== 13 && c !== 12) || c === 0x7f) bad++;
  }
  if (bad / n > 0.02) {
    throw new ReportParseError('UNDECODABLE', '无法解码文本：包含大量乱码或控制字符，可能不是文本文件');
  }
}
