import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as iconv from 'iconv-lite';
import { parseReport, ReportParseError, type ParsedReport } from '../src';
import { makeDocx, makeZip } from './support/make-docx';
import { fold, foldItems, spanMismatches } from './support/golden';

const fixture = (name: string): string => readFileSync(join(__dirname, 'fixtures', name), 'utf8');

const essentials = (r: ParsedReport) => ({
  title: r.title && fold(r.title), organization: r.organization && fold(r.organization), reportYear: r.reportYear,
  planYear: r.planYear, reportDate: r.reportDate, docNumber: r.docNumber && fold(r.docNumber), signer: r.signer,
  problems: foldItems(r.problems), measures: foldItems(r.measures), suggestions: foldItems(r.suggestions),
});

const toAsciiPunctuation = (s: string): string =>
  s.replace(/，/g, ',').replace(/：/g, ':').replace(/；/g, ';').replace(/（/g, '(').replace(/）/g, ')').replace(/！/g, '!');

const asHtml = (text: string, charset: string): string => [
  '<!DOCTYPE html><html><head>', `<meta http-equiv="Content-Type" content="text/html; charset=${charset}">`,
  '<title>报告</title><script>var a = "一是不应出现";</script><style>p{margin:0}</style></head><body>',
  '<div class="nav"><a href="/">首页</a> | <a href="/a">机构概况</a> | <a href="/b">政务公开</a></div>',
  '<div id="content">', ...text.split('\n').map((l) => `<p>${l}</p>`), '</div>',
  '<div class="footer">版权所有 某某县人民政府 ICP备00000000号</div></body></html>',
].join('\n');

describe.each(['county-justice-bureau.txt', 'no-title-bureau.txt', 'leaders-duty.txt'])('%s in every container and encoding', (name) => {
  const text = fixture(name);
  let reference: ParsedReport;

  beforeAll(async () => {
    reference = await parseReport({ bytes: Buffer.from(text, 'utf8'), fileName: name });
  });

  const variants: [string, () => Buffer, string, string?][] = [
    ['UTF-8 with BOM', () => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]), 'utf-8'],
    ['UTF-16LE with BOM', () => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]), 'utf-16le'],
    ['UTF-16BE with BOM', () => iconv.encode(text, 'utf-16be', { addBOM: true }), 'utf-16be'],
    ['GBK', () => iconv.encode(text, 'gbk'), 'gb18030'],
    ['GB18030 with CRLF', () => iconv.encode(text.replace(/\n/g, '\r\n'), 'gb18030'), 'gb18030'],
    ['CRLF', () => Buffer.from(text.replace(/\n/g, '\r\n')), 'utf-8'],
    ['ASCII punctuation', () => Buffer.from(toAsciiPunctuation(text)), 'utf-8'],
    ['.docx', () => makeDocx(text), 'utf-8', 'report.docx'],
    ['web page in GBK', () => iconv.encode(asHtml(text, 'gbk'), 'gbk'), 'gb18030', 'report.htm'],
    ['web page without a telling name', () => Buffer.from(asHtml(text, 'utf-8')), 'utf-8', 'download'],
  ];

  it.each(variants)('%s', async (_label, make, encoding, fileName = 'report.txt') => {
    const sut = await parseReport({ bytes: make(), fileName });
    expect(sut.encoding).toBe(encoding);
    expect(spanMismatches(sut)).toEqual([]);
    expect(essentials(sut)).toEqual(essentials(reference));
  });

  it('does not take the encoding from the file name', async () => {
    const sut = await parseReport({ bytes: iconv.encode(text, 'gbk'), fileName: 'report-utf8.txt', mimeType: 'text/plain; charset=utf-8' });
    expect(sut.encoding).toBe('gb18030');
    expect(essentials(sut)).toEqual(essentials(reference));
  });
});

describe('.docx with Word list numbering', () => {
  it('gives automatically numbered paragraphs their enumerator back', async () => {
    const text = fixture('county-justice-bureau.txt');
    const reference = await parseReport({ bytes: Buffer.from(text), fileName: 'a.txt' });
    const sut = await parseReport({ bytes: makeDocx(text, /^\u3000*\d\.(?=\S)/), fileName: 'a.docx' });
    expect(sut.text).toContain('1.深化执法规范化建设');
    expect(sut.measures.map((m) => [m.ordinal, m.text])).toEqual(reference.measures.map((m) => [m.ordinal, m.text]));
  });
});

describe('input the parser refuses', () => {
  const code = async (bytes: Uint8Array, fileName?: string): Promise<string> => {
    try {
      await parseReport({ bytes, fileName });
    } catch (err) {
      expect(err).toBeInstanceOf(ReportParseError);
      expect((err as Error).message).not.toContain('\n');
      return (err as ReportParseError).code;
    }
    return 'parsed';
  };

  it('empty file', async () => expect(await code(new Uint8Array())).toBe('EMPTY'));
  it('only white space', async () => expect(await code(Buffer.from(' \r\n\u3000\n'))).toBe('EMPTY'));
  it('a PDF that is only its header', async () => expect(await code(Buffer.from('%PDF-1.7\n...'))).toBe('UNDECODABLE'));
  it('legacy .doc', async () => expect(await code(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))).toBe('UNSUPPORTED_TYPE'));
  it('zip that is not a .docx', async () => expect(await code(makeZip({ 'a.txt': 'hello' }))).toBe('UNSUPPORTED_TYPE'));
  it('truncated .docx', async () => {
    const docx = makeDocx(fixture('leaders-duty.txt'));
    expect(await code(docx.subarray(0, Math.floor(docx.length * 0.6)), 'x.docx')).toBe('UNDECODABLE');
  });
  it('binary data', async () => expect(await code(Buffer.from([1, 2, 3, 0, 0, 5, 6, 7, 8, 9, 0, 11, 12]))).toBe('UNDECODABLE'));
});
