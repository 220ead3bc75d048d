import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { browserUnavailable, BrowserHarness, login, see, shot, startBrowser } from './browser';

const unavailable = browserUnavailable();
if (unavailable) console.warn(`browser tests skipped: ${unavailable}`);
const describeBrowser = unavailable ? describe.skip : describe;
jest.setTimeout(90_000);

const REPORT = readFileSync(join(__dirname, '..', 'fixtures', 'jia-justice-2024.txt'));

interface Item { id: string; text: string; heading: string; span: { start: number; end: number } | null; tasks: unknown[];
  suggestion: { leadUnitId: string | null; deadline: string } | null }

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
    { text: string; problems: Item[]; measures: Item[]; links: Array<{ problemItemId: string; measureItemId: string; status: string }> };
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

    // the success message comes before the page has reloaded the items: wait for the table to change, not for a row
    await office.waitForFunction("document.querySelectorAll('[data-test=measures] tbody tr').length !== 3", undefined,
      { timeout: 10_000 }).catch(() => undefined);
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
    // the report's plan year 2025 is this year's: drafts go to it, as the field next to the button says
    expect(await office.locator('[data-test=plan-year-input] input').first().inputValue()).toBe('2025');
    await see(office.locator('[data-test=plan-year-note]').first(), '默认按报告的计划年度（2025年）；任务编号随计划年度编排');
    await office.locator('[data-test=create-drafts]').click();
    await see(office.locator('.el-message--success'), '已生成 1 项草稿任务');
    await see(office.locator('[data-test=drafts]'), '加强执法人员培训');
    expect(await row.locator('[data-action=split]').count()).toBe(0);
    await see(row, '已生成');

    const [task] = (await b.api.as('officeA').get('/api/tasks?status=draft').expect(200)).body.items;
    const detail = (await b.api.as('officeA').get(`/api/tasks/${task.id}`).expect(200)).body;
    expect(detail.sourceReport).toMatchObject({ itemId: merged.id, text: merged.text });
    expect(detail.leadUnit.id).toBe(b.api.org.units.justiceA);
    expect(detail).toMatchObject({ planYear: 2025, code: expect.stringMatching(/^2025-/) });
    expect(detail.coOwners.map((c: { unitId: string }) => c.unitId)).toEqual([b.api.org.units.financeA]);
    await office.locator('.app-main').evaluate((el) => el.scrollTo(0, 0));
    await shot(office, 'report-review-after');
  });

  it('edits a measure’s text in a dialog: its suggested lead, deadline and links follow, its highlight shows it was edited', async () => {
    const before = (await report()).measures[1];
    const row = office.locator('[data-test=measures] tbody tr').nth(1);
    await see(row, before.heading);
    await row.locator('[data-action=edit]').click();
    await see(dialog(), '修改条目');
    expect(await dialog().locator('textarea').inputValue()).toBe(before.text);
    const text = '保障乡镇司法所经费。由县财政局牵头，第三季度前完成乡镇司法所经费核定，改善办公条件。';
    await dialog().locator('textarea').fill(text);
    // the old heading does not stay on the new text
    expect(await dialog().locator('[data-test=item-heading] input, input[data-test=item-heading]').inputValue()).toBe('');
    await shot(office, 'report-review-edit-dialog');
    await dialog().locator('[data-test=save-item]').click();
    await see(office.locator('.el-message--success'), '已保存“保障乡镇司法所经费”');

    await see(row, '保障乡镇司法所经费');
    await see(row, '甲县财政局');
    expect(await row.locator('.el-date-editor input').inputValue()).toBe('2025-09-30');
    const after = await report();
    const edited = after.measures[1];
    expect(edited).toMatchObject({ id: before.id, text, span: before.span });
    expect(edited.suggestion).toMatchObject({ leadUnitId: b.api.org.units.financeA, deadline: '2025-09-30' });
    // the highlight stays where the measure came from, marked as edited
    const mark = office.locator(`#span-${edited.id}`);
    expect(await mark.getAttribute('class')).toContain('edited');
    expect(await mark.textContent()).toBe(after.text.slice(before.span!.start, before.span!.end));
    // the link table shows the links worked out from the new words
    const links = after.links.filter((l) => l.measureItemId === edited.id);
    expect(links.length).toBeGreaterThan(0);
    expect(await office.locator('[data-test=links] tbody tr', { hasText: '保障乡镇司法所经费' }).count()).toBe(links.length);
  });

  it('adds a measure picked from the report text; it is highlighted and gets a row with its suggestion', async () => {
    const words = '组织领导干部集中学法四次';
    const rowsBefore = await office.locator('[data-test=measures] tbody tr').count();
    // select the words in the report pane as a user would with the mouse
    await office.evaluate(`(() => {
      const box = document.querySelector('[data-test=report-text]');
      const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const at = n.textContent.indexOf(${JSON.stringify(words)});
        if (at < 0) continue;
        const range = document.createRange();
        range.setStart(n, at);
        range.setEnd(n, at + ${words.length});
        window.getSelection().removeAllRanges();
        window.getSelection().addRange(range);
        return;
      }
    })()`);
    await see(office.locator('[data-test=pick-bar]'), `已选 ${words.length} 字`);
    await office.locator('[data-test=add-picked]').click();
    await see(dialog(), '新增条目');
    await see(dialog(), '取自报告原文第');
    expect(await dialog().locator('textarea').inputValue()).toBe(words);
    await dialog().locator('[data-test=save-item]').click();
    await see(office.locator('.el-message--success'), `已添加“${words}”`);

    const added = (await report()).measures.find((m) => m.text === words)!;
    const text = (await report()).text;
    expect(text.slice(added.span!.start, added.span!.end)).toBe(words);
    expect(await office.locator(`#span-${added.id}`).textContent()).toBe(words);
    await office.locator('[data-test=measures] tbody tr').nth(rowsBefore).waitFor();
    // it comes first: its words are earlier in the report than the plan section
    await see(office.locator('[data-test=measures] tbody tr').first(), words);
  });

  it('deletes an item after confirming; an item with a task cannot be deleted, and says why', async () => {
    const rows = office.locator('[data-test=measures] tbody tr');
    const tasked = rows.filter({ hasText: '加强执法人员培训' });
    expect(await tasked.locator('[data-action=delete]').isDisabled()).toBe(true);
    await tasked.locator('[data-test=item-locked]').hover();
    await see(office.locator('.el-popper:visible'), '已生成任务');
    await see(office.locator('.el-popper:visible'), '不能拆分、修改或删除');

    const count = await rows.count();
    const picked = rows.filter({ hasText: '组织领导干部集中学法四次' });
    await picked.locator('[data-action=delete]').click();
    await see(office.locator('.el-message-box'), '确定删除“组织领导干部集中学法四次”吗？');
    await office.locator('.el-message-box .el-button--primary').click();
    await see(office.locator('.el-message--success'), '已删除');
    await rows.nth(count - 1).waitFor({ state: 'detached' });
    expect(await rows.count()).toBe(count - 1);
    expect((await report()).measures.map((m) => m.text)).not.toContain('组织领导干部集中学法四次');
    expect(await office.locator('[data-test=report-text] mark', { hasText: '组织领导干部集中学法四次' }).count()).toBe(0);

    // a task made from an item behind the page's back: the API's refusal is shown
    const edited = (await report()).measures.find((m) => m.heading === '保障乡镇司法所经费')!;
    await b.api.as('officeA').post(`/api/reports/${reportId}/drafts`, { items: [{ itemId: edited.id }] }).expect(201);
    await rows.filter({ hasText: '保障乡镇司法所经费' }).locator('[data-action=delete]').click();
    await office.locator('.el-message-box .el-button--primary').click();
    await see(office.locator('.el-message--error'), '已生成任务');
    await see(office.locator('.el-message--error'), '不能删除');
    expect((await report()).measures.map((m) => m.id)).toContain(edited.id);
    // and the page now shows the item as having a task
    await see(rows.filter({ hasText: '保障乡镇司法所经费' }), '已生成');
    expect(await rows.filter({ hasText: '保障乡镇司法所经费' }).locator('[data-action=delete]').isDisabled()).toBe(true);
    await office.locator('.app-main').evaluate((el) => el.scrollTo(0, 0));
    await shot(office, 'report-review-items-after');
  });

  it('drafts a problem as 整改任务 from its dialog; a past deadline is marked on its row and drafting it names the row', async () => {
    const target = (await report()).problems.at(-1)!;
    const problem = office.locator('[data-test=problem]', { hasText: target.heading });
    await problem.locator('[data-test=draft-problem]').click();
    await see(dialog(), `整改：${target.heading}`);
    const lead = dialog().locator('[data-test=problem-lead]');
    if (!(await lead.textContent())?.includes('甲县')) {
      await lead.click();
      await office.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: '甲县司法局' }).click();
    }
    expect(await dialog().locator('.el-date-editor input').inputValue()).toBe(target.suggestion!.deadline);
    // the dialog shows the plan year with why; the office puts this 整改任务 into next year's plan
    await see(dialog().locator('[data-test=plan-year-note]'), '默认按报告的计划年度（2025年）');
    const year = dialog().locator('[data-test=plan-year-input] input');
    await year.fill('2026');
    await year.press('Tab');
    await shot(office, 'report-review-problem-dialog');
    await dialog().locator('[data-test=confirm-problem-draft]').click();
    await see(office.locator('.el-message--success'), '已生成整改任务');
    await see(problem.locator('[data-test=problem-tasks]'), '已生成整改任务');
    expect(await problem.locator('[data-test=draft-problem]').count()).toBe(0);
    const tasks = (await b.api.as('officeA').get(`/api/tasks?reportId=${reportId}&status=draft`).expect(200)).body.items;
    expect(tasks.find((t: { title: string }) => t.title === `整改：${target.heading}`))
      .toMatchObject({ planYear: 2026, code: expect.stringMatching(/^2026-/) });

    // a measure added meanwhile; its deadline set to a day already past
    await b.api.as('officeA').post(`/api/reports/${reportId}/items`, { kind: 'measure', text: '健全行政执法公示制度，年底前完成。' }).expect(201);
    await office.reload();
    const row = office.locator('[data-test=measures] tbody tr', { hasText: '健全行政执法公示制度' });
    await row.waitFor();
    expect(await row.locator('[data-test=past-deadline]').count()).toBe(0);
    const input = row.locator('.el-date-editor input');
    await input.fill('2025-01-31');
    await input.press('Enter');
    await see(row.locator('[data-test=past-deadline]'), '已过期');
    expect(await input.evaluate((el) => el.ownerDocument.defaultView!.getComputedStyle(el).color)).toBe('rgb(208, 48, 80)');
    await row.locator('.el-checkbox').click();
    await office.locator('[data-test=create-drafts]').click();
    await see(office.locator('.el-message--error'), '第3条举措：完成时限2025-01-31早于今天');
    await row.scrollIntoViewIfNeeded();
    await shot(office, 'report-review-past-deadline');
  });

  it('renames the report, and says why it cannot be deleted while tasks come from it', async () => {
    await office.locator('[data-test=rename-report]').click();
    const box = office.locator('.el-message-box');
    await box.locator('input').fill('甲县司法局2024年度法治政府建设情况报告（修订）');
    await box.locator('.el-button--primary').click();
    await see(office.locator('[data-test=report-title]'), '甲县司法局2024年度法治政府建设情况报告（修订）');
    expect((await b.api.as('officeA').get(`/api/reports/${reportId}`).expect(200)).body.title).toBe('甲县司法局2024年度法治政府建设情况报告（修订）');

    await office.locator('[data-test=delete-report]').click();
    await see(office.locator('.el-message-box'), '已由它生成任务的报告不能删除');
    await office.locator('.el-message-box .el-button--primary').click();
    await see(office.locator('.el-message--error'), '不能删除；任务以本报告为来源');
    expect(office.url()).toContain(`/reports/${reportId}`);
    await b.api.as('officeA').get(`/api/reports/${reportId}`).expect(200);
  });
});
