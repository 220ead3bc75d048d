import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { browserUnavailable, BrowserHarness, login, SCREENSHOTS, see, shot, startBrowser } from './browser';

const unavailable = browserUnavailable();
if (unavailable) console.warn(`browser tests skipped: ${unavailable}`);
const describeBrowser = unavailable ? describe.skip : describe;
jest.setTimeout(120_000);

async function sheet(rows: ExcelJS.CellValue[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet1');
  ws.addRow(['序号', '计划年度', '任务来源', '问题/举措内容', '牵头单位', '配合单位', '责任领导', '完成时限', '任务说明']);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

// the office exports the filtered ledger from the task list and imports a sheet on the 台账导入 page, in Chromium
describeBrowser('Excel ledger pages in Chromium', () => {
  let b: BrowserHarness;
  let office: Page;

  beforeAll(async () => {
    b = await startBrowser('2026-03-02T10:00:00+08:00');
    office = await b.page();
    await login(office, b.baseUrl, 'officeA');
  });
  afterAll(() => b?.close());

  it('imports the template as downloaded without an error or a junk task: its example row is skipped', async () => {
    await office.goto(`${b.baseUrl}/tasks/import`);
    const [download] = await Promise.all([office.waitForEvent('download'), office.locator('[data-test=download-template]').click()]);
    const template = readFileSync((await download.path())!);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(template as unknown as ArrayBuffer);
    expect(wb.worksheets[0].getCell('A2').value).toBe('示例');
    await office.locator('[data-test=ledger-upload] input[type=file]').setInputFiles({ name: download.suggestedFilename(),
      mimeType: 'application/octet-stream', buffer: template });
    await see(office.locator('[data-test=import-result]'), '没有可导入的任务');
    expect(await office.locator('[data-test=bad-rows]').count()).toBe(0);
    await shot(office, 'ledger-import-template-as-downloaded');
    expect(Number((await b.api.dataSource.query(`SELECT count(*) AS n FROM task`))[0].n)).toBe(0);
  });

  it('lists every bad row of an invalid sheet and imports nothing, then imports a valid one', async () => {
    await office.goto(`${b.baseUrl}/tasks/import`);
    const bad = await sheet([
      [1, 2026, null, '单位不存在', '甲县不存在局', null, null, '2026-07-01', null],
      [2, 2026, null, '日期不对', '甲县司法局', null, null, '2026/13/45', null],
    ]);
    await office.locator('[data-test=ledger-upload] input[type=file]').setInputFiles({ name: 'bad.xlsx', mimeType: 'application/octet-stream', buffer: bad });
    const table = office.locator('[data-test=bad-rows]');
    await see(table, '甲县不存在局');
    await see(table, '不是有效日期');
    await shot(office, 'ledger-import-invalid');
    expect(Number((await b.api.dataSource.query(`SELECT count(*) AS n FROM task`))[0].n)).toBe(0);

    const good = await sheet([[1, 2026, '2025年报告', '推进行政复议规范化建设', '甲县司法局', '甲县财政局', null, '2026-06-30', null],
      [2, 2026, null, '加强执法监督', '甲县城关镇', null, null, '2026年9月1日', null]]);
    await office.locator('[data-test=ledger-upload] input[type=file]').setInputFiles({ name: 'good.xlsx', mimeType: 'application/octet-stream', buffer: good });
    await see(office.locator('[data-test=import-result]'), '新建草稿任务 2 项');
    await shot(office, 'ledger-import-done');
  });

  it('exports the ledger under the current filters from the task list', async () => {
    await office.goto(`${b.baseUrl}/tasks?leadUnitId=${b.api.org.units.justiceA}`);
    await see(office.locator('[data-test=task-table]'), '推进行政复议规范化建设');
    const [download] = await Promise.all([office.waitForEvent('download'), office.locator('[data-test=export-xlsx]').click()]);
    expect(download.suggestedFilename()).toBe('任务台账.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync((await download.path())!) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.getCell('A1').value).toBe('甲县督办任务台账'); // title, 截至日期, header, then the tasks
    expect(ws.getColumn(4).values.slice(4)).toEqual(['推进行政复议规范化建设']);
    expect(b.errors).toEqual([]);
  });

  it('shows the upload, 已校验 n/N 行 and 正在写入 for a 5,000-row sheet, then the result', async () => {
    const n = 5000;
    const big = await sheet(Array.from({ length: n }, (_, i) =>
      [i + 1, 2026, '2025年报告', `台账批量导入第${i + 1}项任务`, '甲县财政局', null, null, '2026-12-31', null]));
    await office.goto(`${b.baseUrl}/tasks/import`);
    // every text the progress line shows, in order, whoever wins the race between the page and the test
    await office.evaluate(`(() => {
      const seen = window.stages = [];
      new MutationObserver(() => {
        const text = document.querySelector('[data-test=import-stage]')?.textContent?.trim();
        if (text && seen.at(-1) !== text) seen.push(text);
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    })()`);
    await office.locator('[data-test=ledger-upload] input[type=file]').setInputFiles({ name: '台账-5000行.xlsx', mimeType: 'application/octet-stream', buffer: big });
    const progress = office.locator('[data-test=import-progress]');
    // writing is a few set-based statements now, over before a poll could catch it: the observer's record tells
    await see(progress, /已校验 \d+\/5000 行|正在写入|导入完成/);
    expect(await progress.locator('.el-progress').isVisible()).toBe(true);
    await office.screenshot({ path: join(SCREENSHOTS, 'ledger-import-progress.png') }); // mid-import: no networkidle
    await progress.locator('[data-test=import-stage]', { hasText: '导入完成' }).waitFor({ timeout: 60_000 });
    await see(office.locator('[data-test=import-result]'), `读取 ${n} 行，新建草稿任务 ${n} 项`);
    await shot(office, 'ledger-import-5000-done');

    const stages = await office.evaluate('window.stages') as string[];
    const first = (re: RegExp) => stages.findIndex((t) => re.test(t));
    expect(first(/已校验 \d+\/5000 行/)).toBeGreaterThan(-1);
    expect(first(/正在写入 [1-9]\d*\/5000 行/)).toBeGreaterThan(first(/已校验/));
    expect(first(/导入完成，共 5000 行/)).toBe(stages.length - 1);
    const checked = stages.filter((t) => t.startsWith('已校验')).map((t) => Number(/(\d+)\//.exec(t)![1]));
    expect(checked).toEqual([...checked].sort((x, y) => x - y));
    expect(Number((await b.api.dataSource.query(`SELECT count(*) AS n FROM task WHERE title LIKE '台账批量导入%'`))[0].n)).toBe(n);
    expect(b.errors).toEqual([]);
  }, 180_000);
});
