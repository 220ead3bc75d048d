import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getQueueToken } from '@nestjs/bullmq';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Queue } from 'bullmq';
import * as ExcelJS from 'exceljs';
import JSZip from 'jszip';
import type { Page } from 'playwright-core';
import { AppConfig, ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { BeatName, bullRoot, QueueName } from '@app/queues';
import { CadenceModule, ClockModule, FixedClock, RunBeatUseCase } from '@app/domain';
import { TEST_REDIS_URL, uniqueName } from '@app/testing';
import { browserUnavailable, BrowserHarness, fitsWidth, login, SCREENSHOTS, see, shot, startBrowser } from './browser';

const unavailable = browserUnavailable();
if (unavailable) console.warn(`browser tests skipped: ${unavailable}`);
const describeBrowser = unavailable ? describe.skip : describe;
jest.setTimeout(120_000);

/** A sheet's rows as values (dates as YYYY-MM-DD, empty cells null), from the header row that starts with `first` on. */
function table(ws: ExcelJS.Worksheet, first: string): unknown[][] {
  const rows: unknown[][] = [];
  for (let n = 1; n <= ws.rowCount; n++) {
    const values = ws.getRow(n).values as ExcelJS.CellValue[];
    rows.push(Array.from({ length: ws.columns.length }, (_, i) => {
      const v = values[i + 1];
      return v instanceof Date ? v.toISOString().slice(0, 10) : v === '' || v === undefined ? null : v;
    }));
  }
  return rows.slice(rows.findIndex((r) => r[0] === first) + 1);
}

/** Clicks the export button and opens the downloaded workbook. */
async function exported(page: Page, fileName: string): Promise<ExcelJS.Workbook> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test=export-xlsx]').click()]);
  expect(download.suggestedFilename()).toBe(fileName);
  const content = readFileSync((await download.path())!);
  // the helper counted the bytes it streamed: its message names the file and its size
  await see(page.locator('.download-done'), `已下载 ${fileName}`);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(content as unknown as ArrayBuffer);
  return wb;
}

/** Beijing wall time on a date. */
const bj = (date: string, time = '10:30') => new Date(`${date}T${time}:00+08:00`);

