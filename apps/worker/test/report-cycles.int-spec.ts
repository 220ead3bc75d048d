import { PassThrough } from 'node:stream';
import * as ExcelJS from 'exceljs';
import { DataSource } from 'typeorm';
import { addDaysToDate, DocumentExcelService, SupervisionModule } from '@app/domain';
import { createTestDatabase, TEST_REDIS_URL, TestDatabase, uniqueName } from '@app/testing';
import { cadenceContext, insertTask, Seed, seedJurisdiction } from './cadence-fixture';

/** Beijing 10:30 on a date: every beat's default time has passed. */
const at = (date: string) => new Date(`${date}T10:30:00+08:00`);

describe('定期报送: reporting cycles in the beats (real PostgreSQL and Redis, November 2026 day by day)', () => {
  let db: TestDatabase;
  let ctx: Awaited<ReturnType<typeof cadenceContext>>;
  let ds: DataSource;
  let s: Seed;
  const t: Record<string, string> = {};

  beforeAll(async () => {
    db = await createTestDatabase();
    ctx = await cadenceContext({ DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: uniqueName('rc') }, undefined,
      [SupervisionModule]);
    ds = ctx.ds;
    s = await seedJurisdiction(ds);
    const task = async (unit: string, cycle: object | null) => {
      const id = await insertTask(ds, s, { unit, assignedAt: '2026-10-15T09:00:00+08:00', deadline: '2027-06-30', status: 'acknowledged' });
      await ds.query(`UPDATE task SET progress_percent = 30, report_cycle = $2, report_cycle_since = CASE WHEN $2::jsonb IS NULL THEN NULL ELSE '2026-10-15'::date END
        WHERE id = $1`, [id, cycle && JSON.stringify(cycle)]);
      return id;
    };
    t.monthly = await task(s.units.a, { kind: 'monthly', day: 20 }); // 每月20日前, never reports in November
    t.onTime = await task(s.units.b, { kind: 'monthly', day: 20 }); // reports on the 19th
    t.plain = await task(s.units.b, null); // no cycle: the staleDays rule as before
    t.weekly = await task(s.units.c, { kind: 'weekly', day: 5 }); // 每周五前: reports in the week of 11-02, not in 11-09's
    // 每月20日前 set on 11-10, in the middle of November: December is its first period
    t.setLate = await task(s.units.a, { kind: 'monthly', day: 20 });
    await ds.query(`UPDATE task SET report_cycle_since = '2026-11-10' WHERE id = $1`, [t.setLate]);
  });
  afterAll(async () => {
    await ctx?.queue.obliterate({ force: true });
    await ctx?.app.close();
    await db?.drop();
  });

  const progress = (taskId: string, unit: string, date: string) => ds.query(`INSERT INTO task_progress (task_id, unit_id, author_id,
    note, percent, created_at) VALUES ($1, $2, $3, '本期进展', 30, $4)`, [taskId, unit, s.officeUser, at(date)]);
  const chases = (): Promise<Array<{ day: string; unit_id: string; items: Array<Record<string, unknown>> }>> => ds.query(
    `SELECT (issued_at AT TIME ZONE 'Asia/Shanghai')::date::text AS day, unit_id, content->'items' AS items
       FROM supervision_document WHERE kind = 'report_chase' ORDER BY issued_at, number`);
  const flagsOn = async (date: string, taskId: string): Promise<string[] | undefined> => {
    const [d] = await ds.query(`SELECT i->'flags' AS flags FROM supervision_document d, jsonb_array_elements(d.content->'items') i
      WHERE d.kind = 'work_reminder' AND d.period = (SELECT period FROM supervision_document WHERE kind = 'work_reminder'
        AND (issued_at AT TIME ZONE 'Asia/Shanghai')::date = $1 LIMIT 1) AND i->>'taskId' = $2`, [date, taskId]);
    return d?.flags;
  };

  it('reminds before the report day, chases (催报) the working day after a missed one, once, and names the unit in the bulletin', async () => {
    await progress(t.weekly, s.units.c, '2026-11-06'); // week of 11-02: reported on its Friday
    await progress(t.onTime, s.units.b, '2026-11-19'); // the day before the 20th
    for (let d = '2026-11-02'; d <= '2026-12-01'; d = addDaysToDate(d, 1)) {
      for (const beat of ['daily-assign', 'weekly-remind', 'monthly-bulletin'] as const) await ctx.runBeat.execute({ beat, at: at(d) });
    }

    const all = await chases();
    const byTask = (id: string) => all.flatMap((c) => c.items.filter((i) => i.taskId === id).map((i) => [c.day, i.period, i.reportDay]));
    // the missed 20th (a Friday) is chased on Monday 11-23, the next working day, and not again
    expect(byTask(t.monthly)).toEqual([['2026-11-23', '2026-11', '2026-11-20']]);
    // reported on the 19th: it counts, no 催报
    expect(byTask(t.onTime)).toEqual([]);
    expect(byTask(t.plain)).toEqual([]);
    expect(byTask(t.setLate)).toEqual([]); // set mid-month: not chased for that month
    // the weekly reporter: the week before (10-26, its report day 10-30) on the first beat, then every missed Friday's
    // the Monday after; the week it reported is not chased
    expect(byTask(t.weekly)).toEqual([['2026-11-02', '2026-W44', '2026-10-30'], ['2026-11-16', '2026-W46', '2026-11-13'],
      ['2026-11-23', '2026-W47', '2026-11-20'], ['2026-11-30', '2026-W48', '2026-11-27']]);
    const monthlyChase = all.find((c) => c.items.some((i) => i.taskId === t.monthly))!;
    expect(monthlyChase.unit_id).toBe(s.units.a);
    expect(monthlyChase.items[0]).toMatchObject({ cycle: '每月20日前', lastReport: null });
    const marks = await ds.query(`SELECT ref FROM supervision_mark WHERE kind = 'report_chase' AND task_id = $1`, [t.monthly]);
    expect(marks).toEqual([{ ref: '2026-11' }]);

    // the weekly 工作提醒: 待报送 on the Monday before the 20th, 久未报送 the Monday after; stale only without a cycle
    expect(await flagsOn('2026-11-16', t.monthly)).toEqual(['report_due']);
    expect(await flagsOn('2026-11-16', t.onTime)).toEqual(['report_due']);
    expect(await flagsOn('2026-11-23', t.monthly)).toEqual(['report_missed']);
    expect(await flagsOn('2026-11-23', t.onTime)).toBeUndefined();
    expect(await flagsOn('2026-11-23', t.plain)).toEqual(['stale']); // 39 days without progress, staleDays 35
    expect(await flagsOn('2026-11-09', t.weekly)).toEqual(['report_due']); // reported last week; this Friday ahead
    expect(await flagsOn('2026-11-16', t.weekly)).toEqual(['report_due', 'report_missed']);
    const [reminder] = await ds.query(`SELECT body_text FROM supervision_document WHERE kind = 'work_reminder' AND unit_id = $1
      AND (issued_at AT TIME ZONE 'Asia/Shanghai')::date = '2026-11-23'`, [s.units.a]);
    expect(reminder.body_text).toContain('久未报送');

    // the November bulletin (issued 12-01) names the units chased in November for a missed report; 财政局 reported
    const [bulletin] = await ds.query(`SELECT content, body_text FROM supervision_document WHERE kind = 'bulletin' AND period = '2026-11'`);
    expect(bulletin.content.missedReports.map((m: { unitName: string; code: string }) => m.unitName))
      .toEqual(['甲县司法局', '甲县城关镇', '甲县城关镇', '甲县城关镇', '甲县城关镇']);
    expect(bulletin.body_text).toContain('未按期报送进展的单位2个、任务5项：甲县司法局');
    expect(bulletin.body_text).not.toContain('甲县财政局（');
    // and in its Excel, a sheet of their own
    const excel = ctx.app.get(DocumentExcelService);
    const office = { role: 'office', jurisdictionId: s.jurisdiction, jurisdictionIds: [s.jurisdiction], unitId: s.office,
      userId: s.officeUser } as never;
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    await excel.writeBulletins(await excel.bulletins(office, '2026-11'), out);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.concat(chunks) as never);
    const sheet = wb.getWorksheet('未按期报送')!;
    expect(sheet.getCell('A2').value).toContain('共2个单位、5项，均已催报');
    const rows = sheet.getSheetValues().filter(Boolean).map((r) => (r as unknown[]).slice(1));
    expect(rows.find((r) => r[1] === '甲县司法局')?.slice(4)).toEqual(['每月20日前', expect.any(Date)]);
  });

  it('a rerun of the day issues no second 催报; a late report before the 催报 stops it', async () => {
    const before = (await chases()).length;
    await ctx.runBeat.execute({ beat: 'daily-assign', at: at('2026-11-23') });
    expect((await chases()).length).toBe(before);
    // December: the monthly task reports on Sunday 12-20… the 20th is a Sunday, so the report day is Monday 12-21
    await progress(t.monthly, s.units.a, '2026-12-21');
    for (const d of ['2026-12-21', '2026-12-22']) await ctx.runBeat.execute({ beat: 'daily-assign', at: at(d) });
    expect((await chases()).filter((c) => c.day === '2026-12-22').flatMap((c) => c.items.map((i) => i.taskId)))
      .not.toContain(t.monthly);
    expect((await chases()).filter((c) => c.day === '2026-12-22').flatMap((c) => c.items.map((i) => i.taskId)))
      .toContain(t.onTime); // no report in December: chased the day after the moved report day
    expect((await chases()).filter((c) => c.day === '2026-12-22').flatMap((c) => c.items.map((i) => i.taskId)))
      .toContain(t.setLate); // its first full month
  });
});
