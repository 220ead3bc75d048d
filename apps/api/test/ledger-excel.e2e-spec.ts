import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ExcelJS from 'exceljs';
import { withFormattedEmptyRows, withManyCells, zipBombXlsx } from './fixtures/hostile-xlsx';
import type { Response } from 'superagent';
import { excel1904Workbook, excelZhCnWorkbook, LEDGER_TASKS, wpsWorkbook } from './fixtures/office-xlsx';
import { ApiHarness, startApi } from './harness';

type Callback = (err: Error | null, body: Buffer) => void;
const binary = (res: Response, cb: Callback) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

async function openSheet(content: Buffer): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(content as unknown as ArrayBuffer);
  return wb.worksheets[0];
}

const cellText = (v: ExcelJS.CellValue) => (v instanceof Date ? v.toISOString().slice(0, 10) : v);

/** A sheet as users make it: the template's headers, cells of every kind Excel and WPS write. */
async function sheet(rows: ExcelJS.CellValue[][], headers = ['序号', '计划年度', '任务来源', '问题/举措内容', '牵头单位', '配合单位',
  '责任领导', '完成时限', '任务说明']): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet1');
  ws.addRow(headers);
  for (const r of rows) ws.addRow(r);
  ws.getColumn(8).numFmt = 'yyyy-mm-dd';
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('Excel ledger export and import', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApi('2026-03-02T02:00:00Z');
  });
  afterAll(() => h?.close());

  const create = async (title: string, leadUnitId: string, deadline: string, publish = true, extra: object = {}) => {
    const res = await h.as('officeA').post('/api/tasks', {
      title, planYear: 2026, leadUnitId, deadline, source: '2025年报告', ...extra }).expect(201);
    if (publish) await h.as('officeA').post(`/api/tasks/${res.body.id}/publish`).expect(200);
    return res.body as { id: string; code: string };
  };
  const taskCount = async () => Number((await h.dataSource.query(`SELECT count(*) AS n FROM task`))[0].n);

  it('exports the filtered ledger in the caller\'s scope, with frozen headers, dates and the overdue columns', async () => {
    const t1 = await create('规范行政执法程序', h.org.units.justiceA, '2026-03-10', true,
      { coOwnerUnitIds: [h.org.units.financeA], responsibleLeaderId: h.org.users.leaderA.id });
    await create('财政预算公开', h.org.units.financeA, '2026-04-30', true, { reportCycle: { kind: 'monthly', day: 20 } });
    await create('城关镇矛盾纠纷化解', h.org.units.townA, '2026-05-31');
    await create('草稿任务', h.org.units.justiceA, '2026-06-30', false);
    h.clock.set('2026-03-15T02:00:00Z'); // t1 is now 5 days overdue

    const office = await h.as('officeA').get('/api/tasks/export.xlsx').buffer(true).parse(binary).expect(200);
    expect(office.headers['content-type']).toContain('spreadsheetml');
    expect(office.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('任务台账-2026-03-15.xlsx')}`);
    const ws = await openSheet(office.body);
    // a title (the county, 截至 the day of export), then the header, frozen and repeated on every printed A4 landscape page
    expect(ws.getCell('A1').value).toBe('甲县督办任务台账');
    expect(ws.getCell('A1').font).toMatchObject({ bold: true });
    expect(ws.getCell('M1').isMerged).toBe(true);
    expect(ws.getCell('A2').value).toBe('截至日期：2026年3月15日');
    expect((ws.getRow(3).values as unknown[]).slice(1)).toEqual(['序号', '任务编号', '任务来源', '问题/举措内容', '牵头单位',
      '配合单位', '责任领导', '完成时限', '原定时限', '进展情况', '状态', '是否逾期', '逾期天数', '工作重点', '报送周期', '最近报送']);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
    expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0,
      printTitlesRow: '3:3' });
    expect(ws.rowCount).toBe(7); // the office sees its drafts too
    expect((ws.getRow(4).values as ExcelJS.CellValue[]).slice(1).map(cellText)).toEqual([1, t1.code, '2025年报告',
      '规范行政执法程序', '甲县司法局', '甲县财政局', 'leaderA', '2026-03-10', '2026-03-10', '0%', '待签收', '是', 5]);
    expect(ws.getRow(4).getCell(14).value).toBeNull(); // under no 工作重点
    // 定期报送: the cycle as it reads, and no report made yet
    expect([ws.getRow(5).getCell(4).value, ws.getRow(5).getCell(15).value, ws.getRow(5).getCell(16).value])
      .toEqual(['财政预算公开', '每月20日前', null]);
    expect(ws.getRow(4).getCell(15).value).toBeNull();

    // the same filters as the list: a department's export holds only what it may see, filtered
    const dept = await h.as('justiceA').get('/api/tasks/export.xlsx').buffer(true).parse(binary).expect(200);
    const deptSheet = await openSheet(dept.body);
    expect(deptSheet.rowCount).toBe(4);
    expect(deptSheet.getCell('D4').value).toBe('规范行政执法程序');
    const finance = await h.as('financeA').get('/api/tasks/export.xlsx?overdue=false').buffer(true).parse(binary).expect(200);
    const financeSheet = await openSheet(finance.body);
    expect(financeSheet.getColumn(4).values.slice(4)).toEqual(['财政预算公开']); // co-owner of t1, but t1 is overdue
    const filtered = await h.as('officeA').get(`/api/tasks/export.xlsx?leadUnitId=${h.org.units.townA}`).buffer(true)
      .parse(binary).expect(200);
    expect((await openSheet(filtered.body)).getColumn(4).values.slice(4)).toEqual(['城关镇矛盾纠纷化解']);
    await h.as('justiceB').get('/api/tasks/export.xlsx').buffer(true).parse(binary).expect(200)
      .then(async (r) => {
        const other = await openSheet(r.body);
        expect(other.getCell('A1').value).toBe('乙县督办任务台账'); // the department's own county
        expect(other.rowCount).toBe(3);
      });
    h.clock.set('2026-03-02T02:00:00Z');
  });

  it('serves the import template with the columns the import reads, the county\'s units as drop-downs and an example row', async () => {
    const res = await h.as('officeA').get('/api/tasks/import-template.xlsx').buffer(true).parse(binary).expect(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as unknown as ArrayBuffer);
    const [ws, list] = wb.worksheets;
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(['序号', '计划年度', '任务来源', '问题/举措内容', '牵头单位',
      '配合单位', '责任领导', '完成时限', '任务说明']);
    // the example row says what it is and is greyed
    expect(ws.getCell('A2').value).toBe('示例');
    expect(String(ws.getCell('D2').value)).toMatch(/^示例：.*导入时跳过/);
    expect(ws.getCell('D2').font).toMatchObject({ italic: true, color: { argb: 'FF909399' } });
    expect(ws.getCell('E2').value).toBe('甲县司法局');
    // the assignable units of the office's county (not 乙县's, not the county itself), on a hidden sheet the lists refer to
    expect(list).toMatchObject({ name: '单位名录', state: 'hidden' });
    expect(list.getColumn(1).values.slice(1)).toEqual(['甲县财政局', '甲县依法治县办', '甲县司法局', '甲县城关镇']);
    for (const cell of ['E3', 'F3', 'E5001']) {
      expect(ws.getCell(cell).dataValidation).toMatchObject({ type: 'list', formulae: ["'单位名录'!$A$1:$A$4"] });
    }
    expect(ws.getCell('E3').dataValidation).toMatchObject({ showErrorMessage: true, errorStyle: 'warning' }); // short names may stay
    expect(ws.getCell('F3').dataValidation.showErrorMessage ?? false).toBe(false); // 配合单位 holds several names (absent: off)
    expect(ws.getCell('G3').dataValidation).toBeUndefined();

    // uploaded as downloaded: nothing imported, no error
    const before = await taskCount();
    const imported = await h.as('officeA').upload('/api/tasks/import', {}, [{ name: '任务导入模板.xlsx', content: res.body }]).expect(200);
    expect(imported.body).toEqual({ rows: 0, created: 0, skipped: 0, taskIds: [] });
    expect(await taskCount()).toBe(before);
    // the other county's template lists its own units
    const other = await h.as('officeB').get('/api/tasks/import-template.xlsx').buffer(true).parse(binary).expect(200);
    const otherBook = new ExcelJS.Workbook();
    await otherBook.xlsx.load(other.body as unknown as ArrayBuffer);
    expect(otherBook.worksheets[1].getColumn(1).values.slice(1)).toEqual(['乙县依法治县办', '乙县司法局']);
  });

  it('imports the template filled in under its example row, the example skipped, short unit names resolved', async () => {
    const res = await h.as('officeA').get('/api/tasks/import-template.xlsx').buffer(true).parse(binary).expect(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    ws.addRow([1, 2026, null, '短名称：县司法局牵头', '县司法局', '财政局、县城关镇', null, '2026-08-31', null]);
    ws.addRow([2, 2026, null, '短名称：城关镇牵头', '城关镇', '司法局', null, '2026-09-30', null]);
    // a template of before: the example marked in its content only
    ws.addRow([3, 2026, null, '（示例，导入前请删除本行）开展行政执法人员法治培训', '县司法局', null, null, '2026-12-31', null]);
    const filled = Buffer.from(await wb.xlsx.writeBuffer());
    const imported = await h.as('officeA').upload('/api/tasks/import', {}, [{ name: '台账.xlsx', content: filled }]).expect(200);
    expect(imported.body).toMatchObject({ rows: 2, created: 2 });
    const rows = await h.dataSource.query(
      `SELECT t.title, lu.name AS lead,
              (SELECT string_agg(u.name, '、' ORDER BY u.code) FROM task_co_owner c JOIN unit u ON u.id = c.unit_id WHERE c.task_id = t.id) AS co
         FROM task t JOIN unit lu ON lu.id = t.lead_unit_id WHERE t.id = ANY($1::uuid[]) ORDER BY t.code`, [imported.body.taskIds]);
    expect(rows).toEqual([
      { title: '短名称：县司法局牵头', lead: '甲县司法局', co: '甲县财政局、甲县城关镇' },
      { title: '短名称：城关镇牵头', lead: '甲县城关镇', co: '甲县司法局' },
    ]);
  });

  it('imports a valid sheet as drafts in one go, whatever kind of cells it has, and not again on re-import', async () => {
    const before = await taskCount();
    const content = await sheet([
      [1, 2026, '2025年报告', '推进行政复议规范化建设', '甲县司法局', '甲县财政局、甲县城关镇', 'leaderA', new Date(Date.UTC(2026, 5, 30)), '说明'],
      // rich text (WPS), a formula with its cached result, a date as text with slashes
      [2, { formula: '2025+1', result: 2026 } as ExcelJS.CellFormulaValue, null,
        { richText: [{ text: '加强' }, { font: { bold: true }, text: '执法监督' }] }, 'A-CZJ', null, null, '2026/9/1', null],
      [3, '2026', null, '  完善  矛盾纠纷多元化解机制 ', '甲县城关镇', null, null, '2026年12月31日', null],
      [4, 2026, null, '序列号形式的日期', '甲县财政局', null, null, 46203, null], // 46203 = 2026-06-30
    ]);
    const res = await h.as('officeA').upload('/api/tasks/import', {}, [{ name: '台账.xlsx', content }]).expect(200);
    expect(res.body).toMatchObject({ rows: 4, created: 4, skipped: 0 });
    const rows: Array<Record<string, unknown>> = await h.dataSource.query(
      `SELECT t.title, t.status, t.plan_year, t.current_deadline::text AS deadline, t.source, t.description, lu.name AS lead,
              (SELECT string_agg(u.name, '、' ORDER BY u.code) FROM task_co_owner c JOIN unit u ON u.id = c.unit_id WHERE c.task_id = t.id) AS co
         FROM task t JOIN unit lu ON lu.id = t.lead_unit_id WHERE t.id = ANY($1::uuid[]) ORDER BY t.code`, [res.body.taskIds]);
    expect(rows).toEqual([
      { title: '推进行政复议规范化建设', status: 'draft', plan_year: 2026, deadline: '2026-06-30', source: '2025年报告',
        description: '说明', lead: '甲县司法局', co: '甲县财政局、甲县城关镇' },
      { title: '加强执法监督', status: 'draft', plan_year: 2026, deadline: '2026-09-01', source: null, description: '', lead: '甲县财政局', co: null },
      { title: '完善 矛盾纠纷多元化解机制', status: 'draft', plan_year: 2026, deadline: '2026-12-31', source: null, description: '',
        lead: '甲县城关镇', co: null },
      { title: '序列号形式的日期', status: 'draft', plan_year: 2026, deadline: '2026-06-30', source: null, description: '',
        lead: '甲县财政局', co: null },
    ]);
    expect(await taskCount()).toBe(before + 4);

    const again = await h.as('officeA').upload('/api/tasks/import', {}, [{ name: '台账.xlsx', content }]).expect(200);
    expect(again.body).toMatchObject({ rows: 4, created: 0, skipped: 4 });
    expect(await taskCount()).toBe(before + 4);
  });

  it('reads a sheet written the way other generators do: inline rich text, string formulas, parts after the sheet', async () => {
    // hand-made (zip order: sheet before sharedStrings.xml and styles.xml); an inline rich string of two runs, a
    // formula year, a string formula, a rich shared string, a date serial with a 年月日 format and a text date
    const content = readFileSync(join(__dirname, 'fixtures', 'ledger-inline-rich-text.xlsx'));
    const res = await h.as('officeA').upload('/api/tasks/import', {}, [{ name: 'wps.xlsx', content }]).expect(200);
    expect(res.body).toMatchObject({ rows: 2, created: 2 });
    const rows = await h.dataSource.query(`SELECT t.title, t.plan_year, t.current_deadline::text AS deadline, lu.name AS lead
      FROM task t JOIN unit lu ON lu.id = t.lead_unit_id WHERE t.id = ANY($1::uuid[]) ORDER BY t.code`, [res.body.taskIds]);
    expect(rows).toEqual([
      { title: '加强执法监督', plan_year: 2026, deadline: '2026-06-30', lead: '甲县司法局' },
      { title: '规范执法', plan_year: 2026, deadline: '2026-09-01', lead: '甲县司法局' },
    ]);
  });

  // workbooks written part by part as Excel and WPS save them (see fixtures/office-xlsx.ts for what each one holds)
  it.each([
    ['Excel zh-CN: phonetic runs, rich text, _x000D_ breaks, formats 14/31/57/58, hidden first sheet', excelZhCnWorkbook],
    ['Excel, 1904 date system: custom yyyy"年"m"月"d"日" and yyyy/m/d, format 31, a DATE() formula', excel1904Workbook],
    ['WPS: instructions sheet first, inline strings, numbers and dates as text, full-width spaces, line breaks', wpsWorkbook],
  ])('imports the same tasks from a workbook saved by %s', async (_, build) => {
    // forget earlier imports (the other tests and workbooks hold the same rows), so that these rows are created
    await h.dataSource.query(`UPDATE task SET import_key = NULL`);
    const res = await h.as('officeA').upload('/api/tasks/import', {}, [{ name: '台账.xlsx', content: await build() }]).expect(200);
    expect(res.body).toMatchObject({ rows: 4, created: 4, skipped: 0 });
    const rows = await h.dataSource.query(
      `SELECT t.title, t.plan_year AS "planYear", t.current_deadline::text AS deadline, t.source, t.description,
              lu.name AS lead, l.username AS leader,
              (SELECT string_agg(u.name, '、' ORDER BY u.code) FROM task_co_owner c JOIN unit u ON u.id = c.unit_id WHERE c.task_id = t.id) AS co
         FROM task t JOIN unit lu ON lu.id = t.lead_unit_id LEFT JOIN app_user l ON l.id = t.responsible_leader_id
        WHERE t.id = ANY($1::uuid[]) ORDER BY t.code`, [res.body.taskIds]);
    expect(rows).toEqual(LEDGER_TASKS);
  });

  it('rejects a sheet with bad rows as a whole, listing every bad row, and writes nothing', async () => {
    const before = await taskCount();
    const events = Number((await h.dataSource.query(`SELECT count(*) AS n FROM task_event`))[0].n);
    const content = await sheet([
      [1, 2026, null, '这一行是对的', '甲县司法局', null, null, '2026-07-01', null],
      [2, 2026, null, '单位不存在', '甲县不存在局', null, null, '2026-07-01', null],
      [3, 2026, null, '日期不对', '甲县司法局', null, null, '2026/13/45', null],
      [4, 2026, null, null, '甲县司法局', null, null, '2026-07-01', null],
      [5, '明年', null, '年度不对', '甲县司法局', '乙县司法局', null, '2026-07-01', null],
      [6, 2026, null, '已过期', '甲县司法局', null, null, '2026-01-01', null],
    ]);
    const res = await h.as('officeA').upload('/api/tasks/import', {}, [{ name: 'bad.xlsx', content }]).expect(400);
    expect(res.body).toMatchObject({ code: 'LEDGER_IMPORT_INVALID', message: expect.stringContaining('5 行数据有误') });
    expect(res.body.details.rows).toEqual([
      { row: 3, field: '牵头单位', reason: '单位“甲县不存在局”不在本辖区的单位名录中' },
      { row: 4, field: '完成时限', reason: expect.stringContaining('不是有效日期') },
      { row: 5, field: '问题/举措内容', reason: '问题/举措内容不能为空' },
      { row: 6, field: '计划年度', reason: expect.stringContaining('计划年度“明年”无效') },
      { row: 6, field: '配合单位', reason: '单位“乙县司法局”不在本辖区的单位名录中' },
      { row: 7, field: '完成时限', reason: '完成时限 2026-01-01 早于今天' },
    ]);
    expect(await taskCount()).toBe(before);
    expect(Number((await h.dataSource.query(`SELECT count(*) AS n FROM task_event`))[0].n)).toBe(events);
  });

  const ndjson = (body: Buffer) => body.toString('utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  const NDJSON = 'application/x-ndjson';

  it('streams the progress of a large import as NDJSON, validating then writing, ending with the plain answer', async () => {
    const n = 1200;
    const content = await sheet(Array.from({ length: n }, (_, i) =>
      [i + 1, 2026, null, `流式导入第${i + 1}项`, '甲县司法局', null, null, '2026-07-01', null]));
    const before = await taskCount();
    const res = await h.as('officeA').upload('/api/tasks/import', {}, [{ name: 'big.xlsx', content }]).set('Accept', NDJSON)
      .buffer(true).parse(binary).expect(200);
    expect(res.headers['content-type']).toContain(NDJSON);
    const lines = ndjson(res.body);
    const progress = lines.slice(0, -1);
    expect(progress.every((l) => l.type === 'progress' && l.total === n)).toBe(true);
    const phases = progress.map((l) => l.phase);
    expect(phases.indexOf('writing')).toBe(phases.lastIndexOf('validating') + 1); // all validating, then all writing
    expect(progress[0]).toEqual({ type: 'progress', phase: 'validating', done: 0, total: n });
    expect(progress[phases.lastIndexOf('validating')]).toMatchObject({ done: n });
    expect(progress.at(-1)).toEqual({ type: 'progress', phase: 'writing', done: n, total: n });
    for (const phase of ['validating', 'writing']) {
      const done = progress.filter((l) => l.phase === phase).map((l) => l.done as number);
      expect(done.length).toBeGreaterThan(3);
      expect(done).toEqual([...done].sort((a, b) => a - b)); // never goes back
    }
    const last = lines.at(-1)!;
    expect(last).toEqual({ type: 'result', result: { rows: n, created: n, skipped: 0, taskIds: expect.any(Array) } });
    expect(await taskCount()).toBe(before + n);

    // the same sheet again: the streamed answer ends with exactly what the plain request answers
    const plain = await h.as('officeA').upload('/api/tasks/import', {}, [{ name: 'big.xlsx', content }]).expect(200);
    expect(plain.body).toEqual({ rows: n, created: 0, skipped: n, taskIds: [] });
    const again = await h.as('officeA').upload('/api/tasks/import', {}, [{ name: 'big.xlsx', content }]).set('Accept', NDJSON)
      .buffer(true).parse(binary).expect(200);
    expect(ndjson(again.body).at(-1)).toEqual({ type: 'result', result: plain.body });
    expect(await taskCount()).toBe(before + n);
  });

  it('ends the stream of an invalid sheet with the plain 400 body, writes nothing; file-level errors stay plain', async () => {
    const content = await sheet([
      [1, 2026, null, '这一行是对的', '甲县司法局', null, null, '2026-07-01', null],
      [2, 2026, null, '单位不存在', '甲县不存在局', null, null, '2026-07-01', null],
    ]);
    const before = await taskCount();
    const plain = await h.as('officeA').upload('/api/tasks/import', {}, [{ name: 'bad.xlsx', content }]).expect(400);
    const streamed = await h.as('officeA').upload('/api/tasks/import', {}, [{ name: 'bad.xlsx', content }]).set('Accept', NDJSON)
      .buffer(true).parse(binary).expect(200);
    const lines = ndjson(streamed.body);
    expect(lines.slice(0, -1).map((l) => l.phase)).toEqual(['validating', 'validating']); // 0 of 2, 2 of 2; no writing
    expect(lines.at(-1)).toEqual({ type: 'error', error: { ...plain.body, requestId: expect.any(String) } });
    expect(plain.body).toMatchObject({ code: 'LEDGER_IMPORT_INVALID', details: { rows: [{ row: 3, field: '牵头单位' }] } });
    expect(await taskCount()).toBe(before);

    const junk = await h.as('officeA').upload('/api/tasks/import', {}, [{ name: 'x.xlsx', content: Buffer.from('not a zip') }])
      .set('Accept', NDJSON).expect(400);
    expect(junk.headers['content-type']).toContain('application/json');
    expect(junk.body.code).toBe('LEDGER_IMPORT_UNREADABLE');
    await h.as('justiceA').upload('/api/tasks/import', {}, [{ name: 'x.xlsx', content }]).set('Accept', NDJSON).expect(403);
  });

  it('names a sheet without the template headers, refuses non-xlsx files and non-office callers', async () => {
    const noHeaders = await sheet([[1, 2, 3]], ['a', 'b', 'c']);
    const res = await h.as('officeA').upload('/api/tasks/import', {}, [{ name: 'x.xlsx', content: noHeaders }]).expect(400);
    expect(res.body.details.rows[0]).toMatchObject({ row: 1, field: '表头' });
    const junk = await h.as('officeA').upload('/api/tasks/import', {}, [{ name: 'x.xlsx', content: Buffer.from('not a zip') }]).expect(400);
    expect(junk.body.code).toBe('LEDGER_IMPORT_UNREADABLE');
    const before = await taskCount();
    const huge = await sheet(Array.from({ length: 5011 }, (_, i) => [i + 1, 2026, null, `第${i + 1}项`, '甲县司法局', null, null, '2026-07-01', null]));
    const tooMany = await h.as('officeA').upload('/api/tasks/import', {}, [{ name: 'x.xlsx', content: huge }]).expect(400);
    expect(tooMany.body).toMatchObject({ code: 'LEDGER_IMPORT_INVALID', message: '一次最多导入 5000 行，请分批导入' });
    expect(await taskCount()).toBe(before);
    const valid = await sheet([[1, 2026, null, '部门不能导入', '甲县司法局', null, null, '2026-07-01', null]]);
    await h.as('justiceA').upload('/api/tasks/import', {}, [{ name: 'x.xlsx', content: valid }]).expect(403);
  });

  it('names the row and the column of a short name that fits two units, or none', async () => {
    // a development zone inside the county has a justice bureau of its own: 司法局 alone may be either
    const zone = (await h.as('admin').post('/api/units', { code: 'A-KFQ', name: '甲县经开区', kind: 'jurisdiction',
      parentId: h.org.units.countyA }).expect(201)).body.id;
    await h.as('admin').post('/api/units', { code: 'A-KFQ-SFJ', name: '经开区司法局', kind: 'department', parentId: zone }).expect(201);
    const before = await taskCount();
    const content = await sheet([
      [1, 2026, null, '县司法局仍只有一个', '县司法局', null, null, '2026-07-01', null],
      [2, 2026, null, '司法局有两个', '司法局', null, null, '2026-07-01', null],
      [3, 2026, null, '配合单位不认识', '县司法局', '财政局、县水利局', null, '2026-07-01', null],
    ]);
    const res = await h.as('officeA').upload('/api/tasks/import', {}, [{ name: 'names.xlsx', content }]).expect(400);
    expect(res.body).toMatchObject({ code: 'LEDGER_IMPORT_INVALID', message: expect.stringContaining('2 行数据有误') });
    expect(res.body.details.rows).toEqual([
      { row: 3, field: '牵头单位', reason: '单位“司法局”可指 经开区司法局、甲县司法局，请填写全称或单位编码' },
      { row: 4, field: '配合单位', reason: '单位“县水利局”不在本辖区的单位名录中' },
    ]);
    expect(await taskCount()).toBe(before);
  });

  it('refuses workbooks built to exhaust the server before reading them whole', async () => {
    const before = await taskCount();
    const valid = await sheet([[1, 2026, null, '加强执法监督', '甲县司法局', null, null, '2026-07-01', null]]);
    const bomb = await h.as('officeA').upload('/api/tasks/import', {}, [{ name: 'x.xlsx', content: await zipBombXlsx(valid, 400) }])
      .expect(413);
    expect(bomb.body).toMatchObject({ code: 'ARCHIVE_TOO_LARGE', message: expect.stringContaining('解压后过大') });
    // 300,000 formatted empty rows: a few MB zipped, under the inflated cap, past the row guard
    const emptyRows = await withFormattedEmptyRows(valid, 300_000);
    const t0 = Date.now();
    const rows = await h.as('officeA').upload('/api/tasks/import', {}, [{ name: 'x.xlsx', content: emptyRows }]).expect(413);
    expect(rows.body).toMatchObject({ code: 'LEDGER_IMPORT_TOO_LARGE', message: expect.stringContaining('空行') });
    expect(Date.now() - t0).toBeLessThan(10_000);
    // 5,000 rows of 60 numbers: under the row limits, 300,000 cells are past what the full reader may hold
    const cells = await h.as('officeA').upload('/api/tasks/import', {}, [{ name: 'x.xlsx', content: await withManyCells(valid, 5000, 60) }])
      .expect(413);
    expect(cells.body).toMatchObject({ code: 'LEDGER_IMPORT_TOO_LARGE', details: { maxCells: 200_000 } });
    expect(await taskCount()).toBe(before);
  });

  it('exports the lead unit\'s latest progress note beside the percentage, not an earlier one nor a co-owner\'s', async () => {
    const t = await create('推进政务公开标准化', h.org.units.justiceA, '2026-09-30', true, { coOwnerUnitIds: [h.org.units.financeA] });
    const report = async (who: 'justiceA' | 'financeA', at: string, note: string, percent: number) => {
      h.clock.set(at);
      await h.as(who).post(`/api/tasks/${t.id}/progress`, { note, percent }).expect(201);
    };
    await report('justiceA', '2026-03-03T02:00:00Z', '已起草方案', 20);
    await report('justiceA', '2026-03-04T02:00:00Z', '方案已印发', 40);
    await report('financeA', '2026-03-05T02:00:00Z', '已提供预算公开数据', 60);
    const res = await h.as('officeA').get(`/api/tasks/export.xlsx?leadUnitId=${h.org.units.justiceA}`).buffer(true).parse(binary)
      .expect(200);
    const ws = await openSheet(res.body);
    const row = ws.getColumn(4).values.indexOf('推进政务公开标准化');
    expect(ws.getRow(row).getCell(10).value).toBe('40%；方案已印发');
    h.clock.set('2026-03-02T02:00:00Z');
  });
});
