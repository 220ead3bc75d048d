import { readFileSync } from 'node:fs';
import * as ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { browserUnavailable, BrowserHarness, fitsWidth, login, PHONE, see, shot, startBrowser } from './browser';

const unavailable = browserUnavailable();
if (unavailable) console.warn(`browser tests skipped: ${unavailable}`);
const describeBrowser = unavailable ? describe.skip : describe;
jest.setTimeout(90_000);

/** The year's assessments as the quarterly beat issues them, and a task of 甲县司法局 named in July's bulletin. */
async function seed(b: BrowserHarness): Promise<{ code: string }> {
  const { units: u, users } = b.api.org;
  const db = b.api.dataSource;
  const [task] = await db.query(`INSERT INTO task (jurisdiction_id, code, plan_year, title, lead_unit_id, original_deadline,
      current_deadline, status, assigned_at, created_by)
    VALUES ($1, 'A26-001', 2026, '规范行政执法程序', $2, DATE '2026-06-30', DATE '2026-06-30', 'assigned', TIMESTAMPTZ '2026-01-05 09:00+08', $3)
    RETURNING id, code`, [u.countyA, u.justiceA, users.officeA.id]);
  await db.query(`INSERT INTO supervision_mark (kind, task_id, unit_id, created_at) VALUES ('name', $1, $2, TIMESTAMPTZ '2026-07-13 10:00+08')`,
    [task.id, u.justiceA]);
  let seq = 0;
  const assess = async (unit: string, quarter: string, score: number, lines: Array<[string, number]> = []) => {
    seq++;
    await db.query(`INSERT INTO supervision_document (jurisdiction_id, kind, unit_id, period, year, seq, number, title, content,
        body_text, body_html, issued_at)
      VALUES ($1, 'assessment', $2, $3, 2026, $4, $5, '考核结果', $6, '', '', now())`,
    [u.countyA, unit, quarter, seq, `甲法治办考核〔2026〕${seq}号`, { quarter, score, base: 100, rank: 1, tied: false, of: 3,
      lines: lines.map(([reason, points]) => ({ reason, code: task.code, points })) }]);
  };
  for (const [q, s] of [['2026Q1', 96], ['2026Q2', 86], ['2026Q3', 91], ['2026Q4', 95]] as const) {
    await assess(u.justiceA, q, s, q === '2026Q2' ? [['季末仍逾期', -5], ['被催办或督办', -2]] : []);
  }
  for (const [q, s] of [['2026Q1', 100], ['2026Q3', 90], ['2026Q4', 89]] as const) await assess(u.financeA, q, s);
  for (const q of ['2026Q1', '2026Q2', '2026Q3', '2026Q4']) await assess(u.townA, q, 92);
  return task;
}

const pick = (page: Page, text: string) => page.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: text }).first().click();

