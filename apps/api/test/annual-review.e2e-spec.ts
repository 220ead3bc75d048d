import * as ExcelJS from 'exceljs';
import { ApiHarness, Org, startApi } from './harness';
import { binary, tableOf } from './xlsx-sheets';

type Caller = keyof Org['users'];

/**
 * 年度考核 and 问责 over HTTP: the year's assessment documents (as the quarterly beat issues them) rolled up per unit,
 * the office recording 问责, each role seeing what it may, and the workbook read back.
 */
describe('annual review and accountability records over HTTP', () => {
  let h: ApiHarness;
  let named: { id: string; code: string };
  let seq = 0;

  const assess = async (unit: string, jurisdiction: string, quarter: string, score: number, lines: Array<[string, string, number]> = []) => {
    seq++;
    await h.dataSource.query(`INSERT INTO supervision_document (jurisdiction_id, kind, unit_id, period, year, seq, number, title,
        content, body_text, body_html, issued_at)
      VALUES ($1, 'assessment', $2, $3, $4, $5, $6, '考核结果', $7, '', '', now())`,
    [jurisdiction, unit, quarter, 2026, seq, `甲法治办考核〔2026〕${seq}号`,
      { quarter, score, base: 100, rank: 1, tied: false, of: 3, lines: lines.map(([reason, code, points]) => ({ reason, code, points })) }]);
  };

  beforeAll(async () => {
    h = await startApi('2026-12-20T02:00:00Z');
    const u = h.org.units;
    // assigned in January, due at the end of June (the clock stands in December: the API would refuse a past deadline)
    [named] = await h.dataSource.query(`INSERT INTO task (jurisdiction_id, code, plan_year, title, lead_unit_id, original_deadline,
        current_deadline, status, assigned_at, created_by)
      VALUES ($1, 'A26-001', 2026, '规范行政执法程序', $2, DATE '2026-06-30', DATE '2026-06-30', 'assigned', TIMESTAMPTZ '2026-01-05 09:00+08', $3)
      RETURNING id, code`, [u.countyA, u.justiceA, h.org.users.officeA.id]);
    // 点名通报 in the July bulletin, as the escalation ladder's last step marks it
    await h.dataSource.query(`INSERT INTO supervision_mark (kind, task_id, unit_id, created_at) VALUES ('name', $1, $2, $3)`,
      [named.id, u.justiceA, new Date('2026-07-13T02:00:00Z')]);

    for (const [q, s] of [['2026Q1', 96], ['2026Q2', 86], ['2026Q3', 91], ['2026Q4', 95]] as const) {
      await assess(u.justiceA, u.countyA, q, s, q === '2026Q2' ? [['季末仍逾期', named.code, -5], ['被催办或督办', named.code, -2]] : []);
    }
    for (const [q, s] of [['2026Q1', 100], ['2026Q3', 90], ['2026Q4', 89]] as const) await assess(u.financeA, u.countyA, q, s);
    for (const q of ['2026Q1', '2026Q2', '2026Q3', '2026Q4']) await assess(u.townA, u.countyA, q, 92);
    await assess(u.justiceB, u.countyB, '2026Q1', 70);
  });
  afterAll(() => h?.close());

  const review = (as: Caller, query = 'year=2026') => h.as(as).get(`/api/assessments/annual?${query}`);

  it('gives the office every unit of its county: four quarters, the weighted year, ranks with 并列, the lines of the year', async () => {
    const body = (await review('officeA').expect(200)).body;
    expect(body).toMatchObject({ year: 2026, jurisdictionName: '甲县人民政府', weights: [0.25, 0.25, 0.25, 0.25], of: 3, note: null });
    expect(body.units.map((x: { unitName: string; quarters: unknown[]; score: number; rank: number; tied: boolean }) =>
      [x.unitName, x.quarters, x.score, x.rank, x.tied])).toEqual([
      // (100 + 90 + 89) ÷ 3 = 93 over the three quarters it was assessed in; (96 + 86 + 91 + 95) ÷ 4 = 92
      ['甲县财政局', [100, null, 90, 89], 93, 1, false],
      ['甲县城关镇', [92, 92, 92, 92], 92, 2, true],
      ['甲县司法局', [96, 86, 91, 95], 92, 2, true],
    ]);
    expect(body.units[0].note).toBe('缺二季度考核结果，年度得分按一、三、四季度的权重（合计0.75）折算');
    expect(body.units[2].lines).toEqual([{ quarter: 2, reason: '季末仍逾期', code: named.code, points: -5 },
      { quarter: 2, reason: '被催办或督办', code: named.code, points: -2 }]);
  });

  it('weights the quarters as the county’s 督办节奏 says, refusing weights that do not sum to 1 with 季度权重 named', async () => {
    const url = `/api/jurisdictions/${h.org.units.countyA}/cadence-policy`;
    const bad = await h.as('officeA').put(url, { annualWeights: [0.3, 0.3, 0.3, 0.3] }).expect(400);
    expect(bad.body).toMatchObject({ code: 'CADENCE_POLICY_INVALID', message: '督办节奏设置有误：季度权重之和应为 1（现为 1.2）' });
    await h.as('officeA').put(url, { annualWeights: [0.1, 0.2, 0.3, 0.4] }).expect(200);
    try {
      const body = (await review('officeA').expect(200)).body;
      expect(body.weights).toEqual([0.1, 0.2, 0.3, 0.4]);
      // 财政局 (0.1×100 + 0.3×90 + 0.4×89) ÷ 0.8 = 90.75; 司法局 9.6 + 17.2 + 27.3 + 38 = 92.1; 城关镇 92
      expect(body.units.map((x: { unitName: string; score: number; rank: number }) => [x.unitName, x.score, x.rank])).toEqual([
        ['甲县司法局', 92.1, 1], ['甲县城关镇', 92, 2], ['甲县财政局', 90.75, 3]]);
    } finally {
      await h.as('officeA').put(url, {}).expect(200);
    }
  });

  it('shows a department only its own row, a leader the units in charge; another county is refused', async () => {
    const own = (await review('justiceA').expect(200)).body;
    expect(own.units.map((x: { unitName: string; rank: number }) => [x.unitName, x.rank])).toEqual([['甲县司法局', 2]]);
    expect(own.of).toBe(3);
    expect((await review('leaderA2').expect(200)).body.units.map((x: { unitName: string }) => x.unitName)).toEqual(['甲县城关镇']);
    expect((await review('officeB').expect(200)).body.units.map((x: { unitName: string }) => x.unitName)).toEqual(['乙县司法局']);
    const other = await review('officeB', `year=2026&jurisdictionId=${h.org.units.countyA}`).expect(403);
    expect(other.body.code).toBe('ANNUAL_REVIEW_FORBIDDEN');
    await review('justiceB', `year=2026&jurisdictionId=${h.org.units.countyA}`).expect(403);
    await h.as('officeB').get(`/api/assessments/annual/export.xlsx?year=2026&jurisdictionId=${h.org.units.countyA}`).expect(403);
    expect((await review('officeA', 'year=26').expect(400)).body.message).toBe('请求参数有误：年度不能小于 2000');
    expect((await review('admin').expect(400)).body.code).toBe('JURISDICTION_REQUIRED');
    expect((await review('admin', `year=2026&jurisdictionId=${h.org.units.countyA}`).expect(200)).body.units).toHaveLength(3);
  });

  it('lets the office record 问责 against a unit, offering the tasks named in the year; the unit reads its own', async () => {
    const u = h.org.units;
    const picks = (await h.as('officeA').get(`/api/accountability/named-tasks?unitId=${u.justiceA}&year=2026`).expect(200)).body;
    expect(picks).toEqual([{ taskId: named.id, code: named.code, title: '规范行政执法程序', namedOn: '2026-07-13' }]);
    expect((await h.as('officeA').get(`/api/accountability/named-tasks?unitId=${u.justiceA}&year=2025`).expect(200)).body).toEqual([]);

    const created = (await h.as('officeA').post('/api/accountability', { unitId: u.justiceA, year: 2026, taskId: named.id,
      measure: '约谈', reason: '  任务逾期两个季度未办结 ', decidedOn: '2026-08-05' }).expect(201)).body;
    expect(created).toMatchObject({ unitName: '甲县司法局', taskCode: named.code, measure: '约谈', reason: '任务逾期两个季度未办结',
      decidedOn: '2026-08-05', createdByName: 'officeA' });
    await h.as('officeA').post('/api/accountability', { unitId: u.townA, year: 2026, measure: '通报批评', reason: '多次未按期报送进展',
      decidedOn: '2026-11-10' }).expect(201);

    const list = (as: Caller) => h.as(as).get('/api/accountability?year=2026').expect(200).then((r) => r.body);
    expect((await list('officeA')).items.map((x: { unitName: string }) => x.unitName)).toEqual(['甲县城关镇', '甲县司法局']);
    expect((await list('officeA')).total).toBe(2);
    expect((await list('justiceA')).items.map((x: { id: string }) => x.id)).toEqual([created.id]);
    expect((await list('leaderA2')).items.map((x: { unitName: string }) => x.unitName)).toEqual(['甲县城关镇']);
    expect((await list('financeA')).items).toEqual([]);
    expect((await list('officeB')).items).toEqual([]);
    const page = (await h.as('officeA').get('/api/accountability?year=2026&limit=1').expect(200)).body;
    const rest = (await h.as('officeA').get(`/api/accountability?year=2026&limit=1&after=${page.nextCursor}`).expect(200)).body;
    expect([...page.items, ...rest.items].map((x: { unitName: string }) => x.unitName)).toEqual(['甲县城关镇', '甲县司法局']);
    expect(rest.nextCursor).toBeNull();

    const justice = (await review('justiceA').expect(200)).body.units[0];
    expect(justice.accountability.map((a: { measure: string }) => a.measure)).toEqual(['约谈']);
  });

  it('refuses 问责 from anyone but the county’s office, and bad fields with the field named', async () => {
    const u = h.org.units;
    const body = { unitId: u.justiceA, year: 2026, measure: '约谈', reason: '事由', decidedOn: '2026-08-05' };
    for (const who of ['justiceA', 'leaderA'] as const) {
      expect((await h.as(who).post('/api/accountability', body).expect(403)).body.code).toBe('ACCOUNTABILITY_FORBIDDEN');
    }
    expect((await h.as('officeB').post('/api/accountability', body).expect(400)).body)
      .toMatchObject({ code: 'ACCOUNTABILITY_INVALID', message: '单位不存在或不属于本辖区' });
    await h.as('officeB').get(`/api/accountability/named-tasks?unitId=${u.justiceA}&year=2026`).expect(400);
    const bad = async (patch: object) => (await h.as('officeA').post('/api/accountability', { ...body, ...patch }).expect(400)).body;
    expect((await bad({ measure: '罚款' })).message).toBe('请求参数有误：措施取值不在允许范围内');
    expect((await bad({ reason: '  ' })).message).toBe('请求参数有误：事由不能为空');
    expect((await bad({ reason: '长'.repeat(501) })).message).toBe('请求参数有误：事由不能超过 500 个字符');
    expect((await bad({ decidedOn: '2026-13-01' })).message).toBe('请求参数有误：决定日期必须是 YYYY-MM-DD 格式的日期');
    expect((await bad({ decidedOn: '2026-12-21' })).message).toBe('决定日期不能晚于今天');
    expect((await bad({ decidedOn: '2025-12-30' })).message).toBe('决定日期不能早于问责所属年度（2026年）');
    expect((await bad({ unitId: u.financeA, taskId: (await h.dataSource.query(`SELECT id FROM task LIMIT 1`))[0].id })))
      .toMatchObject({ code: 'ACCOUNTABILITY_INVALID', message: '关联任务应为该单位牵头或被督办的任务' });
  });

  it('withdraws a record with a reason, only by the county’s office; it leaves the list and the year', async () => {
    const record = (await h.as('officeA').post('/api/accountability', { unitId: h.org.units.financeA, year: 2026, measure: '诫勉',
      reason: '登记错误', decidedOn: '2026-12-01' }).expect(201)).body;
    const url = `/api/accountability/${record.id}?reason=${encodeURIComponent('单位选错')}`;
    expect((await h.as('financeA').delete(url).expect(403)).body.code).toBe('ACCOUNTABILITY_FORBIDDEN');
    expect((await h.as('officeB').delete(url).expect(404)).body.code).toBe('ACCOUNTABILITY_NOT_FOUND');
    expect((await h.as('officeA').delete(`/api/accountability/${record.id}`).expect(400)).body.message).toContain('撤销理由');
    await h.as('officeA').delete(url).expect(204);
    await h.as('officeA').delete(url).expect(404);
    expect((await h.as('financeA').get('/api/accountability?year=2026').expect(200)).body.items).toEqual([]);
    expect((await review('financeA').expect(200)).body.units[0].accountability).toEqual([]);
  });

  it('exports the year as .xlsx: the ranks and scores, every line, the 问责 records; a department its own row', async () => {
    const res = await h.as('officeA').get('/api/assessments/annual/export.xlsx?year=2026').buffer(true).parse(binary).expect(200);
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('年度考核-2026年.xlsx'));
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.body as unknown as ArrayBuffer);
    expect(book.worksheets.map((w) => w.name)).toEqual(['年度考核', '扣分明细', '问责记录']);
    const ranks = book.getWorksheet('年度考核')!;
    expect(ranks.getCell('A1').value).toBe('甲县2026年度法治建设任务督办考核结果');
    const table = tableOf(ranks, '排名');
    expect(table.header).toEqual(['排名', '单位', '一季度', '二季度', '三季度', '四季度', '年度得分', '问责', '说明']);
    expect(table.rows).toEqual([
      [1, '甲县财政局', 100, '—', 90, 89, 93, 0, '缺二季度考核结果，年度得分按一、三、四季度的权重（合计0.75）折算'],
      ['并列第2', '甲县城关镇', 92, 92, 92, 92, 92, 1, null],
      ['并列第2', '甲县司法局', 96, 86, 91, 95, 92, 1, null],
    ]);
    expect(tableOf(book.getWorksheet('扣分明细')!, '单位').rows).toEqual([
      ['甲县司法局', '二季度', '季末仍逾期', named.code, -5], ['甲县司法局', '二季度', '被催办或督办', named.code, -2]]);
    expect(tableOf(book.getWorksheet('问责记录')!, '单位').rows).toEqual([
      ['甲县城关镇', '通报批评', '2026-11-10', null, '多次未按期报送进展'],
      ['甲县司法局', '约谈', '2026-08-05', named.code, '任务逾期两个季度未办结']]);

    const own = await h.as('justiceA').get('/api/assessments/annual/export.xlsx?year=2026').buffer(true).parse(binary).expect(200);
    const ownBook = new ExcelJS.Workbook();
    await ownBook.xlsx.load(own.body as unknown as ArrayBuffer);
    expect(tableOf(ownBook.getWorksheet('年度考核')!, '排名').rows.map((r) => r[1])).toEqual(['甲县司法局']);
  });
});
