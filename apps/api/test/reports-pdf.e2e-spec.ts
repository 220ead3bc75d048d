import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiHarness, startApi } from './harness';
import { expectSpansMatch, reportCount as countReports, type UploadedReport as Report, uploadReport } from './report-uploads';

// PDFs made by Chromium (page.pdf) and LibreOffice (--convert-to pdf) from our own reports, and a scan of one
// (libs/report-parser/test/support/make-pdf-fixtures.ts).
const FIXTURES = join(__dirname, '..', '..', '..', 'libs', 'report-parser', 'test', 'fixtures');
const pdf = (path: string) => readFileSync(join(FIXTURES, path));

describe('PDF reports over HTTP', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApi('2026-02-02T02:00:00Z');
  });
  afterAll(() => h?.close());

  const upload = (name: string, content: Buffer) => uploadReport(h, name, content);
  const reportCount = () => countReports(h);

  it('imports a PDF printed from Word by LibreOffice: metadata, items, and spans into the stored text', async () => {
    const res = await upload('戊镇2024年法治政府建设情况报告.pdf', pdf('pdf/town-2024.libreoffice.pdf')).expect(201);
    expect(res.body).toMatchObject({ title: '丁县戊镇人民政府2024年度法治政府建设情况报告', organization: '丁县戊镇人民政府',
      reportYear: 2024, planYear: 2025, counts: { problems: 3, measures: 3 } });
    const report: Report = (await h.as('officeA').get(`/api/reports/${res.body.id}`).expect(200)).body;
    expect(report.sourceType).toBe('pdf');
    expectSpansMatch(report);
    expect(report.measures.map((m) => m.heading)).toEqual(['加强学法用法', '充实执法力量', '规范村规民约']);
    expect(report.measures[2].text).toBe('规范村规民约。由镇司法所牵头，10月底前完成全镇村规民约合法性审查和修订工作。');

    // a draft made from a PDF item shows the exact words it came from
    const drafts = await h.as('officeA').post(`/api/reports/${res.body.id}/drafts`,
      { items: [{ itemId: report.measures[0].id, leadUnitId: h.org.units.townA, deadline: '2026-06-30' }] }).expect(201);
    const task = (await h.as('officeA').get(`/api/tasks/${drafts.body.created[0].id}`).expect(200)).body;
    expect(task.sourceReport.text).toBe(report.measures[0].text);
  });

  it('imports a several-page PDF printed by Chromium with page numbers in the footer', async () => {
    const res = await upload('丙区市场监管局2025年报告.pdf', pdf('pdf/market-bureau-2025.chromium.pdf')).expect(201);
    expect(res.body).toMatchObject({ organization: '丙区市场监督管理局', reportYear: 2025, planYear: 2026 });
    const report: Report = (await h.as('officeA').get(`/api/reports/${res.body.id}`).expect(200)).body;
    expectSpansMatch(report);
    expect(report.measures.map((m) => m.heading)).toEqual(['加强执法队伍建设', '深化信用监管', '精准开展普法服务', '提升执法信息化水平']);
    expect(report.problems[0].text.replace(/\n/g, '')).toBe(
      '执法人员力量与监管任务不相匹配，基层市场监管所平均每名执法人员监管经营主体超过900户，新招录人员执法经验不足，办案质量参差不齐。');
  });

  it('refuses a scanned PDF with 415, saying OCR is not supported and what to upload instead, and stores nothing', async () => {
    const before = await reportCount();
    const res = await upload('扫描件.pdf', pdf('pdf-refused/market-bureau-2025.scanned.pdf')).expect(415);
    expect(res.body).toMatchObject({ statusCode: 415, code: 'REPORT_PDF_NO_TEXT' });
    expect(res.body.message).toContain('扫描件');
    expect(res.body.message).toContain('OCR');
    expect(res.body.message).toContain('Word');
    expect(await reportCount()).toBe(before);
  });

  it('refuses a damaged PDF as unreadable, in Chinese', async () => {
    const res = await upload('坏文件.pdf', pdf('pdf/town-2024.libreoffice.pdf').subarray(0, 600)).expect(415);
    expect(res.body.code).toBe('REPORT_UNSUPPORTED');
    expect(res.body.message).toContain('PDF 文件已损坏或不完整');
  });
});