// the office reviews the year at its desk, records a 问责 against the unit named in July, and exports the year
describeBrowser('年度考核 at 1366×768', () => {
  let b: BrowserHarness;
  let office: Page;
  let task: { code: string };

  beforeAll(async () => {
    b = await startBrowser('2026-12-20T02:00:00Z');
    task = await seed(b);
    office = await b.page();
    await login(office, b.baseUrl, 'officeA');
  });
  afterAll(() => b?.close());

  it('shows the units ranked with 并列, the weighted year to two decimals, and the total', async () => {
    await office.locator('.el-menu-item', { hasText: '年度考核' }).click();
    await office.waitForURL(/\/assessments\/annual/);
    await office.goto(`${b.baseUrl}/assessments/annual?year=2026`);
    const table = office.locator('[data-test=annual-table]');
    await see(table, '甲县财政局');
    await see(office.locator('.crumbs'), '年度考核');
    const rows = await table.locator('.el-table__body > tbody > tr.el-table__row').evaluateAll((trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].slice(1, 9).map((td) => td.textContent?.trim())));
    expect(rows).toEqual([
      ['1', '甲县财政局', '100.00', '—', '90.00', '89.00', '93.00', '0'],
      ['并列第2', '甲县城关镇', '92.00', '92.00', '92.00', '92.00', '92.00', '0'],
      ['并列第2', '甲县司法局', '96.00', '86.00', '91.00', '95.00', '92.00', '0'],
    ]);
    await see(office.locator('[data-test=annual-total]'), '合计 3 个单位');
    await see(table, '缺二季度考核结果，年度得分按一、三、四季度的权重（合计0.75）折算');

    // 司法局's year, unfolded: the second quarter's two deductions
    await table.locator('tr.el-table__row', { hasText: '甲县司法局' }).locator('.el-table__expand-icon').click();
    const lines = office.locator('[data-test=annual-lines]:visible');
    await see(lines, '被催办或督办');
    expect(await lines.locator('tbody tr').count()).toBe(2);
    await see(office.locator('[data-test=annual-details]:visible'), '全年加减分（2 项，合计 -7）');
    await fitsWidth(office, 1366);
    await shot(office, 'annual-review-office');
  });

  it('records a 问责 over the task named in July, names a missing field, and withdraws with a reason', async () => {
    await office.locator('[data-test=record-open]').click();
    const dialog = office.locator('[data-test=record-dialog]');
    await dialog.waitFor();
    await dialog.locator('[data-test=record-save]').click();
    await see(office.locator('.el-message--warning'), '请填写单位、措施、决定日期、事由');

    await dialog.locator('[data-test=record-unit]').click();
    await pick(office, '甲县司法局');
    await dialog.locator('[data-test=record-task]').click();
    await pick(office, `${task.code} 规范行政执法程序（2026-07-13 点名）`);
    await dialog.locator('[data-test=record-measure]').click();
    await pick(office, '约谈');
    const date = dialog.locator('.el-form-item', { hasText: '决定日期' }).locator('input');
    await date.fill('2026-08-05');
    await date.press('Enter');
    await dialog.locator('textarea[data-test=record-reason], [data-test=record-reason] textarea').first().fill('任务逾期两个季度未办结，经点名通报仍未整改');
    await dialog.locator('[data-test=record-save]').click();
    await see(office.locator('.el-message--success'), '已登记问责记录');
    await dialog.waitFor({ state: 'hidden' });

    const row = office.locator('[data-test=annual-table] tr.el-table__row', { hasText: '甲县司法局' });
    expect(await row.locator('td').nth(8).textContent()).toBe('1'); // 问责
    await see(office.locator('[data-test=annual-total]'), '问责记录 1 条');
    const record = office.locator('[data-test=annual-record]:visible');
    await see(record, '约谈');
    await see(record, `任务 ${task.code}`);

    await record.locator('[data-test=record-withdraw]').click();
    const box = office.locator('.el-message-box:visible');
    await box.locator('input').fill('误登记，应为城关镇');
    await box.locator('.el-button--primary').click();
    await see(office.locator('.el-message--success'), '已撤销');
    await see(office.locator('[data-test=annual-total]'), '问责记录 0 条');
  });

  it('sets the quarters’ weights in 管理 → 督办节奏, and the year follows them', async () => {
    await office.locator('.el-menu-item', { hasText: '管理' }).click();
    await office.locator('.el-tabs__item', { hasText: '督办节奏' }).click();
    const card = office.locator('[data-test=annual-weights]');
    await see(card, '四个权重之和应为 1（现为 1）');
    const weight = (i: number) => card.locator('.el-form-item').nth(i).locator('input');
    for (const [i, w] of [[0, '0.1'], [1, '0.2'], [2, '0.3'], [3, '0.4']] as const) {
      await weight(i).fill(w);
      await weight(i).blur();
    }
    await see(card, '（现为 1）');
    await office.locator('[data-test=cadence-save]').click();
    await see(office.locator('.el-message--success'), '已保存甲县人民政府的督办节奏');
    const saved = (await b.api.as('officeA').get(`/api/jurisdictions/${b.api.org.units.countyA}/cadence-policy`).expect(200)).body;
    expect(saved.own.annualWeights).toEqual([0.1, 0.2, 0.3, 0.4]);

    await office.goto(`${b.baseUrl}/assessments/annual?year=2026`);
    await see(office.locator('[data-test=annual-explain]'), '一季度 0.1、二季度 0.2、三季度 0.3、四季度 0.4');
    // 司法局 9.6 + 17.2 + 27.3 + 38 = 92.10 now leads; 财政局 (10 + 27 + 35.6) ÷ 0.8 = 90.75
    const first = office.locator('[data-test=annual-table] tr.el-table__row').first();
    await see(first, '甲县司法局');
    await see(first, '92.10');
    await b.api.as('officeA').put(`/api/jurisdictions/${b.api.org.units.countyA}/cadence-policy`, {}).expect(200);
  });

  it('exports the year as 年度考核-2026年.xlsx', async () => {
    const [download] = await Promise.all([office.waitForEvent('download'), office.locator('[data-test=export-xlsx]').click()]);
    expect(download.suggestedFilename()).toBe('年度考核-2026年.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync((await download.path())!) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['年度考核', '扣分明细', '问责记录']);
    expect(wb.getWorksheet('年度考核')!.getCell('A1').value).toBe('甲县2026年度法治建设任务督办考核结果');
    expect(b.errors).toEqual([]);
  });
});

// the justice bureau's clerk on a phone: its own year only, readable without scrolling sideways
describeBrowser('年度考核 on a phone (390×844)', () => {
  let b: BrowserHarness;

  beforeAll(async () => {
    b = await startBrowser('2026-12-20T02:00:00Z', {}, PHONE);
    await seed(b);
    await b.api.as('officeA').post('/api/accountability', { unitId: b.api.org.units.justiceA, year: 2026, measure: '通报批评',
      reason: '年内三次被督办', decidedOn: '2026-11-02' }).expect(201);
  });
  afterAll(() => b?.close());

  it('a department sees its own card: rank among all, the quarters, the score, its 问责 folded below', async () => {
    const clerk = await b.page();
    await login(clerk, b.baseUrl, 'justiceA');
    await clerk.goto(`${b.baseUrl}/assessments/annual?year=2026`);
    const cards = clerk.locator('[data-test=annual-card]');
    await see(cards, '甲县司法局');
    expect(await cards.count()).toBe(1);
    await see(cards, '并列第2');
    expect(await cards.locator('[data-test=annual-score]').textContent()).toBe('92.00');
    await expect(clerk.locator('[data-test=record-open]').count()).resolves.toBe(0);
    await see(clerk.locator('[data-test=annual-total]'), '合计 1 个单位（参评 3 个），问责记录 1 条');
    await cards.locator('.el-collapse-item__header').click();
    await see(clerk.locator('[data-test=annual-record]:visible'), '年内三次被督办');
    await see(clerk.locator('[data-test=annual-lines]:visible'), '二季度被催办或督办 · A26-001-2');
    await expect(clerk.locator('[data-test=record-withdraw]').count()).resolves.toBe(0);
    await fitsWidth(clerk, 390);
    await shot(clerk, 'annual-review-phone');
    expect(b.errors).toEqual([]);
  });
});
