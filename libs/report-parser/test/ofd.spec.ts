import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseReport, ReportParseError } from '../src';
import { MAX_OFD_PAGES, ofdToText } from '../src/decode/ofd';
import { BILLION_LAUGHS, deflatedFiller, inflateAllMs } from './support/hostile-files';
import { makeZip, type Predeflated } from './support/make-docx';
import { deltaX, makeOfd, OFD_NS, ofdParts, type OfdOptions } from './support/make-ofd';
import { spanMismatches } from './support/golden';

// OFD files written by test/support/make-ofd.ts the way 数科/福昕/书生 and Word → OFD converters write them.
const source = (name: string) => readFileSync(join(__dirname, 'support', 'pdf-reports', name), 'utf8');
const squash = (s: string) => s.replace(/\s+/g, '');
const market = source('market-bureau-2025.txt');
const town = source('town-2024.txt');

const parseOfd = (bytes: Buffer) => parseReport({ bytes, fileName: 'report.ofd' });

async function refusal(bytes: Buffer): Promise<ReportParseError> {
  try {
    await parseOfd(bytes);
  } catch (err) {
    if (err instanceof ReportParseError) return err;
    throw err;
  }
  throw new Error('parsed a file that should have been refused');
}

/** A one-page package whose page content is `layer` (text objects written by hand). */
function withLayer(layer: string, extra: Record<string, string | Buffer | Predeflated> = {}): Buffer {
  const parts: Record<string, string | Buffer | Predeflated> = ofdParts('甲\n乙\n丙\n丁');
  parts['Doc_0/Pages/Page_0/Content.xml'] = `<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="${OFD_NS}">` +
    `<ofd:Content><ofd:Layer ID="1">${layer}</ofd:Layer></ofd:Content></ofd:Page>`;
  return makeZip({ ...parts, ...extra });
}
const textObject = (x: number, y: number, code: string, size = 5.6) =>
  `<ofd:TextObject ID="9" Boundary="${x} ${y} 150 7" Font="2" Size="${size}">${code}</ofd:TextObject>`;

