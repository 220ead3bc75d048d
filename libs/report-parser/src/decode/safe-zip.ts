import { createInflateRaw } from 'node:zlib';
import JSZip from 'jszip';
import { ReportParseError } from '../errors';

/**
 * Checks a zip container (.docx, .xlsx, later .ofd) before a reader that inflates it whole (mammoth, exceljs) sees it.
 * A few kilobytes can inflate to gigabytes, so the central directory is checked first (entry count, each entry's
 * declared size and compression ratio, the total), then every entry is inflated for real, counting and discarding the
 * output, stopping at the cap: a header that lies about the size cannot make us hold more than one inflate chunk.
 * The readers afterwards use the same central directory (mammoth and exceljs' `xlsx.load` read zips with jszip too).
 */
export interface ZipLimits {
  maxEntries: number;
  /** inflated bytes of all entries together */
  maxTotalBytes: number;
  /** inflated / compressed, for entries inflating past `ratioFloorBytes` (small entries compress very well too) */
  maxRatio: number;
  ratioFloorBytes: number;
  /** XML parts (*.xml, *.rels) declaring a DOCTYPE are refused: its entities can expand a small part a billion-fold */
  refuseXmlDoctype: boolean;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntries: 5000,
  maxTotalBytes: 50 * 1024 * 1024,
  maxRatio: 200,
  ratioFloorBytes: 1024 * 1024,
  refuseXmlDoctype: true,
};

export type ArchiveErrorCode = 'ARCHIVE_TOO_LARGE' | 'ARCHIVE_INVALID' | 'ARCHIVE_XML_DOCTYPE';

export class ArchiveError extends Error {
  override readonly name = 'ArchiveError';

  constructor(readonly code: ArchiveErrorCode, message: string, readonly details: Record<string, unknown> = {}) {
    super(message);
  }
}

export interface ZipEntryInfo {
  name: string;
  compressedBytes: number;
  inflatedBytes: number;
}

export interface CheckedZip {
  zip: JSZip;
  entries: ZipEntryInfo[];
  totalBytes: number;
}

/** What jszip keeps about an entry's stored bytes (not in its typings; stable across jszip 3.x). */
interface StoredData {
  compressedSize: number;
  uncompressedSize: number;
  compression: { magic: string } | null;
  compressedContent: Uint8Array;
}

const STORE = '\x00\x00';
const DEFLATE = '\x08\x00';
const MB = (n: number) => `${Math.round((n / 1048576) * 10) / 10} MB`;

const tooLarge = (what: string, details: Record<string, unknown>) =>
  new ArchiveError('ARCHIVE_TOO_LARGE', `压缩文件解压后过大（${what}），可能是损坏或恶意构造的文件，已拒绝读取`, details);

/** Entry count as the end-of-central-directory record says, read before jszip builds an object per entry. */
function declaredEntryCount(bytes: Uint8Array): number | null {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const floor = Math.max(0, view.length - 22 - 65535);
  for (let i = view.length - 22; i >= floor; i--) {
    if (view.readUInt32LE(i) === 0x06054b50) {
      const count = view.readUInt16LE(i + 10);
      return count === 0xffff ? null : count; // zip64: jszip reads the real count
    }
  }
  return null;
}

