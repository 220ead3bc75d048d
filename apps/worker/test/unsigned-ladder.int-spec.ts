import { DataSource } from 'typeorm';
import { addDaysToDate, FixedClock } from '@app/domain';
import { createTestDatabase, TEST_REDIS_URL, TestDatabase, uniqueName } from '@app/testing';
import { BEATS, cadenceContext, counts, insertTask, Seed, seedJurisdiction } from './cadence-fixture';

/** Beijing 10:30 on a date: every beat's default time has passed. */
const at = (date: string) => new Date(`${date}T10:30:00+08:00`);

/**
 * The unsigned ladder over 元旦 2026 (01-01…01-03 off, Sunday 01-04 a make-up working day), slips of Tuesday
 * 2025-12-30: working days after the slip 12-31, 01-04, 01-05 (3: chased on 01-06), 01-06, 01-07, 01-08 (6: 督办 on
 * Friday 01-09), 01-09, 01-12, 01-13, 01-14 (10: named on 01-15), in January's bulletin.
 */
describe('a task never signed for climbs its own ladder: 签收催办, 督办, 点名 (real PostgreSQL and Redis, a FixedClock)', () => {
  let db: TestDatabase;
  let ctx: Awaited<ReturnType<typeof cadenceContext>>;
  let ds: DataSource;
  let s: Seed;
  const clock = new FixedClock(at('2025-12-29'));
  const t: Record<string, string> = {};
  let deputy: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    ctx = await cadenceContext({ DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: uniqueName('ul') }, clock);
    ds = ctx.ds;
    s = await seedJurisdiction(ds);
    // the county's default leader: 督办 of a unit without a leader in charge (the finance bureau) go to him
    [{ id: deputy }] = await ds.query(`INSERT INTO app_user (username, display_name, password_hash, role, unit_id)
      VALUES ('zhao', '赵县长', 'x', 'leader', $1) RETURNING id`, [s.jurisdiction]);
    await ds.query(`INSERT INTO cadence_policy (jurisdiction_id, policy) VALUES ($1, $2)`, [s.jurisdiction, { defaultLeaderId: deputy }]);
  });
  afterAll(async () => {
    await ctx?.queue.obliterate({ force: true });
    await ctx?.app.close();
    await db?.drop();
  });

  /** Every beat, as the worker would, on the clock's day. */
  const day = async (date: string) => {
    clock.set(at(date));
    for (const beat of BEATS) await ctx.runBeat.execute({ beat });
  };
  const steps = async (task: string) => (await ds.query(`SELECT kind, (created_at AT TIME ZONE 'Asia/Shanghai')::date::text AS day
    FROM supervision_mark WHERE task_id = $1 AND kind <> 'assign_slip' ORDER BY created_at, kind`, [task])).map((r: any) => [r.kind, r.day]);
  const receivers = async (documentNumber: string) => (await ds.query(`SELECT coalesce(n.recipient_user_id, n.recipient_unit_id) AS id
    FROM notification n JOIN supervision_document d ON d.id = n.document_id WHERE d.number = $1`, [documentNumber]))
    .map((r: any) => r.id).sort();

  it('chases on the 4th working day, 督办 on the 7th to the leader in charge (or the default leader), names on the 11th; a signed or cancelled task stops', async () => {
    const slipped = '2025-12-29T15:00:00+08:00'; // Monday afternoon: on Tuesday's slips
    t.never = await insertTask(ds, s, { unit: s.units.a, assignedAt: slipped, deadline: '2026-06-30', title: '清理规范性文件' });
    t.cancelled = await insertTask(ds, s, { unit: s.units.a, assignedAt: slipped, deadline: '2026-06-30' });
    t.noLeader = await insertTask(ds, s, { unit: s.units.b, assignedAt: slipped, deadline: '2026-06-30', title: '公布权责清单' });
    t.signed = await insertTask(ds, s, { unit: s.units.c, assignedAt: slipped, deadline: '2026-06-30' });
    // signed for and overdue since 12-31: its own (deadline) 督办 on 01-08, numbered in the same 督办 sequence
    t.overdue = await insertTask(ds, s, { unit: s.units.b, assignedAt: '2025-12-01T09:00:00+08:00', deadline: '2025-12-31',
      status: 'acknowledged' });
    const events: Record<string, () => Promise<unknown>> = {
      '2026-01-07': () => ds.query(`UPDATE task SET status = 'acknowledged', acknowledged_at = $2 WHERE id = $1`, [t.signed, at('2026-01-07')]),
      '2026-01-08': () => ds.query(`UPDATE task SET status = 'cancelled', cancelled_at = $2 WHERE id = $1`, [t.cancelled, at('2026-01-08')]),
    };
    for (let d = '2025-12-30'; d <= '2026-02-02'; d = addDaysToDate(d, 1)) {
      await events[d]?.();
      await day(d);
    }

    expect(await steps(t.never)).toEqual([['ack_chase', '2026-01-06'], ['ack_supervise', '2026-01-09'], ['ack_name', '2026-01-15']]);
    expect(await steps(t.noLeader)).toEqual([['ack_chase', '2026-01-06'], ['ack_supervise', '2026-01-09'], ['ack_name', '2026-01-15']]);
    // signed for the day after its chase, cancelled two days after: no 督办, not named
    expect(await steps(t.signed)).toEqual([['ack_chase', '2026-01-06']]);
    expect(await steps(t.cancelled)).toEqual([['ack_chase', '2026-01-06']]);

    const sups = await ds.query(`SELECT d.unit_id, d.number, d.title, d.body_text, d.content,
      (d.issued_at AT TIME ZONE 'Asia/Shanghai')::date::text AS day FROM supervision_document d
      WHERE d.kind IN ('supervise', 'ack_supervise') ORDER BY d.issued_at, d.number`);
    // one 督办 sequence: the overdue task's on 01-08, then the two of the unsigned ladder on 01-09
    expect(sups.map((d: any) => [d.day, d.number])).toEqual([['2026-01-08', '甲法治办督办〔2026〕1号'],
      ['2026-01-09', expect.stringMatching(/^甲法治办督办〔2026〕[23]号$/)], ['2026-01-09', expect.stringMatching(/^甲法治办督办〔2026〕[23]号$/)]]);
    const slipOf = async (unit: string) => (await ds.query(`SELECT number FROM supervision_document WHERE kind = 'assign_slip'
      AND unit_id = $1`, [unit]))[0].number as string;

    // the justice bureau's: to its leader in charge by name; received by him, the office and the bureau
    const a = sups.find((d: any) => d.unit_id === s.units.a);
    const text = a.body_text.split('\n');
    expect(text.slice(0, 6)).toEqual(['甲县依法治县办', a.number, '', '督办通知单', '', 'leader同志：']);
    expect(text[6]).toBe(`　　甲县司法局对2025年12月30日印发的交办单（${await slipOf(s.units.a)}）所列以下1项任务，自交办单印发次日起已满6个工作日，` +
      '经签收催办仍未签收，现提请督办。');
    expect(a.body_text).toContain('清理规范性文件');
    expect(a.body_text).toContain('请督促甲县司法局即日登录督办系统签收');
    expect(text.slice(-4)).toEqual(['甲县依法治县办', '2026年1月9日', '', '抄送：甲县司法局，甲县依法治县办。']);
    expect(a.content.items.map((l: any) => l.taskId)).toEqual([t.never]); // the cancelled task is no longer on it
    expect(await receivers(a.number)).toEqual([s.leader, s.office, s.units.a].sort());
    // the finance bureau has no leader in charge: the default leader's
    const b = sups.find((d: any) => d.unit_id === s.units.b && d.day === '2026-01-09');
    expect(b.body_text.split('\n')[5]).toBe('赵县长同志：');
    expect(b.body_text).toContain(`2025年12月30日印发的交办单（${await slipOf(s.units.b)}）`);
    expect(await receivers(b.number)).toEqual([deputy, s.office, s.units.b].sort());
    // the township signed for: no 督办
    expect(sups.filter((d: any) => d.unit_id === s.units.c)).toEqual([]);

    // January's bulletin (issued 02-02) names both tasks 未签收
    const [bulletin] = await ds.query(`SELECT content, body_text FROM supervision_document WHERE kind = 'bulletin' AND period = '2026-01'`);
    expect(bulletin.content.unsigned.map((u: any) => [u.unitName, u.title, u.slipDate, u.workingDays])).toEqual([
      ['甲县司法局', '清理规范性文件', '2025-12-30', 10], ['甲县财政局', '公布权责清单', '2025-12-30', 10]]); // by slip, then code
    expect(bulletin.body_text).toContain('交办单超期未签收、点名通报的任务2项：');
    expect(bulletin.content.summary.overall).toContain('甲县司法局、甲县财政局有交办任务超期未签收被点名通报，共2项。');
    expect(bulletin.content.summary.nextSteps).toContain('请甲县司法局、甲县财政局即日登录督办系统签收被点名的交办任务');
    expect(bulletin.body_text).toContain(`甲县司法局“清理规范性文件”（`);
    expect(bulletin.body_text).toContain(`2025年12月30日印发的交办单${await slipOf(s.units.a)}超过10个工作日未签收，点名通报）`);
  }, 60_000);

  it('issues nothing twice: a rerun of a day, or the daily beat run again after its record is gone, finds every step taken', async () => {
    const before = await counts(ds);
    clock.set(at('2026-01-09'));
    const again = await ctx.runBeat.execute({ beat: 'daily-assign' });
    expect(again.documents).toEqual({ created: 0, existing: 2 }); // the day's two 督办, counted as already there
    expect(again.notifications).toEqual({ created: 0, existing: 6 });
    // the marks, not the beat's record, keep each step to once per task and slip
    await ds.query(`DELETE FROM beat_run WHERE beat = 'daily-assign' AND period >= '2026-01-06'`);
    for (let d = '2026-01-06'; d <= '2026-02-02'; d = addDaysToDate(d, 1)) {
      clock.set(at(d));
      const summary = await ctx.runBeat.execute({ beat: 'daily-assign' });
      expect(summary.documents.created).toBe(0);
    }
    const after = await counts(ds);
    expect({ ...after, runs: before.runs }).toEqual(before);
  });

  it('counts the unsigned 督办 in the quarter\'s 考核 like the other escalations, and each chase as a slip not signed for', async () => {
    clock.set(at('2026-04-01'));
    await ctx.runBeat.execute({ beat: 'quarterly-review' });
    const [q1] = await ds.query(`SELECT content FROM supervision_document WHERE kind = 'assessment' AND period = '2026Q1' AND unit_id = $1`,
      [s.units.a]);
    expect(q1.content.lines.map((l: any) => [l.reason, l.points]).sort()).toEqual([['交办单超期未签收', -1], ['交办单超期未签收', -1],
      ['被催办或督办', -2]]);
    expect(q1.content.score).toBe(96);
  });
});