describe('OFD reports', () => {
  const styles: [string, OfdOptions][] = [
    ['one text object per line, in reading order', { objects: 'line' }],
    ['one object per run of characters with DeltaX, shuffled, page numbers and a running header', {
      objects: 'run', shuffle: 7, pageNumbers: true, header: '丙区市场监督管理局文件' }],
    ['one object per character, shuffled, no ofd: prefix, header in a template page', {
      objects: 'char', shuffle: 3, noPrefix: true, templateHeader: '丙区市场监督管理局文件', pageNumbers: true }],
  ];

  it.each(styles)('reads %s: every word in reading order, nothing inserted, page furniture gone', async (_, options) => {
    const sut = await parseOfd(makeOfd(market, options));
    expect(sut).toMatchObject({ sourceType: 'ofd', encoding: 'utf-8', title: '丙区市场监督管理局2025年法治政府建设情况报告',
      organization: '丙区市场监督管理局', reportYear: 2025, planYear: 2026, reportDate: '2026-01-20' });
    expect(squash(sut.text)).toBe(squash(market));
    expect(sut.text).not.toMatch(/— \d+ —/);
    expect(sut.text).not.toContain('丙区市场监督管理局文件');
    expect(sut.text).toContain('对首次轻微违法且及时改正的132家经营主体');
    // a paragraph's printed lines joined with nothing between them, the next one on a line of its own
    expect(sut.text).toContain('\n（一）加强执法队伍建设。制定执法人员分级培训计划，2026年6月底前完成全员轮训，');
    expect(sut.text.endsWith('\n丙区市场监督管理局\n2026年1月20日')).toBe(true);
    expect(sut.measures.map((m) => m.heading)).toEqual(['加强执法队伍建设', '深化信用监管', '精准开展普法服务', '提升执法信息化水平']);
    expect(sut.problems.map((p) => p.ordinal).slice(0, 4)).toEqual(['一是', '二是', '三是', '四是']);
    expect(spanMismatches(sut)).toEqual([]);
  });

  it('keeps each page apart with a form feed, as for a PDF', async () => {
    const options: OfdOptions = { objects: 'run', pageNumbers: true };
    const pages = Object.keys(ofdParts(market, options)).filter((k) => k.startsWith('Doc_0/Pages/')).length;
    expect(pages).toBeGreaterThanOrEqual(2);
    const sut = await ofdToText(makeOfd(market, options));
    expect(sut.pages).toBe(pages);
    expect(sut.text.split('\n\f\n').length).toBe(pages);
  });

  it('reads a one-page report written per line, with its items and spans', async () => {
    const sut = await parseOfd(makeOfd(town, { objects: 'line', pageNumbers: true }));
    expect(sut).toMatchObject({ title: '丁县戊镇人民政府2024年度法治政府建设情况报告', organization: '丁县戊镇人民政府',
      reportYear: 2024, planYear: 2025, reportDate: '2025-01-15' });
    expect(sut.measures.map((m) => m.ordinal)).toEqual(['1.', '2.', '3.']);
    expect(sut.measures[2].text).toBe('规范村规民约。由镇司法所牵头，10月底前完成全镇村规民约合法性审查和修订工作。');
    expect(spanMismatches(sut)).toEqual([]);
  });

  it('places glyphs by DeltaX with its g repeats, and a TextCode without X takes the X of the one before', async () => {
    // 甲乙丙 then a 20 mm jump (a tab stop): one space; two lines of one object, the second giving only its Y
    const sut = await parseOfd(withLayer(
      textObject(30, 40, '<ofd:TextCode X="0" Y="5.6" DeltaX="g 2 5.6 20">甲乙丙丁</ofd:TextCode>') +
      textObject(30, 60, '<ofd:TextCode X="0" Y="5.6" DeltaX="g 3 2.8 5.6">2025年度</ofd:TextCode><ofd:TextCode Y="15.6">第二行</ofd:TextCode>') +
      textObject(30, 90, '<ofd:TextCode X="0" Y="5.6" DeltaX="2.8 2.8 2.8 5.6 g 3 2.8">ISO 9001&amp;认证</ofd:TextCode>')));
    expect(sut.text.split('\n')).toEqual(['甲乙丙 丁', '2025年度', '第二行', 'ISO 9001&认证']);
  });

  it('expands a g repeat no further than the glyphs it places (a DeltaX of a billion entries costs nothing)', async () => {
    const t0 = Date.now();
    const sut = await parseOfd(withLayer(textObject(30, 40, '<ofd:TextCode X="0" Y="5.6" DeltaX="g 1000000000 5.6">甲乙</ofd:TextCode>')));
    expect(sut.text).toBe('甲乙');
    expect(Date.now() - t0).toBeLessThan(1000);
  });

  it('scales a text object by its CTM', async () => {
    // Size 1 and DeltaX in units of the object, which its CTM scales to 5.6 mm: no gap between the glyphs
    const sut = await parseOfd(withLayer(
      '<ofd:TextObject ID="9" Boundary="30 40 150 7" Font="2" Size="1" CTM="5.6 0 0 5.6 0 0">' +
      '<ofd:TextCode X="0" Y="1" DeltaX="g 3 1">一、总则</ofd:TextCode></ofd:TextObject>' +
      textObject(30, 60, '<ofd:TextCode X="0" Y="5.6">正文。</ofd:TextCode>')));
    expect(sut.text.split('\n')).toEqual(['一、总则', '正文。']);
  });

  it('leaves out turned text: a diagonal watermark across the page', async () => {
    const watermark = '<ofd:TextObject ID="8" Boundary="40 120 150 150" Font="2" Size="12" CTM="0.7071 -0.7071 0.7071 0.7071 0 100">' +
      '<ofd:TextCode X="0" Y="12" DeltaX="g 3 14">仅供内部参阅</ofd:TextCode></ofd:TextObject>';
    const sut = await parseOfd(withLayer(textObject(30, 40, '<ofd:TextCode X="0" Y="5.6">（一）加强培训。</ofd:TextCode>') + watermark +
      textObject(30, 200, '<ofd:TextCode X="0" Y="5.6">（二）完善制度。</ofd:TextCode>')));
    expect(sut.text.split('\n')).toEqual(['（一）加强培训。', '（二）完善制度。']);
  });

  it('finds pages by absolute BaseLoc and by one written from the package root', async () => {
    const parts: Record<string, string | Buffer> = ofdParts(town, { objects: 'line' });
    const doc = parts['Doc_0/Document.xml'] as string;
    parts['Doc_0/Document.xml'] = doc.replace('BaseLoc="Pages/Page_0/Content.xml"', 'BaseLoc="/Doc_0/Pages/Page_0/Content.xml"');
    expect(squash((await parseOfd(makeZip(parts))).text)).toBe(squash(town));
    parts['Doc_0/Document.xml'] = doc.replace('BaseLoc="Pages/Page_0/Content.xml"', 'BaseLoc="Doc_0/Pages/Page_0/Content.xml"');
    expect(squash((await parseOfd(makeZip(parts))).text)).toBe(squash(town));
  });

  it('orders objects by position, not by their order in the file, and groups a line by its baseline', async () => {
    // the second half of a line written first, a slightly lower baseline for a full-width bracket run
    const sut = await parseOfd(withLayer(
      textObject(58, 80.2, '<ofd:TextCode X="0" Y="5.6">（二）</ofd:TextCode>') +
      textObject(41.2, 60, '<ofd:TextCode X="0" Y="5.6" DeltaX="g 3 5.6">完善机制。</ofd:TextCode>') +
      textObject(30, 60, '<ofd:TextCode X="0" Y="5.6">（一）</ofd:TextCode>') +
      textObject(74.8, 80, '<ofd:TextCode X="0" Y="5.6">加强培训。</ofd:TextCode>')));
    expect(sut.text.split('\n')).toEqual(['（一）完善机制。', '（二）加强培训。']);
  });

  it('refuses a scan (pages that are only pictures) as NO_TEXT, saying OCR is not supported', async () => {
    const err = await refusal(makeOfd(town, { scanned: true }));
    expect(err.code).toBe('NO_TEXT');
    expect(err.message).toContain('扫描件');
    expect(err.message).toContain('OCR');
  });

  it('refuses an OFD without any text or picture as empty', async () => {
    expect((await refusal(withLayer(''))).code).toBe('EMPTY');
  });

  it('refuses a zip bomb inside an OFD at once, without inflating it', async () => {
    const parts: Record<string, string | Buffer | Predeflated> = ofdParts(town);
    parts['Doc_0/Pages/Page_0/Content.xml'] = deflatedFiller(400);
    const bomb = makeZip(parts);
    const t0 = process.hrtime.bigint();
    const err = await refusal(bomb);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    const inflateMs = await inflateAllMs(400);
    expect(err.code).toBe('ARCHIVE_TOO_LARGE');
    expect(err.message).toContain('解压后过大');
    // a same-run ratio, not a wall-clock bound: refusing it must cost a small part of inflating it
    expect(ms / inflateMs).toBeLessThan(0.2);
    console.log(`OFD zip bomb refused in ${ms.toFixed(0)} ms (inflating it: ${inflateMs.toFixed(0)} ms)`);
  }, 30_000); // the yardstick inflates 400 MB: seconds on a busy machine

  it('refuses a zip bomb whose headers lie about its size when inflating passes the cap', async () => {
    const parts: Record<string, string | Buffer | Predeflated> = ofdParts(town);
    parts['Doc_0/Pages/Page_0/Content.xml'] = deflatedFiller(400);
    const t0 = Date.now();
    const err = await refusal(makeZip(parts, { 'Doc_0/Pages/Page_0/Content.xml': { declaredSize: 20 * 1024 } }));
    expect(err.code).toBe('ARCHIVE_TOO_LARGE');
    expect(Date.now() - t0).toBeLessThan(1500);
  });

  it('refuses entity declarations (billion laughs) in a page, whatever the entry is called', async () => {
    const bomb = BILLION_LAUGHS.replace(/w:document/g, 'ofd:Page');
    const asXml = await refusal(withLayer('', { 'Doc_0/Pages/Page_0/Content.xml': bomb }));
    expect(asXml.code).toBe('UNSAFE_XML');
    expect(asXml.message).toContain('DOCTYPE');
    const parts: Record<string, string | Buffer> = ofdParts('甲\n乙\n丙\n丁');
    parts['Doc_0/Document.xml'] = (parts['Doc_0/Document.xml'] as string).replace('Pages/Page_0/Content.xml', 'Pages/Page_0/page.dat');
    parts['Doc_0/Pages/Page_0/page.dat'] = bomb;
    const elsewhere = await refusal(makeZip(parts));
    expect(elsewhere.code).toBe('UNSAFE_XML');
  });

  it(`refuses more than ${MAX_OFD_PAGES} pages before reading them`, async () => {
    const parts: Record<string, string | Buffer> = ofdParts('甲\n乙\n丙\n丁');
    const refs = Array.from({ length: MAX_OFD_PAGES + 1 }, (_, i) => `<ofd:Page ID="${i + 10}" BaseLoc="Pages/Page_0/Content.xml"/>`).join('');
    parts['Doc_0/Document.xml'] = (parts['Doc_0/Document.xml'] as string).replace(/<ofd:Pages>.*<\/ofd:Pages>/, `<ofd:Pages>${refs}</ofd:Pages>`);
    const err = await refusal(makeZip(parts));
    expect(err.code).toBe('ARCHIVE_TOO_LARGE');
    expect(err.message).toContain('页数过多');
  });

  it('names the missing part of an incomplete package', async () => {
    const parts: Record<string, string | Buffer> = ofdParts('甲\n乙\n丙\n丁');
    delete parts['Doc_0/Pages/Page_0/Content.xml'];
    const err = await refusal(makeZip(parts));
    expect(err.code).toBe('UNDECODABLE');
    expect(err.message).toContain('Doc_0/Pages/Page_0/Content.xml');
  });

  it('says which zips it reads when a zip is neither a .docx nor an OFD', async () => {
    const err = await refusal(makeZip({ 'readme.txt': '报告' }));
    expect(err.code).toBe('UNSUPPORTED_TYPE');
    expect(err.message).toContain('OFD');
  });

  it('folds equal advances into the g form', () => {
    expect(deltaX([5.6, 5.6, 5.6, 2.8, 5.6])).toBe('g 3 5.6 2.8 5.6');
  });
});
