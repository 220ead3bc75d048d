import { randomBytes } from 'node:crypto';
import { parseReport, ReportParseError } from '../src';
import { checkZip, DEFAULT_ZIP_LIMITS } from '../src/decode/safe-zip';
import { docxParts, makeDocx, makeZip } from './support/make-docx';
import { BILLION_LAUGHS, entityBombDocx, inflateAllMs, lyingZipBombDocx, zipBombDocx } from './support/hostile-files';

async function refusal(bytes: Buffer, fileName = 'hostile.docx'): Promise<ReportParseError> {
  try {
    await parseReport({ bytes, fileName });
  } catch (err) {
    if (err instanceof ReportParseError) return err;
    throw err;
  }
  throw new Error('parsed a file that should have been refused');
}

/** time and heap growth of `work`, measured from a collected heap when --expose-gc allows */
async function measured<T>(work: () => Promise<T>): Promise<{ result: T; ms: number; heapMb: number }> {
  (global as { gc?: () => void }).gc?.();
  const before = process.memoryUsage();
  let peak = before.heapUsed + before.arrayBuffers;
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    peak = Math.max(peak, m.heapUsed + m.arrayBuffers);
  }, 5);
  const t0 = process.hrtime.bigint();
  try {
    const result = await work();
    const m = process.memoryUsage();
    peak = Math.max(peak, m.heapUsed + m.arrayBuffers);
    return { result, ms: Number(process.hrtime.bigint() - t0) / 1e6, heapMb: (peak - before.heapUsed - before.arrayBuffers) / 1048576 };
  } finally {
    clearInterval(timer);
  }
}

describe('zip archives are checked before they are inflated', () => {
  it('an ordinary .docx still reads', async () => {
    const parsed = await parseReport({ bytes: makeDocx('甲县关于2025年法治建设的报告\n一、存在的问题\n（一）执法不规范。\n二、下一步打算\n（一）加强培训。'), fileName: 'a.docx' });
    expect(parsed.sourceType).toBe('docx');
    expect(parsed.problems.map((p) => p.text)).toEqual(['执法不规范。']);
  });

  it('a .docx declaring 400 MB inflated is refused at once, without inflating it', async () => {
    const bomb = zipBombDocx(400);
    expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
    const { result: err, ms, heapMb } = await measured(() => refusal(bomb));
    const inflateMs = await inflateAllMs(400);
    expect(err.code).toBe('ARCHIVE_TOO_LARGE');
    expect(err.message).toContain('解压后过大');
    // a same-run ratio, not a wall-clock bound: refusing it must cost a small part of inflating it
    expect(ms / inflateMs).toBeLessThan(0.2);
    expect(heapMb).toBeLessThan(100);
    console.log(`zip bomb refused in ${ms.toFixed(0)} ms (inflating it: ${inflateMs.toFixed(0)} ms), +${heapMb.toFixed(1)} MB`);
  }, 30_000); // the yardstick inflates 400 MB: seconds on a busy machine

  it('a .docx whose headers claim 20 KB but inflate to 400 MB stops at the cap', async () => {
    const bomb = lyingZipBombDocx(400);
    const { result: err, ms, heapMb } = await measured(() => refusal(bomb));
    const inflateMs = await inflateAllMs(400);
    expect(err.code).toBe('ARCHIVE_TOO_LARGE');
    // inflated up to the 50 MB cap, an eighth of the whole, and not a byte beyond
    expect(ms / inflateMs).toBeLessThan(0.5);
    expect(heapMb).toBeLessThan(100);
    console.log(`lying zip bomb refused in ${ms.toFixed(0)} ms (inflating it: ${inflateMs.toFixed(0)} ms), +${heapMb.toFixed(1)} MB`);
  }, 30_000); // the yardstick inflates 400 MB: seconds on a busy machine

  it('too many entries are refused from the end record', async () => {
    const files: Record<string, string> = { ...docxParts('报告') };
    for (let i = 0; i < DEFAULT_ZIP_LIMITS.maxEntries; i++) files[`customXml/item${i}.xml`] = '<a/>';
    const err = await refusal(makeZip(files));
    expect(err.code).toBe('ARCHIVE_TOO_LARGE');
    expect(err.message).toContain(`上限 ${DEFAULT_ZIP_LIMITS.maxEntries}`);
  });

  it('an entry inflating to something other than its declared size is refused as damaged', async () => {
    const zip = makeZip({ ...docxParts('报告'), 'word/document.xml': '<w:document/>'.repeat(1000) },
      { 'word/document.xml': { deflate: true, declaredSize: 100 } });
    await expect(checkZip(zip)).rejects.toMatchObject({ code: 'ARCHIVE_INVALID' });
  });
});

describe('XML entity declarations are refused', () => {
  it('a .docx whose document declares entities (billion laughs)', async () => {
    const err = await refusal(entityBombDocx());
    expect(err.code).toBe('UNSAFE_XML');
    expect(err.message).toContain('DOCTYPE');
  });

  it('a <!DOCTYPE split across two inflate chunks is still found', async () => {
    // a comment of incompressible text (a run of spaces would trip the ratio check first) puts <!DOCTYPE at 1 MB - 4
    const filler = randomBytes(1024 * 1024).toString('base64').slice(0, 1024 * 1024 - 4 - '<!---->'.length);
    const xml = `<!--${filler}-->` + BILLION_LAUGHS.slice('<?xml version="1.0" encoding="UTF-8"?>'.length);
    expect(xml.indexOf('<!DOCTYPE')).toBe(1024 * 1024 - 4);
    const zip = makeZip({ ...docxParts('报告'), 'word/document.xml': xml }, { 'word/document.xml': { deflate: true } });
    await expect(checkZip(zip)).rejects.toMatchObject({ code: 'ARCHIVE_XML_DOCTYPE' });
  });

  it('a saved web page declaring entities', async () => {
    const page = '<!DOCTYPE html [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><html><body><p>&b;</p></body></html>';
    const err = await refusal(Buffer.from(page), 'page.html');
    expect(err.code).toBe('UNSAFE_XML');
  });

  it('an ordinary <!DOCTYPE html> page still reads', async () => {
    const page = '<!DOCTYPE html><html><head><title>报告</title></head><body><p>甲县关于2025年法治建设情况的报告</p><p>一、存在的问题</p><p>（一）执法不规范。</p></body></html>';
    const parsed = await parseReport({ bytes: Buffer.from(page), fileName: 'page.html' });
    expect(parsed.sourceType).toBe('html');
  });
});
