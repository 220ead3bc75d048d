import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import type { Page } from 'playwright-core';
import { browserUnavailable, BrowserHarness, login, see, shot, startBrowser } from './browser';

const unavailable = browserUnavailable();
if (unavailable) console.warn(`browser tests skipped: ${unavailable}`);
const describeBrowser = unavailable ? describe.skip : describe;
jest.setTimeout(90_000);

const fixture = (name: string) => readFileSync(join(__dirname, '..', 'fixtures', name));

// a year of one report seen by the office: an open task carried into the next year from its page, the outcome
// downloaded as Word from the report page, and next year's report showing the repeated problem with this year's outcome
describeBrowser('the year’s outcome on the report and task pages', () => {
  let b: BrowserHarness;
  let office: Page;
  let reportId: string;
  const ids: Record<'staffing' | 'staffingPlan', string> = { staffing: '', staffingPlan: '' };

  beforeAll(async () => {
    b = await startBrowser('2025-02-10T02:00:00Z');
    const api = b.api;
    const imported = await api.anonymous.post('/api/reports').set('authorization', `Bearer ${api.org.users.officeA.token}`)
      .attach('file', fixture('jia-justice-2024.txt'), '甲县司法局2024年报告.txt').expect(201);
    reportId = imported.body.id;
    const report = (await api.as('officeA').get(`/api/reports/${reportId}`).expect(200)).body;
    const drafts = await api.as('officeA').post(`/api/reports/${reportId}/drafts`, { items: [
      { itemId: report.problems[1].id, leadUnitId: api.org.units.justiceA, deadline: '2025-06-30' },
      { itemId: report.measures[1].id, leadUnitId: api.org.units.justiceA, deadline: '2025-12-31' },
    ] }).expect(201);
    [ids.staffing, ids.staffingPlan] = drafts.body.created.map((t: { id: string }) => t.id);
    await api.as('officeA').post('/api/tasks/publish', { ids: [ids.staffing, ids.staffingPlan] }).expect(200);
    const asked = await api.as('justiceA').post(`/api/tasks/${ids.staffing}/extensions`,
      { newDeadline: '2025-09-30', reason: '招录程序较长' }).expect(201);
    await api.as('officeA').post(`/api/tasks/${ids.staffing}/extensions/${asked.body.pendingExtension.id}/approve`).expect(200);
    api.clock.set('2025-09-10T02:00:00Z');
    await api.as('justiceA').post(`/api/tasks/${ids.staffing}/acknowledge`).expect(200);
    await api.as('justiceA').post(`/api/tasks/${ids.staffing}/submit`, { note: '已补充辅助人员' }).expect(200);
    await api.as('officeA').post(`/api/tasks/${ids.staffing}/approve`).expect(200);
    api.clock.set('2025-12-20T02:00:00Z');
    office = await b.page();
    await login(office, b.baseUrl, 'officeA');
  });
  afterAll(() => b?.close());
  afterEach(() => expect(b.errors).toEqual([]));

  it('carries an open task into next year from its page and lands on the new task, linked both ways', async () => {
    await office.goto(`${b.baseUrl}/tasks/${ids.staffingPlan}`);
    await office.locator('[data-test=carry-over]').click();
    await see(office.locator('.el-message-box:visible'), '本任务以“结转至2026年”撤销');
    await office.locator('.el-message-box__btns .el-button--primary:visible').click();
    await office.waitForURL((url) => !url.pathname.endsWith(ids.staffingPlan));
    await see(office.locator('[data-test=carried-from]'), '2025年任务 2025-002');
    await see(office.locator('.page-title'), '2026-001');
    await shot(office, 'task-carried-over');
    await office.locator('[data-test=carried-from] a').click();
    await see(office.locator('[data-test=carried-to]'), '2026年任务 2026-001');
    await see(office.locator('[data-test=status]'), '已撤销');
  });

  it('downloads the outcome of the report as Word', async () => {
    await office.goto(`${b.baseUrl}/reports/${reportId}`);
    const title = '《甲县司法局2024年法治政府建设情况报告》所列问题和举措整改落实情况';
    const [download] = await Promise.all([office.waitForEvent('download'), office.locator('[data-test=outcome-docx]').click()]);
    expect(download.suggestedFilename()).toBe(`${title}.docx`);
    const xml = await (await JSZip.loadAsync(readFileSync((await download.path())!))).file('word/document.xml')!.async('string');
    expect(xml).toContain('经批准延期至2025年9月30日，于2025年9月10日办结');
    expect(xml).toContain('年内未办结，已结转至2026年继续办理（任务编号2026-001）');
  });

  it('shows next year’s repeated problem with this year’s outcome', async () => {
    b.api.clock.set('2026-02-01T02:00:00Z');
    const imported = await b.api.anonymous.post('/api/reports').set('authorization', `Bearer ${b.api.org.users.officeA.token}`)
      .attach('file', fixture('jia-justice-2025.txt'), '甲县司法局2025年报告.txt').expect(201);
    await office.goto(`${b.baseUrl}/reports/${imported.body.id}`);
    await see(office.locator('.recur'), '2024 年报告');
    await see(office.locator('[data-test=recurrence-outcome]'), '延期后办结');
    await shot(office, 'report-review-recurrence-outcome');
  });
});