// the cadence's documents through the pages: tasks published for the seeded units, the beats run "as of" September and
// October 2025 through the worker's use case, then the office and the justice bureau read the documents, the bulletin,
// the assessments and their inboxes in Chromium
describeBrowser('the documents pages in Chromium', () => {
  let b: BrowserHarness;
  let cadence: INestApplicationContext;
  let queue: Queue;
  let office: Page;
  let justice: Page;

  const run = (beat: BeatName, at: Date) => cadence.get(RunBeatUseCase).execute({ beat, at });
  const badge = async (page: Page) => {
    const sup = page.locator('[data-test=inbox-badge] .el-badge__content');
    return (await sup.isVisible()) ? Number((await sup.textContent())?.trim()) : 0;
  };
  /** waits (up to 5 s) until the value is the expected one, then checks it */
  const until = async (value: () => Promise<number>, expected: number) => {
    for (let i = 0; i < 50 && (await value()) !== expected; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await value()).toBe(expected);
  };
  const unread = async (user: 'officeA' | 'justiceA' | 'leaderA') =>
    (await b.api.as(user).get('/api/notifications?limit=1').expect(200)).body.unreadCount as number;

  beforeAll(async () => {
    b = await startBrowser('2025-09-01T08:00:00+08:00');
    const config = AppConfig.fromEnv({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: b.api.db.url, REDIS_URL: TEST_REDIS_URL,
      QUEUE_PREFIX: uniqueName('webdocs') });
    cadence = await NestFactory.createApplicationContext({
      module: class WebDocumentsCadenceModule {},
      imports: [ConfigModule.forRoot(config), DatabaseModule, ClockModule.forRoot(new FixedClock(bj('2025-09-01'))),
        bullRoot(config, 'worker'),
        CadenceModule],
    }, { logger: false });
    queue = cadence.get<Queue>(getQueueToken(QueueName.Notifications));

    const u = b.api.org.units;
    const tasks: Array<[string, string, string]> = [
      ['规范行政执法程序', u.justiceA, '2025-09-10'], ['开展普法宣传进社区', u.justiceA, '2025-12-31'],
      ['清理镇级规范性文件', u.townA, '2025-09-05'], ['落实预算公开', u.financeA, '2025-12-31']];
    for (const [title, leadUnitId, deadline] of tasks) {
      const res = await b.api.as('officeA').post('/api/tasks', { title, planYear: 2025, leadUnitId, deadline }).expect(201);
      await b.api.as('officeA').post(`/api/tasks/${res.body.id}/publish`).expect(200);
    }
    await run('daily-assign', bj('2025-09-01'));
    for (const monday of ['2025-09-01', '2025-09-08', '2025-09-15', '2025-09-22', '2025-09-29']) await run('weekly-remind', bj(monday));
    await run('escalate', bj('2025-09-22'));
    await run('monthly-bulletin', bj('2025-10-09'));
    await run('quarterly-review', bj('2025-10-09'));
  });
  afterAll(async () => {
    await queue?.obliterate({ force: true });
    await cadence?.close();
    await b?.close();
  });
  afterEach(() => expect(b.errors).toEqual([]));

  it('office pages through the documents, filters them by kind and opens a printable slip', async () => {
    const all = (await b.api.as('officeA').get('/api/documents?limit=100').expect(200)).body.items;
    expect(all.length).toBeGreaterThan(20);
    office = await b.page();
    await login(office, b.baseUrl, 'officeA');
    await office.locator('.el-menu-item', { hasText: '督办文书' }).click();
    await office.waitForURL(/\/documents$/);
    const rows = office.locator('[data-test=document-table] tbody tr');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(20);
    await office.locator('[data-test=load-more]').click();
    await see(office.locator('.more'), `已显示 ${all.length} 份`);
    expect(await rows.count()).toBe(all.length);
    await shot(office, '20-documents');

    await office.goto(`${b.baseUrl}/documents?kind=assign_slip`);
    await see(rows, '交办单');
    expect(await rows.count()).toBe(all.filter((d: { kind: string }) => d.kind === 'assign_slip').length);
    await rows.filter({ hasText: '甲县司法局' }).locator('[data-test=document-link]').click();
    await office.waitForURL(/\/documents\/[0-9a-f-]{36}$/);
    await see(office.locator('[data-test=document] h1'), '交办单');
    await see(office.locator('[data-test=document] table'), '规范行政执法程序');
    await office.locator('[data-test=print]').waitFor();
    await shot(office, '21-document-slip');
    // printing hides the navigation, the top bar and the buttons
    await office.emulateMedia({ media: 'print' });
    expect(await office.locator('.app-aside').isVisible()).toBe(false);
    expect(await office.locator('.app-header').isVisible()).toBe(false);
    expect(await office.locator('[data-test=print]').isVisible()).toBe(false);
    expect(await office.locator('[data-test=document]').isVisible()).toBe(true);
    await office.screenshot({ path: join(SCREENSHOTS, '22-document-slip-print.png'), fullPage: true });
    await office.emulateMedia({ media: 'screen' });
  });

  it('office reads the September bulletin and the third-quarter assessments as tables', async () => {
    await office.locator('.el-menu-item', { hasText: '月通报' }).click();
    await see(office.locator('[data-test=bulletin-title]'), '2025年9月督办检查通报');
    const units = office.locator('[data-test=bulletin-units] tbody tr');
    expect(await units.count()).toBe(3);
    expect((await units.first().locator('td').allTextContents()).map((t) => t.trim())[0]).toBe('1');
    // the justice bureau and the township are equal on every ranked figure: they share the second place
    expect((await units.locator('td:first-child').allTextContents()).map((t) => t.trim())).toEqual(['1', '并列第2', '并列第2']);
    await see(office.locator('[data-test=bulletin-overdue]'), '清理镇级规范性文件');
    // the 总体评价 and 下一步工作要求, word for word as the bulletin holds them
    const [listed] = (await b.api.as('officeA').get('/api/bulletins?period=2025-09').expect(200)).body.items;
    const { summary } = (await b.api.as('officeA').get(`/api/documents/${listed.id}`).expect(200)).body.content;
    expect(summary.overall).toContain('2025年9月到期任务');
    await see(office.locator('[data-test=bulletin-overall]'), summary.overall);
    await see(office.locator('[data-test=bulletin-next-steps]'), summary.nextSteps);
    await shot(office, '23-bulletin');

    await office.locator('.el-menu-item', { hasText: '季考核' }).click();
    const table = office.locator('[data-test=assessment-table] tbody tr');
    await table.first().waitFor();
    expect(await table.count()).toBe(3);
    expect((await table.locator('td:first-child').allTextContents()).map((t) => t.trim())).toEqual(['1 / 3', '并列第2 / 3', '并列第2 / 3']);
    await see(office.locator('[data-test=assessment-lines]', { hasText: '甲县城关镇' }).locator('.unit-head'), '并列第2名');
    const api = (await b.api.as('officeA').get('/api/assessments?quarter=2025Q3').expect(200)).body.items;
    const town = api.find((a: { unitName: string }) => a.unitName === '甲县城关镇');
    await see(office.locator('[data-test=assessment-lines]', { hasText: '甲县城关镇' }), '季末仍逾期');
    await see(office.locator('[data-test=assessment-lines]', { hasText: '甲县城关镇' }).locator('.sum'), `= ${town.score} 分`);
    await shot(office, '24-assessments');
  });

  it('office exports the bulletin and the assessments from their pages; the files hold what the pages show', async () => {
    await office.locator('.el-menu-item', { hasText: '月通报' }).click();
    await see(office.locator('[data-test=bulletin-title]'), '2025年9月督办检查通报');
    const [summary] = (await b.api.as('officeA').get('/api/bulletins?period=2025-09').expect(200)).body.items;
    const bulletin = (await b.api.as('officeA').get(`/api/documents/${summary.id}`).expect(200)).body.content;
    const wb = await exported(office, '督办通报-2025年9月.xlsx');
    expect(wb.worksheets.map((w) => w.name)).toEqual(['通报', '逾期任务', '总体评价']); // the third is new
    expect(wb.worksheets[0].getCell('A1').value).toBe('甲县2025年9月法治建设任务督办通报');
    expect(table(wb.worksheets[2], '项目')).toEqual([['总体评价', bulletin.summary.overall], ['下一步工作要求', bulletin.summary.nextSteps]]);
    const pageUnits = (await office.locator('[data-test=bulletin-units] tbody tr td:nth-child(2)').allTextContents()).map((t) => t.trim());
    expect(table(wb.worksheets[0], '排名').map((r) => r[1])).toEqual(pageUnits);
    expect(table(wb.worksheets[0], '排名').map((r) => r.slice(0, 7))).toEqual(bulletin.units.map((u: any) =>
      [u.tied ? `并列第${u.rank}` : u.rank, u.unitName, u.total, u.due, u.dueCompleted, u.dueOnTime, u.overdue]));
    expect(table(wb.worksheets[1], '序号').map((r) => r[3])).toEqual(bulletin.overdue.map((o: { title: string }) => o.title));
    await shot(office, '23b-bulletin-exported');

    await office.locator('.el-menu-item', { hasText: '季考核' }).click();
    await office.locator('[data-test=assessment-table] tbody tr').first().waitFor();
    const scores = (await b.api.as('officeA').get('/api/assessments?quarter=2025Q3').expect(200)).body.items;
    const book = await exported(office, '季度考核-2025年第三季度.xlsx');
    expect(table(book.worksheets[0], '排名').map((r) => [r[0], r[1], r[5]])).toEqual(scores.map((i: any) => [i.tied ? `并列第${i.rank}` : i.rank, i.unitName, i.score]));
    const pageScores = (await office.locator('[data-test=assessment-table] tbody tr td:nth-child(6)').allTextContents()).map((t) => Number(t));
    expect(table(book.worksheets[0], '排名').map((r) => r[5])).toEqual(pageScores);
  });

  it('office downloads a 督办通知单 as a Word file from its page (1366×768): “文号 标题.docx”, the document as issued', async () => {
    const [supervise] = (await b.api.as('officeA').get('/api/documents?kind=supervise').expect(200)).body.items
      .filter((d: { unitName: string }) => d.unitName === '甲县司法局');
    const full = (await b.api.as('officeA').get(`/api/documents/${supervise.id}`).expect(200)).body;
    await office.setViewportSize({ width: 1366, height: 768 });
    await office.goto(`${b.baseUrl}/documents/${supervise.id}`);
    await see(office.locator('[data-test=document] h1'), '督办通知单');
    const fileName = `${full.number} 督办通知单.docx`;
    const [download] = await Promise.all([office.waitForEvent('download'), office.locator('[data-test=download-docx]').click()]);
    expect(download.suggestedFilename()).toBe(fileName);
    await see(office.locator('.download-done'), `已下载 ${fileName}`);
    const zip = await JSZip.loadAsync(readFileSync((await download.path())!));
    const xml = await zip.file('word/document.xml')!.async('string');
    const lines: string[] = full.text.split('\n');
    for (const part of [lines[0], full.number, '督办通知单', lines[5], '规范行政执法程序', lines.at(-1)]) expect(xml).toContain(`>${part}</w:t>`);
    await shot(office, '22b-document-docx-downloaded');
  });

  it('office opens its inbox; reading a notice takes the badge down by one', async () => {
    const before = await unread('officeA');
    expect(before).toBeGreaterThan(0);
    await office.goto(`${b.baseUrl}/dashboard`);
    await office.locator('[data-test=inbox-badge] .el-badge__content').waitFor();
    expect(await badge(office)).toBe(before);
    await office.locator('[data-test=inbox-badge]').click();
    await office.waitForURL(/\/inbox$/);
    await office.locator('[data-test=inbox-table] tbody tr').first().waitFor();
    await shot(office, '25-inbox-office');
    await office.locator('[data-test=inbox-table] tbody tr.unread').first().click();
    await office.locator('[data-test=notice-dialog]').waitFor();
    await until(() => badge(office), before - 1);
    expect(await unread('officeA')).toBe(before - 1);
  });

  it('the justice bureau sees its own documents and the bulletin, and reads a notice through to its document', async () => {
    justice = await b.page();
    await login(justice, b.baseUrl, 'justiceA');
    const before = await unread('justiceA');
    expect(before).toBeGreaterThan(0);
    await justice.locator('[data-test=inbox-badge] .el-badge__content').waitFor();
    expect(await badge(justice)).toBe(before);

    await justice.locator('.el-menu-item', { hasText: '督办文书' }).click();
    const rows = justice.locator('[data-test=document-table] tbody tr');
    await rows.first().waitFor();
    const units = await rows.locator('td:nth-child(4)').allTextContents();
    expect(new Set(units.map((t) => t.trim()))).toEqual(new Set(['甲县司法局', '甲县人民政府']));
    await shot(justice, '26-documents-justice');

    await justice.locator('.el-menu-item', { hasText: '月通报' }).click();
    await see(justice.locator('[data-test=bulletin-title]'), '2025年9月督办检查通报');

    await justice.locator('.el-menu-item', { hasText: '消息' }).click();
    const notice = justice.locator('[data-test=inbox-table] tbody tr.unread', { hasText: '交办单' }).first();
    await notice.waitFor();
    await shot(justice, '27-inbox-justice');
    await notice.click();
    await justice.locator('[data-test=notice-dialog]').waitFor();
    // the slip's list of tasks is a table in the notice, as on the document, not columns run together in text
    const table = justice.locator('[data-test=notice-body] table');
    expect(await table.locator('th').allTextContents()).toEqual(['序号', '编号', '任务', '完成时限']);
    await see(table.locator('td'), '规范行政执法程序');
    mkdirSync('/tmp/shots-notices', { recursive: true });
    await justice.screenshot({ path: '/tmp/shots-notices/beat-notice-desktop.png' });
    await until(() => badge(justice), before - 1);
    await justice.locator('[data-test=open-document]').click();
    await justice.waitForURL(/\/documents\/[0-9a-f-]{36}$/);
    await see(justice.locator('[data-test=document] h1'), '交办单');
    expect(await badge(justice)).toBe(before - 1);
    expect(await unread('justiceA')).toBe(before - 1);
    await shot(justice, '28-document-from-inbox');
  });

  it('a leader gets the same pages: the documents of the units in charge, and an inbox of its own with the 督办通知单', async () => {
    const leader = await b.page();
    await login(leader, b.baseUrl, 'leaderA');
    const before = await unread('leaderA');
    // the bulletin and the 督办通知单 about the justice bureau; and the 交办 notices of the bureau's two tasks
    const kinds = ((await b.api.as('leaderA').get('/api/notifications?unread=true').expect(200)).body.items as Array<{ kind: string }>)
      .map((n) => n.kind);
    expect(kinds.filter((k) => !k.startsWith('task_')).sort()).toEqual(['bulletin', 'supervise']);
    expect(kinds.filter((k) => k.startsWith('task_'))).toEqual(['task_publish', 'task_publish']);
    expect(before).toBe(4);
    await leader.locator('[data-test=inbox-badge] .el-badge__content').waitFor();
    expect(await badge(leader)).toBe(before);
    await leader.locator('.el-menu-item', { hasText: '消息' }).click();
    const notice = leader.locator('[data-test=inbox-table] tbody tr.unread', { hasText: '督办通知单' });
    await notice.first().waitFor();
    await notice.first().click();
    await leader.locator('[data-test=notice-dialog]').waitFor();
    await until(() => badge(leader), before - 1);
    await leader.locator('[data-test=open-document]').click();
    await see(leader.locator('[data-test=document] h1'), '督办通知单');
    await shot(leader, '29-document-leader');
  });

  it('on a phone (390×844) the justice bureau reads its documents, a slip, the bulletin and the assessments without scrolling sideways', async () => {
    const phone = await b.page();
    await phone.setViewportSize({ width: 390, height: 844 });
    await login(phone, b.baseUrl, 'justiceA');
    await phone.goto(`${b.baseUrl}/documents`);
    // cards, not a table cut at the screen's edge
    await see(phone.locator('[data-test=document-cards]'), '交办单');
    expect(await phone.locator('[data-test=document-table]').count()).toBe(0);
    const total = (await b.api.as('justiceA').get('/api/documents?withTotal=true').expect(200)).body.total as number;
    await see(phone.locator('[data-test=list-total]'), `共 ${total} 份`);
    await fitsWidth(phone, 390);
    await shot(phone, 'phone-20-documents');
    await phone.goto(`${b.baseUrl}/documents`);
    await phone.locator('[data-test=document-link]', { hasText: '交办单' }).first().click();
    await see(phone.locator('[data-test=document] h1'), '交办单');
    // 打印 and 下载Word on screen beside 返回
    expect(await phone.locator('[data-test=download-docx]').isVisible()).toBe(true);
    await fitsWidth(phone, 390);
    await shot(phone, 'phone-21-slip');
    await phone.goto(`${b.baseUrl}/bulletins?period=2025-09`);
    await see(phone.locator('[data-test=bulletin-title]'), '2025年9月督办检查通报');
    await fitsWidth(phone, 390);
    await shot(phone, 'phone-22-bulletin');
    await phone.goto(`${b.baseUrl}/assessments`);
    await phone.locator('[data-test=assessment-table], [data-test=assessment]').first().waitFor();
    await fitsWidth(phone, 390);
    await shot(phone, 'phone-23-assessments');
    await phone.close();
  });

  it('a county with thousands of overdue tasks: the bulletin page shows its first rows and the pager at once, the export shows its progress', async () => {
    // 3,000 tasks of 乙县司法局, published on 1 October, due in October and still open: the October bulletin names all of them
    const u = b.api.org.units;
    await b.api.dataSource.query(`INSERT INTO task (jurisdiction_id, code, plan_year, title, lead_unit_id, original_deadline,
        current_deadline, status, assigned_at, created_by)
      SELECT $1, 'B25-' || lpad(s::text, 4, '0'), 2025, '批量督办任务' || s, $2, DATE '2025-10-02' + s % 28, DATE '2025-10-02' + s % 28,
             'assigned', TIMESTAMPTZ '2025-10-01 09:00+08', $3
        FROM generate_series(1, 3000) s`, [u.countyB, u.justiceB, b.api.org.users.officeB.id]);
    await run('monthly-bulletin', bj('2025-11-03'));
    const [summary] = (await b.api.as('officeB').get('/api/bulletins?period=2025-10').expect(200)).body.items;
    const content = (await b.api.as('officeB').get(`/api/documents/${summary.id}`).expect(200)).body.content;
    expect(content.overdue).toHaveLength(3000);

    const page = await b.page();
    await login(page, b.baseUrl, 'officeB');
    const started = Date.now();
    await page.goto(`${b.baseUrl}/bulletins?period=2025-10`);
    const rows = page.locator('[data-test=bulletin-overdue] tbody tr');
    await see(rows, content.overdue[0].title);
    await see(page.locator('[data-test=overdue-pager]'), '共 3000 条');
    const shown = Date.now() - started;
    expect(await rows.count()).toBe(50);
    await see(page.locator('[data-test=overdue-count]'), '共 3000 项');
    // the page answers: the next page of rows comes without a reload
    await page.locator('[data-test=overdue-pager] .btn-next').click();
    await see(rows.first(), content.overdue[50].title);
    expect(await rows.count()).toBe(50);
    await shot(page, '30-bulletin-3000-overdue');
    console.log(`bulletin with 3,000 overdue tasks: first rows and pager after ${shown} ms`);

    // a slow line (40 KB/s) so the download lasts: the progress notice counts the bytes while they arrive
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 50, downloadThroughput: 40 * 1024, uploadThroughput: -1 });
    const done = Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.locator('[data-test=export-xlsx]').click()]);
    const progress = page.locator('[data-test=download-bytes]');
    await see(progress, /已接收 \d+(\.\d)? KB/);
    await shot(page, '31-bulletin-export-progress');
    const [download] = await done;
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    await progress.waitFor({ state: 'detached' });
    await see(page.locator('.download-done'), '已下载 督办通报-2025年10月.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync((await download.path())!) as unknown as ArrayBuffer);
    const tasks = table(wb.worksheets[1], '序号');
    expect(tasks).toHaveLength(3000);
    expect(tasks.map((r) => r[2])).toEqual(content.overdue.map((o: { code: string }) => o.code));

    // the fourth quarter's assessment of the same unit: 3,000 lines (季末仍逾期), 20 at a time on the page
    for (const day of ['2026-01-04', '2026-01-05', '2026-01-06']) {
      await run('quarterly-review', bj(day));
      if ((await b.api.as('officeB').get('/api/assessments?quarter=2025Q4').expect(200)).body.items.length) break;
    }
    const [assessment] = (await b.api.as('officeB').get('/api/assessments?quarter=2025Q4').expect(200)).body.items;
    expect(assessment.lines).toHaveLength(3000);
    await page.goto(`${b.baseUrl}/assessments?quarter=2025Q4`);
    const card = page.locator('[data-test=assessment-lines]', { hasText: '乙县司法局' });
    await see(card.locator('[data-test=lines-pager]'), '共 3000 条');
    expect(await card.locator('tbody tr').count()).toBe(20);
    await see(card.locator('.sum'), `= ${assessment.score} 分`);
    await shot(page, '32-assessment-3000-lines');
    const book = await exported(page, '季度考核-2025年第四季度.xlsx');
    expect(table(book.worksheets[1], '排名')).toHaveLength(3000);
  });

  it('slips never signed for: the 督办通知单（未签收） in the documents, then named 未签收 on the bulletin page, on a phone too', async () => {
    // 甲县's slips of 09-01 still unsigned climb their ladder when the daily beat runs again in November: chased, 督办,
    // named, one rung a day (the ladder waits for the step before it on an earlier day)
    const countyA = b.api.org.units.countyA;
    for (const day of ['2025-11-03', '2025-11-04', '2025-11-05']) {
      await cadence.get(RunBeatUseCase).execute({ beat: 'daily-assign', at: bj(day), jurisdictionId: countyA });
    }
    await cadence.get(RunBeatUseCase).execute({ beat: 'monthly-bulletin', at: bj('2025-12-01'), jurisdictionId: countyA });
    const [listed] = (await b.api.as('officeA').get('/api/bulletins?period=2025-11').expect(200)).body.items;
    const unsigned = (await b.api.as('officeA').get(`/api/documents/${listed.id}`).expect(200)).body.content.unsigned as
      Array<{ title: string; slipNumber: string }>;
    expect(unsigned.length).toBeGreaterThan(0);
    const sups = (await b.api.as('officeA').get('/api/documents?kind=ack_supervise').expect(200)).body.items;
    expect(sups.length).toBeGreaterThan(0);

    const page = await b.page();
    await login(page, b.baseUrl, 'officeA');
    await page.goto(`${b.baseUrl}/documents?kind=ack_supervise`);
    const rows = page.locator('[data-test=document-table] tbody tr');
    await see(rows, '督办通知单（未签收）');
    expect(await rows.count()).toBe(sups.length);
    await page.goto(`${b.baseUrl}/bulletins?period=2025-11`);
    const card = page.locator('[data-test=bulletin-unsigned]');
    await see(card, `共 ${unsigned.length} 项`);
    for (const u of unsigned) await see(card.locator('tbody tr'), u.title);
    await see(card.locator('tbody tr').first(), unsigned[0].slipNumber);
    await shot(page, '33-bulletin-unsigned');

    const phone = await b.page();
    await phone.setViewportSize({ width: 390, height: 844 });
    await login(phone, b.baseUrl, 'justiceA');
    await phone.goto(`${b.baseUrl}/bulletins?period=2025-11`);
    await see(phone.locator('[data-test=bulletin-unsigned]'), unsigned[0].title);
    await fitsWidth(phone, 390);
    await shot(phone, 'phone-24-bulletin-unsigned');
    await phone.close();
  });
});
