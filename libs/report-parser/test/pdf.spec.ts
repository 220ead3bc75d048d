import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseReport, ReportParseError } from '../src';
import { layoutPages, type Line, type PageLines } from '../src/decode/pdf';
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
    // the paragraphs hold exactly the words of the report in order, page numbers dropped
    expect(squash(sut.text)).toBe(squash(source('market-bureau-2025.txt')));
    expect(sut.text).not.toMatch(/— \d+ —/);
    // a paragraph's printed lines joined with nothing between them, the next paragraph on a line of its own
    expect(sut.text).toContain('\n（一）加强执法队伍建设。制定执法人员分级培训计划，2026年6月底前完成全员轮训，');
    expect(sut.text.endsWith('\n丙区市场监督管理局\n2026年1月20日')).toBe(true);
    expect(spanMismatches(sut)).toEqual([]);
  });

  it('finds the report date under the signature once the page number after it is dropped', async () => {
    const sut = await parseReport({ bytes: pdf('pdf/market-bureau-2025.chromium.pdf'), fileName: 'report.pdf' });
    expect(sut.reportDate).toBe('2026-01-20');
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

/*
 * Lines placed on an A4 page (595 × 842 pt, text block from x 80 to 520), 16 pt type, 28 pt between baselines:
 * what pdf.js gives for a report set the way official documents are.
 */
const SIZE = 16;
const LEFT = 80;
const RIGHT = 520;
type Placed = { text: string; x0?: number; x1?: number; y: number; size?: number };
const line = ({ text, x0 = LEFT, x1 = RIGHT, y, size = SIZE }: Placed): Line => ({ text, x0, x1, y, size });
/** A body line of the text block: `indent` for a first line, `short` for the last line of a paragraph. */
const body = (text: string, y: number, o: { indent?: boolean; short?: boolean } = {}): Line =>
  line({ text, y, x0: o.indent ? LEFT + 2 * SIZE : LEFT, x1: o.short ? LEFT + text.length * SIZE : RIGHT });
const page = (...lines: Line[]): PageLines => ({ lines, bottom: 0, top: 842 });
const centred = (text: string, y: number): Line =>
  line({ text, y, x0: 297 - (text.length * SIZE) / 2, x1: 297 + (text.length * SIZE) / 2 });

describe('PDF layout: printed lines into paragraphs', () => {
  it('joins the wrapped lines of the last item of a list, and of a line that reads like a sentence of its own', () => {
    const [text] = layoutPages([page(
      body('二、存在的问题', 700, { indent: true, short: true }),
      body('一是执法力量不足，基层所人均监管经营主体超过900户，新招录人员', 672, { indent: true }),
      body('经验不足。', 644, { short: true }),
      body('二是信息化水平不高，执法办案系统尚未互联互通，数据重复录入', 616, { indent: true }),
      body('问题依然存在。', 588, { short: true }),
      body('三、2026年工作打算', 560, { indent: true, short: true }),
    )]);
    expect(text.split('\n')).toEqual([
      '二、存在的问题',
      '一是执法力量不足，基层所人均监管经营主体超过900户，新招录人员经验不足。',
      '二是信息化水平不高，执法办案系统尚未互联互通，数据重复录入问题依然存在。',
      '三、2026年工作打算',
    ]);
  });

  it('starts a paragraph at a line that opens with an enumerator even when it is not indented', () => {
    const [text] = layoutPages([page(body('工作打算如下：', 700, { indent: true }), body('1.加强执法队伍建设。', 672, { short: true }))]);
    expect(text).toBe('工作打算如下：\n1.加强执法队伍建设。');
  });

  it('puts a space only where two Latin words were wrapped apart', () => {
    const [text] = layoutPages([page(body('推行 Open', 700, { indent: true }), body('Data 平台和“互联网+监管”', 672, { short: true }))]);
    expect(text).toBe('推行 Open Data 平台和“互联网+监管”');
  });

  it.each([
    ['— 2 —'], ['-2-'], ['- 2 -'], ['2'], ['第2页 共8页'], ['第 2 页，共 8 页'], ['共8页 第2页'], ['2/8'], ['Page 2 of 8'],
  ])('drops the page number %s in the footer band', (number) => {
    const [text] = layoutPages([page(
      body('（一）加强执法队伍建设，制定分级培训计划，', 700, { indent: true }),
      body('每季度组织一次案卷评查。', 672, { short: true }),
      centred(number, 60),
    )]);
    expect(text).toBe('（一）加强执法队伍建设，制定分级培训计划，每季度组织一次案卷评查。');
  });

  it('drops a page number at the head of a page, and keeps a number that is part of the text', () => {
    const [text] = layoutPages([page(
      centred('-3-', 800),
      body('案件统计如下（单位：件），行政处罚、行政许可、行政检查分列如下：', 700, { indent: true }),
      body('行政处罚', 672, { short: true }),
      body('386', 644, { short: true }),
      body('以上数据截至12月底。', 616, { indent: true, short: true }),
    )]);
    expect(text).toBe('案件统计如下（单位：件），行政处罚、行政许可、行政检查分列如下：行政处罚\n386\n以上数据截至12月底。');
  });

  it('keeps the title and the signature block (issuing body, then the date, right-aligned) as lines of their own', () => {
    const [text] = layoutPages([page(
      centred('丙区市场监督管理局2025年法治政府建设情况报告', 760),
      body('现将有关情况报告如下。', 700, { indent: true, short: true }),
      body('对照法治政府建设要求，我局工作还存在一些短板和不足，将在下一年度', 672, { indent: true }),
      body('逐项整改落实到位。', 644, { short: true }),
      line({ text: '丙区市场监督管理局', y: 560, x0: RIGHT - 9 * SIZE }),
      line({ text: '2026年1月20日', y: 532, x0: RIGHT - 8 * SIZE }),
    )]);
    expect(text.split('\n')).toEqual([
      '丙区市场监督管理局2025年法治政府建设情况报告',
      '现将有关情况报告如下。',
      '对照法治政府建设要求，我局工作还存在一些短板和不足，将在下一年度逐项整改落实到位。',
      '丙区市场监督管理局',
      '2026年1月20日',
    ]);
  });

  it('drops a running header repeated at the same place on the pages, keeping the pages apart', () => {
    const header = (n: number) => centred('丙区市场监督管理局文件', 800 + (n % 2) * 0.5);
    const pages = [1, 2, 3].map((n) => page(
      header(n),
      body(`第${'一二三'[n - 1]}部分的内容写在这里，`, 700, { indent: true }),
      body('到此为止。', 672, { short: true }),
      centred(`— ${n} —`, 60),
    ));
    expect(layoutPages(pages)).toEqual(['第一部分的内容写在这里，到此为止。', '第二部分的内容写在这里，到此为止。',
      '第三部分的内容写在这里，到此为止。']);
  });

  it('keeps a line in the header band that is on one page only (a title at the top of the first page)', () => {
    const pages = [page(centred('关于2025年法治政府建设情况的报告', 800), body('正文。', 700, { indent: true, short: true })),
      page(body('正文。', 700, { indent: true, short: true }))];
    expect(layoutPages(pages)).toEqual(['关于2025年法治政府建设情况的报告\n正文。', '正文。']);
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