export async function checkZip(bytes: Uint8Array, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Promise<CheckedZip> {
  const declaredCount = declaredEntryCount(bytes);
  if (declaredCount !== null && declaredCount > limits.maxEntries) {
    throw tooLarge(`${declaredCount} 个文件，上限 ${limits.maxEntries}`, { entries: declaredCount, maxEntries: limits.maxEntries });
  }
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (err) {
    throw new ArchiveError('ARCHIVE_INVALID', `压缩文件已损坏，无法读取（${err instanceof Error ? err.message.split('\n')[0] : String(err)}）`);
  }
  const files = Object.values(zip.files).filter((f) => !f.dir);
  if (files.length > limits.maxEntries) {
    throw tooLarge(`${files.length} 个文件，上限 ${limits.maxEntries}`, { entries: files.length, maxEntries: limits.maxEntries });
  }

  // 1. what the central directory declares: refuses an honest bomb without inflating anything
  let declared = 0;
  const stored = files.map((f) => {
    const data = (f as unknown as { _data: StoredData })._data;
    declared += data.uncompressedSize;
    checkRatio(f.name, data.uncompressedSize, data.compressedSize, limits);
    return { name: f.name, data };
  });
  if (declared > limits.maxTotalBytes) {
    throw tooLarge(`声明 ${MB(declared)}，上限 ${MB(limits.maxTotalBytes)}`, { inflatedBytes: declared, maxBytes: limits.maxTotalBytes });
  }

  // 2. what the entries really inflate to, counted and thrown away, never past the cap
  const entries: ZipEntryInfo[] = [];
  let total = 0;
  for (const { name, data } of stored) {
    const magic = data.compression?.magic;
    if (magic !== STORE && magic !== DEFLATE) {
      throw new ArchiveError('ARCHIVE_INVALID', `压缩文件使用了不支持的压缩方式（${name}）`);
    }
    const budget = limits.maxTotalBytes - total;
    const xml = limits.refuseXmlDoctype && XML_PART.test(name);
    const inflated = magic === STORE
      ? storedSize(data.compressedContent, xml)
      : await inflatedSize(data.compressedContent, budget, xml);
    if (inflated === DOCTYPE_FOUND) {
      throw new ArchiveError('ARCHIVE_XML_DOCTYPE',
        `文档中的 ${name} 含有 DOCTYPE（XML 实体声明），Word/Excel 不会写入这种内容，可能是恶意构造的文件，已拒绝读取`, { entry: name });
    }
    if (inflated > budget) {
      throw tooLarge(`超过 ${MB(limits.maxTotalBytes)}`, { maxBytes: limits.maxTotalBytes, entry: name });
    }
    if (inflated !== data.uncompressedSize) {
      throw new ArchiveError('ARCHIVE_INVALID', `压缩文件已损坏：${name} 的实际大小与目录记录不符`, { entry: name });
    }
    checkRatio(name, inflated, data.compressedContent.length, limits);
    total += inflated;
    entries.push({ name, compressedBytes: data.compressedContent.length, inflatedBytes: inflated });
  }
  return { zip, entries, totalBytes: total };
}

function checkRatio(name: string, inflated: number, compressed: number, limits: ZipLimits): void {
  if (inflated > limits.ratioFloorBytes && inflated / Math.max(compressed, 1) > limits.maxRatio) {
    throw tooLarge(`${name} 压缩比超过 ${limits.maxRatio}:1`, { entry: name, maxRatio: limits.maxRatio });
  }
}

const XML_PART = /\.(?:xml|rels|vml)$/i;
const DOCTYPE = Buffer.from('<!DOCTYPE', 'latin1');
const DOCTYPE_FOUND = -1;

function storedSize(content: Uint8Array, xml: boolean): number {
  return xml && Buffer.from(content.buffer, content.byteOffset, content.byteLength).includes(DOCTYPE) ? DOCTYPE_FOUND : content.length;
}

/**
 * Inflates raw deflate data, counting the output; stops (and answers budget + 1) as soon as it passes `budget`.
 * `xml`: also looks for <!DOCTYPE across chunk boundaries and answers DOCTYPE_FOUND.
 */
function inflatedSize(compressed: Uint8Array, budget: number, xml: boolean): Promise<number> {
  return new Promise((resolve, reject) => {
    const inflate = createInflateRaw({ chunkSize: 1024 * 1024 });
    let n = 0;
    let done = false;
    const finish = (value: number | Error) => {
      if (done) return;
      done = true;
      if (value instanceof Error) reject(new ArchiveError('ARCHIVE_INVALID', `压缩文件已损坏，无法解压（${value.message}）`));
      else resolve(value);
    };
    let tail = Buffer.alloc(0);
    inflate.on('data', (chunk: Buffer) => {
      n += chunk.length;
      if (xml && !done) {
        if (Buffer.concat([tail, chunk.subarray(0, DOCTYPE.length)]).includes(DOCTYPE) || chunk.includes(DOCTYPE)) {
          inflate.destroy();
          finish(DOCTYPE_FOUND);
          return;
        }
        tail = Buffer.from(chunk.subarray(Math.max(0, chunk.length - DOCTYPE.length + 1)));
      }
      if (n > budget) {
        inflate.destroy();
        finish(budget + 1);
      }
    });
    inflate.on('end', () => finish(n));
    inflate.on('error', (err) => finish(err));
    inflate.end(compressed);
  });
}

/** checkZip for a report reader: refusals become the parser's own errors (413/415-class codes the API maps). */
export async function checkReportZip(bytes: Uint8Array, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Promise<CheckedZip> {
  try {
    return await checkZip(bytes, limits);
  } catch (err) {
    if (!(err instanceof ArchiveError)) throw err;
    const code = err.code === 'ARCHIVE_TOO_LARGE' ? 'ARCHIVE_TOO_LARGE' : err.code === 'ARCHIVE_XML_DOCTYPE' ? 'UNSAFE_XML' : 'UNDECODABLE';
    throw new ReportParseError(code, err.message);
  }
}
