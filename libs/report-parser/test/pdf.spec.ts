import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseReport, ReportParseError } from '../src';
import { spanMismatches } from './support/golden';

// PDFs made the way real ones are (test/support/make-pdf-fixtures.ts): Chromium printing a web page with page
// numbers in the footer, LibreOffice converting a .docx, and a scan (a page that is one picture).
const pdf = (name: string) => readFileSync(join(__dirname, 'fixtures', name));
const source = (name: string) => readFileSync(join(__dirname, 'support', 'pdf-reports', name), 'utf8');
const squash = (s: string) => s.replace(/\s+/g, '');

describe('PDF with a text layer', () => {
  it('reads a web page printed by Chromium: every word in reading order, Chinese without inserted spaces', async () => {
    const sut = await parseReport({ bytes: pdf('pdf/market-bureau-2025.chromium.pdf'), fileName: 'report.pdf' });
    expect(sut).toMatchObject({ sourceType: 'pdf', encoding: 'utf-8', title: '丙区市场监督管理局2025年法治政府建设情况报告',
      organization: '丙区市场监督管理局', reportYear: 2025, planYear: 2026 });
    // the printed lines, page numbers and all, hold exactly the words of the report in order
    const withoutPageNumbers = sut.text.split('\n').filter((l) => !/^— \d+ —$/.test(l)).join('\n');
    expect(squash(withoutPageNumbers)).toBe(squash(source('market-bureau-2025.txt')));
    expect(sut.text).toContain('\n2026年6月底前完成全员轮训'); // a line as printed, not glued to the one above
    expect(spanMismatches(sut)).toEqual([]);
  });

  it('keeps the pages: footers stay on lines of their own, in page order', async () => {
    const sut = await parseReport({ bytes: pdf('pdf/market-bureau-2025.chromium.pdf'), fileName: 'report.pdf' });
    const footers = sut.text.split('\n').filter((l) => /^— \d+ —$/.test(l));
    expect(footers).toEqual(['— 1 —', '— 2 —', '— 3 —', '— 4 —']);
  });

  it('finds the problems and the measures whose first lines are their own', async () => {
    const sut = await parseReport({ bytes: pdf('pdf/market-bureau-2025.chromium.pdf'), fileName: 'report.pdf' });
    expect(sut.problems.map((p) => p.ordinal).slice(0, 4)).toEqual(['一是', '二是', '三是', '四是']);
    expect(squash(sut.problems[0].text)).toBe('执法人员力量与监管任务不相匹配，基层市场监管所平均每名执法人员监管经营主体超过900户，新招录人员执法经验不足，办案质量参差不齐。');
    expect(sut.measures.map((m) => m.heading)).toEqual(['加强执法队伍建设', '深化信用监管', '精准开展普法服务', '提升执法信息化水平']);
    expect(squash(sut.measures[1].text)).toContain('会同区发展改革委等部门将跨部门联合抽查比例提高到30%以上');
  });

  it('reads a .docx converted by LibreOffice, without the gaps it leaves between Chinese and digits', async () => {
    const sut = await parseReport({ bytes: pdf('pdf/town-2024.libreoffice.pdf') });
    expect(sut).toMatchObject({ sourceType: 'pdf', title: '丁县戊镇人民政府2024年度法治政府建设情况报告',
      organization: '丁县戊镇人民政府', reportYear: 2024, planYear: 2025, reportDate: '2025-01-15' });
    expect(squash(sut.text)).toBe(squash(source('town-2024.txt')));
    expect(sut.text).toContain('10月底前完成');
    expect(sut.measures.map((m) => m.ordinal)).toEqual(['1.', '2.', '3.']);
    expect(spanMismatches(sut)).toEqual([]);
  });
});

describe('PDF with a scanned page among printed ones', () => {
  it('imports the text it has and names the pages it could not read', async () => {
    const sut = await parseReport({ bytes: pdf('pdf-partly-scanned/town-2024-scanned-annex.pdf') });
    expect(sut.title).toBe('丁县戊镇人民政府2024年度法治政府建设情况报告');
    expect(sut.warnings).toContainEqual({ code: 'PDF_PAGES_WITHOUT_TEXT', message: expect.stringContaining('第 2 页') });
  });
});

describe('PDF without text', () => {
  const refusal = async (bytes: Uint8Array): Promise<ReportParseError> => {
    const err = await parseReport({ bytes, fileName: 'scan.pdf' }).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(ReportParseError);
    return err as ReportParseError;
  };

  it('refuses a scan (pages that are pictures) and says to upload the Word or text version', async () => {
    const err = await refusal(pdf('pdf-refused/market-bureau-2025.scanned.pdf'));
    expect(err.code).toBe('NO_TEXT');
    expect(err.message).toMatch(/扫描件.*OCR.*Word/);
  });

  it('takes a blank PDF (no text, no picture) for an empty report, not a scan', async () => {
    const err = await refusal(pdf('pdf-refused/blank.pdf'));
    expect(err.code).toBe('EMPTY');
  });

  it('refuses a password-protected PDF, saying so', async () => {
    const err = await refusal(pdf('pdf-refused/town-2024.password.pdf'));
    expect(err.code).toBe('UNDECODABLE');
    expect(err.message).toContain('密码');
  });

  it('refuses a damaged PDF as undecodable', async () => {
    const whole = pdf('pdf/town-2024.libreoffice.pdf');
    expect((await refusal(whole.subarray(0, 400))).code).toBe('UNDECODABLE');
  });
});
