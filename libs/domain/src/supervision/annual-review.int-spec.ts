import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { createDataSource } from '@app/database';
import { createTestDatabase, TestDatabase } from '@app/testing';
import { FixedClock } from '../common/clock';
import type { Actor } from '../organisation/actor';
import { AccountabilityService } from './accountability.service';
import { AnnualReviewService } from './annual-review.service';

/**
 * The year's review from assessment documents as the quarterly beat issues them: weighted by the jurisdiction's
 * annualWeights, a missing quarter renormalised over the others, equal scores sharing a rank.
 */
describe('AnnualReviewService on PostgreSQL', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let sut: AnnualReviewService;
  let records: AccountabilityService;
  const unit: Record<string, string> = {};
  let office: Actor;
  let seq = 0;

  const addUnit = async (key: string, name: string, kind: string, jurisdiction?: string) => {
    const [row] = await ds.query(`INSERT INTO unit (code, name, kind, parent_id, jurisdiction_id, path)
      SELECT $1, $2, $3, $4::uuid, COALESCE($4::uuid, g), COALESCE((SELECT path FROM unit WHERE id = $4::uuid), '') || g || '/'
        FROM gen_random_uuid() g RETURNING id`, [key, name, kind, jurisdiction ?? null]);
    unit[key] = row.id;
  };
  /** An assessment as quarterlyReview writes it (only what the review reads matters). */
  const assess = async (key: string, quarter: string, score: number, lines: Array<[string, string | null, number]> = [],
    jurisdiction = unit.J) => {
    seq++;
    await ds.query(`INSERT INTO supervision_document (jurisdiction_id, kind, unit_id, period, year, seq, number, title, content,
        body_text, body_html, issued_at)
      VALUES ($1, 'assessment', $2, $3, $4, $5, $6, '考核结果', $7, '', '', now())`,
    [jurisdiction, unit[key], quarter, Number(quarter.slice(0, 4)), seq, `青法治办考核〔2026〕${seq}号`,
      { quarter, score, base: 100, rank: 1, tied: false, of: 4, lines: lines.map(([reason, code, points]) => ({ reason, code, points })) }]);
  };
  const actor = (role: Actor['role'], unitId: string, extra: Partial<Actor> = {}): Actor => ({ userId: office?.userId ?? '',
    username: 'x', displayName: 'x', role, unitId, unitName: '', jurisdictionId: unit.J, jurisdictionPath: '', jurisdictionIds: [unit.J],
    leaderUnitIds: [], ...extra });

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await createDataSource(db.url).initialize();
    const clock = new FixedClock(new Date('2026-12-20T02:00:00Z'));
    records = new AccountabilityService(ds, clock);
    sut = new AnnualReviewService(ds, records);
    await addUnit('J', '青山县人民政府', 'jurisdiction');
    await addUnit('K', '邻县人民政府', 'jurisdiction');
    await addUnit('office', '青山县法治办', 'office', unit.J);
    await addUnit('justice', '青山县司法局', 'department', unit.J);
    await addUnit('finance', '青山县财政局', 'department', unit.J);
    await addUnit('town', '青山县城关镇', 'township', unit.J);
    await addUnit('tax', '青山县税务局', 'department', unit.J);
    await addUnit('neighbour', '邻县司法局', 'department', unit.K);
    const [{ id }] = await ds.query(`INSERT INTO app_user (username, display_name, password_hash, role, unit_id)
      VALUES ('office', '王主任', 'x', 'office', $1) RETURNING id`, [unit.office]);
    office = actor('office', unit.office, { userId: id });
    await ds.query(`INSERT INTO cadence_policy (jurisdiction_id, policy) VALUES ($1, $2)`,
      [unit.J, { annualWeights: [0.1, 0.2, 0.3, 0.4] }]);

    // 司法局: every quarter; 0.1×95 + 0.2×88 + 0.3×90 + 0.4×98 = 93.3 (in binary floating point 93.30000000000001)
    await assess('justice', '2026Q1', 95, [['季末仍逾期', 'QS26-001', -5]]);
    await assess('justice', '2026Q2', 88, [['季末仍逾期', 'QS26-001', -5], ['被催办或督办', 'QS26-001', -2], ['提前办结', 'QS26-004', 1]]);
    await assess('justice', '2026Q3', 90);
    await assess('justice', '2026Q4', 98, [['办结申请被退回', 'QS26-007', -3]]);
    // 财政局: no Q2 (not yet a unit with tasks then); (0.1×90 + 0.3×95 + 0.4×95) ÷ 0.8 = 94.375
    await assess('finance', '2026Q1', 90);
    await assess('finance', '2026Q3', 95);
    await assess('finance', '2026Q4', 95);
    // 城关镇 ties at 93.3 with 司法局: the same rank, 并列
    for (const q of ['2026Q1', '2026Q2', '2026Q3', '2026Q4']) await assess('town', q, 93.3);
    await assess('tax', '2026Q1', 80);
    await assess('tax', '2026Q2', 80);
    await assess('tax', '2026Q3', 100);
    await assess('tax', '2026Q4', 100);
    // neither last year's nor the neighbour's count
    await assess('justice', '2025Q4', 10);
    await assess('neighbour', '2026Q1', 100, [], unit.K);
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('weights the four quarters exactly, lists every line of the year, and ranks equal scores together', async () => {
    const review = await sut.annual(office, 2026);
    expect(review).toMatchObject({ year: 2026, jurisdictionName: '青山县人民政府', weights: [0.1, 0.2, 0.3, 0.4],
      assessedQuarters: [1, 2, 3, 4], of: 4, note: null });
    expect(review.units.map((u) => [u.unitName, u.quarters, u.score, u.rank, u.tied])).toEqual([
      ['青山县财政局', [90, null, 95, 95], 94.375, 1, false],
      // 0.1×80 + 0.2×80 + 0.3×100 + 0.4×100
      ['青山县税务局', [80, 80, 100, 100], 94, 2, false],
      // 93.3 each: 并列第3, by name; the next unit would be 5th
      ['青山县城关镇', [93.3, 93.3, 93.3, 93.3], 93.3, 3, true],
      ['青山县司法局', [95, 88, 90, 98], 93.3, 3, true],
    ]);
    const justice = review.units.find((u) => u.unitName === '青山县司法局')!;
    expect(justice.score).toBe(93.3);
    expect(justice.score).not.toBe(0.1 * 95 + 0.2 * 88 + 0.3 * 90 + 0.4 * 98); // the float sum is off in the 14th place
    expect(justice.lines).toEqual([
      { quarter: 1, reason: '季末仍逾期', code: 'QS26-001', points: -5 },
      { quarter: 2, reason: '季末仍逾期', code: 'QS26-001', points: -5 },
      { quarter: 2, reason: '被催办或督办', code: 'QS26-001', points: -2 },
      { quarter: 2, reason: '提前办结', code: 'QS26-004', points: 1 },
      { quarter: 4, reason: '办结申请被退回', code: 'QS26-007', points: -3 },
    ]);
    expect(justice.note).toBeNull();
  });

  it('renormalises the weights over the quarters a unit was assessed in, and says so', async () => {
    const finance = (await sut.annual(office, 2026)).units.find((u) => u.unitName === '青山县财政局')!;
    expect(finance.score).toBe(94.375);
    expect(finance.note).toBe('缺二季度考核结果，年度得分按一、三、四季度的权重（合计0.8）折算');
  });

  it('keeps a repeating decimal to ten places and ranks on it', async () => {
    await ds.query(`UPDATE cadence_policy SET policy = $2 WHERE jurisdiction_id = $1`, [unit.J, { annualWeights: [0.25, 0.25, 0.25, 0.25] }]);
    try {
      const review = await sut.annual(office, 2026);
      // (90 + 95 + 95) ÷ 3
      expect(review.units.find((u) => u.unitName === '青山县财政局')!.score).toBe(93.3333333333);
      // 93.333… is above 城关镇's 93.3 though both show 93.3 to one decimal; 司法局 (95 + 88 + 90 + 98) ÷ 4
      expect(review.units.map((u) => [u.unitName, u.score, u.rank, u.tied])).toEqual([
        ['青山县财政局', 93.3333333333, 1, false], ['青山县城关镇', 93.3, 2, false], ['青山县司法局', 92.75, 3, false],
        ['青山县税务局', 90, 4, false]]);
    } finally {
      await ds.query(`UPDATE cadence_policy SET policy = $2 WHERE jurisdiction_id = $1`, [unit.J, { annualWeights: [0.1, 0.2, 0.3, 0.4] }]);
    }
  });

  it('says which quarters are not assessed yet, and a department sees only its own row with its rank among all', async () => {
    const midYear = await sut.annual(office, 2026);
    expect(midYear.note).toBeNull();
    await assess('justice', '2027Q1', 90);
    await assess('finance', '2027Q1', 90);
    await assess('finance', '2027Q2', 100);
    const next = await sut.annual(office, 2027);
    expect(next.note).toBe('三、四季度尚无考核结果，年度得分按已考核季度的权重折算');
    expect(next.units.map((u) => [u.unitName, u.score, u.note])).toEqual([
      // (0.1×90 + 0.2×100) ÷ 0.3 = 96.666…
      ['青山县财政局', 96.6666666667, null],
      ['青山县司法局', 90, '缺二季度考核结果，年度得分按一季度的权重（合计0.1）折算'],
    ]);

    const own = await sut.annual(actor('department', unit.justice), 2026);
    expect(own.units.map((u) => [u.unitName, u.rank, u.tied])).toEqual([['青山县司法局', 3, true]]);
    expect(own.of).toBe(4);
    const leader = await sut.annual(actor('leader', unit.J, { leaderUnitIds: [unit.town, unit.tax] }), 2026);
    expect(leader.units.map((u) => u.unitName)).toEqual(['青山县税务局', '青山县城关镇']);
    await expect(sut.annual(actor('office', unit.office), 2026, unit.K)).rejects.toMatchObject({ code: 'ANNUAL_REVIEW_FORBIDDEN' });
    await expect(sut.annual(actor('department', unit.justice), 2026, unit.K)).rejects.toMatchObject({ code: 'ANNUAL_REVIEW_FORBIDDEN' });
  });

  it('lists the unit’s 问责 records of the year, not the withdrawn ones, and a recorded unit without assessments unranked', async () => {
    const talk = await records.create(office, { unitId: unit.justice, year: 2026, measure: '约谈', reason: '两项任务逾期未办结',
      decidedOn: '2026-11-02' });
    await records.create(office, { unitId: unit.justice, year: 2026, measure: '通报批评', reason: '年内三次被督办', decidedOn: '2026-12-01' });
    const withdrawn = await records.create(office, { unitId: unit.finance, year: 2026, measure: '诫勉', reason: '登记错了', decidedOn: '2026-12-01' });
    await records.withdraw(office, withdrawn.id, '单位选错');
    await records.create(office, { unitId: unit.justice, year: 2025, measure: '约谈', reason: '去年的', decidedOn: '2026-01-05' });
    await records.create(office, { unitId: unit.office, year: 2026, measure: '其他', reason: '法治办自身', decidedOn: '2026-12-01' });

    const review = await sut.annual(office, 2026);
    const justice = review.units.find((u) => u.unitName === '青山县司法局')!;
    expect(justice.accountability.map((a) => [a.measure, a.decidedOn, a.createdByName])).toEqual([
      ['约谈', '2026-11-02', '王主任'], ['通报批评', '2026-12-01', '王主任']]);
    expect(justice.accountability[0].id).toBe(talk.id);
    expect(review.units.find((u) => u.unitName === '青山县财政局')!.accountability).toEqual([]);
    expect(review.units[review.units.length - 1]).toMatchObject({ unitName: '青山县法治办', score: null, rank: null,
      note: '本年度未参加季度考核' });
    expect(review.of).toBe(4);
    const [{ withdrawn_by: by, withdraw_reason: why }] = await ds.query(`SELECT withdrawn_by, withdraw_reason FROM accountability_record
      WHERE id = $1`, [withdrawn.id]);
    expect([by, why]).toEqual([office.userId, '单位选错']);
  });
});
