import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeOfd } from '../../../libs/report-parser/test/support/make-ofd';
import { ApiHarness, startApi } from './harness';
import { expectSpansMatch, reportCount as countReports, type UploadedReport as Report, uploadReport } from './report-uploads';

// OFD files written the way OFD writers write them (libs/report-parser/test/support/make-ofd.ts) from our own reports.
const source = (name: string) =>
  readFileSync(join(__dirname, '..', '..', '..', 'libs', 'report-parser', 'test', 'support', 'pdf-reports', name), 'utf8');

describe('OFD reports over HTTP', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApi('2026-02-02T02:00:00Z');
  });
  afterAll(() => h?.close());

  const upload = (name: string, content: Buffer) => uploadReport(h, name, content);
  const reportCount = () => countReports(h);

  it('imports an OFD written one object per line: metadata, items, and spans into the stored text', async () => {
    const res = await upload('戊镇2024年法治政府建设情况报告.ofd', makeOfd(source('town-2024.txt'), { objects: 'line' })).expect(201);
    expect(res.body).toMatchObject({ title: '丁县戊镇人民政府2024年度法治政府建设情况报告', organization: '丁县戊镇人民政府',
      reportYear: 2024, planYear: 2025, counts: { problems: 3, measures: 3 } });
    const report: Report = (await h.as('officeA').get(`/api/reports/${res.body.id}`).expect(200)).body;
    expect(report.sourceType).toBe('ofd');
    expectSpansMatch(report);
    expect(report.measures.map((m) => m.heading)).toEqual(['加强学法用法', '充实执法力量', '规范村规民约']);
  });

  it('imports a several-page OFD written per character run, out of order, with page numbers and a running header', async () => {
    const ofd = makeOfd(source('market-bureau-2025.txt'), { objects: 'run', shuffle: 11, pageNumbers: true, header: '丙区市场监督管理局文件' });
    const res = await upload('丙区市场监管局2025年报告.ofd', ofd).expect(201);
    expect(res.body).toMatchObject({ organization: '丙区市场监督管理局', reportYear: 2025, planYear: 2026,
      counts: { problems: 4, measures: 4 } });
    const report: Report = (await h.as('officeA').get(`/api/reports/${res.body.id}`).expect(200)).body;
    expect(report.sourceType).toBe('ofd');
    expectSpansMatch(report);
    expect(report.text).not.toMatch(/— \d+ —/);
    expect(report.text).not.toContain('丙区市场监督管理局文件');
    expect(report.measures.map((m) => m.heading)).toEqual(['加强执法队伍建设', '深化信用监管', '精准开展普法服务', '提升执法信息化水平']);
  });

  it('refuses a scanned OFD with 415, saying OCR is not supported, and stores nothing', async () => {
    const before = await reportCount();
    const res = await upload('扫描件.ofd', makeOfd(source('town-2024.txt'), { scanned: true })).expect(415);
    expect(res.body.message).toContain('扫描件');
    expect(res.body.message).toContain('OCR');
    expect(await reportCount()).toBe(before);
  });
});
