import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { browserUnavailable, BrowserHarness, login, see, shot, startBrowser } from './browser';

const unavailable = browserUnavailable();
if (unavailable) console.warn(`browser tests skipped: ${unavailable}`);
const describeBrowser = unavailable ? describe.skip : describe;
jest.setTimeout(90_000);

const REPORT = readFileSync(join(__dirname, '..', 'fixtures', 'jia-justice-2024.txt'));

interface Item { id: string; text: string; heading: string; span: { start: number; end: number } | null; tasks: unknown[] }

// the office tidies the extracted items before making tasks: merges two measures, splits a problem, then drafts
// from the merged measure; each step through the review page, checked against the API
describeBrowser('merging and splitting items on the report review page', () => {
  let b: BrowserHarness;
  let office: Page;
  let reportId: string;

  beforeAll(async () => {
    b = await startBrowser('2025-03-03T02:00:00Z');
    office = await b.page();
    await login(office, b.baseUrl, 'officeA');
  });
  afterAll(() => b?.close());
  afterEach(() => expect(b.errors).toEqual([]));

  const report = async () => (await b.api.as('officeA').get(`/api/reports/${reportId}`).expect(200)).body as
    { text: string; problems: Item[]; measures: Item[] };
  const marks = (kind: string) => office.locator(`[data-test=report-text] mark.hl-${kind}`).count();
  const dialog = () => office.locator('.el-dialog:visible');

  it('imports a report and shows its items ready to merge or split', async () => {
    await office.goto(`${b.baseUrl}/reports`);
    await office.locator('[data-test=report-upload] input[type=file]').setInputFiles(
      { name: '甲县司法局2024年报告.txt', mimeType: 'text/plain', buffer: REPORT });
    await office.waitForURL(/\/reports\/[0-9a-f-]{36}$/);
    reportId = office.url().split('/').pop()!;
    await see(office.locator('.page-title'), '甲县司法局2024年法治政府建设情况报告');
    expect(await marks('problem')).toBe(3);
    expect(await marks('measure')).toBe(3);
    expect(await office.locator('[data-test=merge-measures]').isDisabled()).toBe(true);
    await shot(office, 'report-review-before');
  });

  it('merges the first two measures after showing the merged text', async () => {
    const before = await report();
    const rows = office.locator('[data-test=measures] tbody tr');
    await rows.nth(0).locator('.el-checkbox').click();
    await rows.nth(1).locator('.el-checkbox').click();
    await office.locator('[data-test=merge-measures]').click();
    await see(dialog(), '将以下 2 个举措按原文顺序合并为一条');
    const preview = await dialog().locator('[data-test=merge-preview]').textContent();
    expect(preview).toBe(before.text.slice(before.measures[0].span!.start, before.measures[1].span!.end));
    await shot(office, 'report-review-merge-dialog');
    await dialog().locator('[data-test=confirm-merge]').click();
    await see(office.locator('.el-message--success'), '已合并为“加强执法人员培训”');

    await office.locator('[data-test=measures] tbody tr').nth(1).waitFor();
    expect(await office.locator('[data-test=measures] tbody tr').count()).toBe(2);
    expect(await marks('measure')).toBe(2);
    const after = await report();
    const merged = after.measures[0];
    expect(merged.text).toBe(preview);
    // the highlight is the merged item's characters
    expect(await office.locator(`#span-${merged.id}`).textContent()).toBe(merged.text);
    // and its row has the suggested lead from the whole text
    await see(office.locator('[data-test=measures] tbody tr').first(), '甲县司法局');
  });

  it('refuses to merge problems with another between them, with the reason in Chinese', async () => {
    const problems = office.locator('[data-test=problem]');
    await problems.nth(0).locator('.el-checkbox').click();
    await problems.nth(2).locator('.el-checkbox').click();
    await office.locator('[data-test=merge-problems]').click();
    await dialog().locator('[data-test=confirm-merge]').click();
    await see(office.locator('.el-message--error'), '只能合并报告中相邻的条目');
    await dialog().locator('.el-button', { hasText: '取消' }).click();
    await problems.nth(0).locator('.el-checkbox').click();
    await problems.nth(2).locator('.el-checkbox').click();
    expect((await report()).problems).toHaveLength(3);
  });

  it('splits the first problem where the user clicks, showing both halves first', async () => {
    const [first] = (await report()).problems;
    const at = first.text.indexOf('部分执法人员');
    await office.locator('[data-test=problem]').first().locator('[data-action=split]').click();
    await office.locator(`[data-test=split-text] span[data-i="${at}"]`).click();
    expect(await dialog().locator('[data-test=split-first]').textContent()).toBe('行政执法人员培训不够系统，');
    expect(await dialog().locator('[data-test=split-second]').textContent()).toBe('部分执法人员对新修订法律法规掌握不熟练。');
    await shot(office, 'report-review-split-dialog');
    await dialog().locator('[data-test=confirm-split]').click();
    await see(office.locator('.el-message--success'), '已拆分为');

    await office.locator('[data-test=problem]').nth(3).waitFor();
    expect(await marks('problem')).toBe(4);
    const after = await report();
    expect(after.problems.map((p) => p.text).slice(0, 2)).toEqual(['行政执法人员培训不够系统，', '部分执法人员对新修订法律法规掌握不熟练。']);
    for (const p of after.problems) expect(after.text.slice(p.span!.start, p.span!.end)).toBe(p.text);
  });

  it('drafts a task from the merged measure; it can then no longer be split', async () => {
    const merged = (await report()).measures[0];
    const row = office.locator('[data-test=measures] tbody tr').first();
    await row.locator('.el-checkbox').click();
    await office.locator('[data-test=create-drafts]').click();
    await see(office.locator('.el-message--success'), '已生成 1 项草稿任务');
    await see(office.locator('[data-test=drafts]'), '加强执法人员培训');
    expect(await row.locator('[data-action=split]').count()).toBe(0);
    await see(row, '已生成');

    const [task] = (await b.api.as('officeA').get('/api/tasks?status=draft').expect(200)).body.items;
    const detail = (await b.api.as('officeA').get(`/api/tasks/${task.id}`).expect(200)).body;
    expect(detail.sourceReport).toMatchObject({ itemId: merged.id, text: merged.text });
    expect(detail.leadUnit.id).toBe(b.api.org.units.justiceA);
    expect(detail.coOwners.map((c: { unitId: string }) => c.unitId)).toEqual([b.api.org.units.financeA]);
    await office.locator('.app-main').evaluate((el) => el.scrollTo(0, 0));
    await shot(office, 'report-review-after');
  });
});
