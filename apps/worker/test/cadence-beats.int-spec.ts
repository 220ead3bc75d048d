import { INestApplicationContext } from '@nestjs/common';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { FixedClock, RunBeatUseCase, addDaysToDate } from '@app/domain';
import { createTestDatabase, TEST_REDIS_URL, TestDatabase, uniqueName } from '@app/testing';
import { BEATS, cadenceContext, counts, insertTask, Seed, seedJurisdiction } from './cadence-fixture';

/** Beijing 10:30 on a date: every beat's default time has passed. */
const at = (date: string) => new Date(`${date}T10:30:00+08:00`);

describe('the cadence beats (real PostgreSQL and Redis, beats called directly as of simulated instants)', () => {
  let db: TestDatabase;
  let ctx: Awaited<ReturnType<typeof cadenceContext>>;
  let other: Awaited<ReturnType<typeof cadenceContext>>;
  let ds: DataSource;
  let s: Seed;
  const tasks: Record<string, string> = {};

  beforeAll(async () => {
    db = await createTestDatabase();
    const env = { DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: uniqueName('cb') };
    ctx = await cadenceContext(env);
    other = await cadenceContext(env); // a second "worker"
    ds = ctx.ds;
    s = await seedJurisdiction(ds);
  });
  afterAll(async () => {
    await ctx?.queue.obliterate({ force: true });
    await ctx?.app.close();
    await other?.app.close();
    await db?.drop();
  });

  const run = (beat: (typeof BEATS)[number], date: string, runner: RunBeatUseCase = ctx.runBeat) =>
    runner.execute({ beat, at: at(date) });
  const docs = (where: string, params: unknown[] = []) => ds.query(`SELECT d.kind, d.number, d.period, d.unit_id, d.content,
    d.body_text, (d.issued_at AT TIME ZONE 'Asia/Shanghai')::date::text AS day FROM supervision_document d WHERE ${where}
    ORDER BY d.issued_at, d.number`, params);

  it('runs a simulated year (2025) beat by beat: slips, chases, reminders, escalation, bulletins, assessments', async () => {
    // the ledger's year, as changes applied on the day they happen
    const events: Record<string, () => Promise<unknown>> = {
      '2025-01-06': async () => {
        tasks.early = await insertTask(ds, s, { unit: s.units.a, assignedAt: '2025-01-06T08:00:00+08:00', deadline: '2025-03-31' });
        tasks.late = await insertTask(ds, s, { unit: s.units.a, assignedAt: '2025-01-06T08:00:00+08:00', deadline: '2025-06-30' });
        tasks.b1 = await insertTask(ds, s, { unit: s.units.b, assignedAt: '2025-01-06T08:00:00+08:00', deadline: '2025-12-31' });
      },
      '2025-01-07': () => ds.query(`UPDATE task SET status = 'acknowledged', acknowledged_at = $2 WHERE id = ANY($1)`,
        [[tasks.early, tasks.b1], at('2025-01-07')]),
      '2025-03-20': () => ds.query(`UPDATE task SET status = 'completed', completed_at = $2, progress_percent = 100 WHERE id = $1`,
        [tasks.early, at('2025-03-20')]),
      '2025-09-27': async () => { // a Saturday: published for the make-up working Sunday's slip
        tasks.c1 = await insertTask(ds, s, { unit: s.units.c, assignedAt: '2025-09-27T15:00:00+08:00', deadline: '2025-10-31' });
      },
      '2025-10-05': async () => { // published during National Day: the next slip is on 10-09
        tasks.c2 = await insertTask(ds, s, { unit: s.units.c, assignedAt: '2025-10-05T15:00:00+08:00', deadline: '2025-11-28' });
      },
      '2025-10-09': () => ds.query(`UPDATE task SET status = 'acknowledged' WHERE id = ANY($1)`, [[tasks.c1, tasks.c2]]),
      '2025-11-03': () => ds.query(`UPDATE task SET status = 'completed', completed_at = $2 WHERE id = $1`, [tasks.c1, at('2025-11-03')]),
    };
    for (let d = '2025-01-01'; d <= '2025-12-31'; d = addDaysToDate(d, 1)) {
      await events[d]?.();
      for (const beat of BEATS) await run(beat, d);
    }

    // 日交办: no slip during National Day; one on the make-up Sunday 09-28; the task published on 10-05 on 10-09
    const slips = await docs(`kind = 'assign_slip'`);
    expect(slips.map((x: any) => [x.day, x.number])).toEqual([
      ['2025-01-06', '甲法治办交办〔2025〕1号'], ['2025-01-06', '甲法治办交办〔2025〕2号'], ['2025-09-28', '甲法治办交办〔2025〕3号'],
      ['2025-10-09', '甲法治办交办〔2025〕4号']]);
    expect(slips.filter((x: any) => x.unit_id === s.units.a)[0].content.items).toHaveLength(2); // one slip, two lines
    // the unsigned task is chased once, the working day after the 3 working days it had to sign, the slip's day not
    // counted (Tuesday to Thursday): on Friday 01-10 (it was chased on Thursday, before its third day was over)
    const chases = await docs(`kind = 'ack_chase'`);
    expect(chases.map((x: any) => [x.day, x.unit_id])).toEqual([['2025-01-10', s.units.a]]);
    // still not signed for, it climbs the unsigned ladder: 督办 after 6 working days (on 01-15, the first 督办 of the
    // year, 1号), named after 10 (01-21) in January's bulletin; nothing more for that slip
    const unsignedSup = await docs(`kind = 'ack_supervise'`);
    expect(unsignedSup.map((x: any) => [x.day, x.unit_id, x.number])).toEqual([['2025-01-15', s.units.a, '甲法治办督办〔2025〕1号']]);
    const [ackNamed] = await ds.query(`SELECT (created_at AT TIME ZONE 'Asia/Shanghai')::date::text AS day FROM supervision_mark
      WHERE kind = 'ack_name' AND task_id = $1`, [tasks.late]);
    expect(ackNamed.day).toBe('2025-01-21');

    // 逾期升级 of the task never signed for (deadline 06-30): due soon, 催办 the next working day, 督办 at 5, named at 10
    const ladder = await docs(`kind IN ('due_soon', 'urge', 'supervise') AND unit_id = $1`, [s.units.a]);
    expect(ladder.map((x: any) => [x.kind, x.day])).toEqual([
      ['due_soon', '2025-06-25'], ['urge', '2025-07-01'], ['supervise', '2025-07-07']]);
    const [named] = await ds.query(`SELECT (created_at AT TIME ZONE 'Asia/Shanghai')::date::text AS day FROM supervision_mark
      WHERE kind = 'name' AND task_id = $1`, [tasks.late]);
    expect(named.day).toBe('2025-07-14');
    // 督办通知单 goes to the leader in charge and the office, and (new) to the lead unit itself; addressed to the leader
    // by name, the unit and the office on its 抄送
    const [sup] = await ds.query(`SELECT array_agg(coalesce(n.recipient_user_id, n.recipient_unit_id) ORDER BY n.recipient_user_id NULLS LAST)
      AS who FROM notification n JOIN supervision_document d ON d.id = n.document_id WHERE d.kind = 'supervise' AND d.unit_id = $1`, [s.units.a]);
    expect(sup.who.sort()).toEqual([s.leader, s.office, s.units.a].sort());
    const [supervised] = await docs(`kind = 'supervise' AND unit_id = $1`, [s.units.a]);
    const lines = supervised.body_text.split('\n');
    // the second 督办 of the year: both kinds are numbered in one sequence (the unsigned one of 01-15 was 1号)
    expect(lines.slice(0, 6)).toEqual(['甲县依法治县办', '甲法治办督办〔2025〕2号', '', '督办通知单', '', 'leader同志：']);
    expect(lines.slice(-4)).toEqual(['甲县依法治县办', '2025年7月7日', '', '抄送：甲县司法局，甲县依法治县办。']);

    // 周提醒: one per unit and week while it has open tasks, on the week's first working day (10-09 in National Day week)
    const weekly = await docs(`kind = 'work_reminder' AND unit_id = $1`, [s.units.c]);
    expect(weekly.slice(0, 3).map((x: any) => [x.period, x.day])).toEqual([['2025-W40', '2025-09-29'], ['2025-W41', '2025-10-09'],
      ['2025-W42', '2025-10-13']]);
    const reminders = await docs(`kind = 'work_reminder'`);
    expect(new Set(reminders.map((x: any) => `${x.unit_id}${x.period}`)).size).toBe(reminders.length);
    // never an empty table: every reminder lists what needs attention, and says so in its opening sentence
    expect(reminders.filter((x: any) => !x.content.items?.length)).toEqual([]);
    expect(reminders.filter((x: any) => x.body_text.includes('逾期0项'))).toEqual([]);
    // not on the morning of the unit's own 交办单: the units slipped on Monday 01-06 hear of their tasks by the slip alone
    expect(reminders.filter((x: any) => x.day === '2025-01-06')).toEqual([]);
    expect((await docs(`kind = 'work_reminder' AND unit_id = $1`, [s.units.a]))[0].day).toBe('2025-01-13');
    // the township slipped on 10-09 for the task published in National Day is not reminded of it that morning
    expect(weekly[1].content.items.map((l: any) => l.taskId)).toEqual([tasks.c1]);

    // 月通报: 11 bulletins (February's for January … December's for November), numbered in order
    const bulletins = await docs(`kind = 'bulletin'`);
    expect(bulletins.map((x: any) => x.period)).toEqual(['2025-01', '2025-02', '2025-03', '2025-04', '2025-05', '2025-06',
      '2025-07', '2025-08', '2025-09', '2025-10', '2025-11']);
    expect(bulletins.map((x: any) => x.number)[10]).toBe('甲法治办通报〔2025〕11号');
    expect(bulletins.find((x: any) => x.period === '2025-09').day).toBe('2025-10-09');
    const july = bulletins.find((x: any) => x.period === '2025-07').content;
    // the rates count the tasks due by the month's end: 司法局's two (one done on time, one overdue), not 财政局's
    // task due in December
    expect(july.totals).toEqual({ total: 3, completed: 1, onTime: 1, overdue: 1, due: 2, dueCompleted: 1, dueOnTime: 1,
      completionRate: 0.5, onTimeRate: 1 });
    expect(july.overdue).toEqual([expect.objectContaining({ code: expect.any(String), daysOverdue: 32, named: true })]);
    // its 总体评价 and 下一步工作要求 from those figures: half done is 进度明显滞后, the named unit told to finish and explain
    expect(july.summary.overall).toBe('2025年7月到期任务2项，办结率50.0%，按期率100.0%，进度明显滞后，形势不容乐观。' +
      '甲县司法局（逾期1项，其中点名通报1项）存在逾期未办结任务，共1项。');
    expect(july.summary.nextSteps).toMatch(/^一是请甲县司法局对逾期任务限期办结，并于5个工作日内向法治办书面说明逾期原因及整改措施；被点名通报的单位/);
    // March: the one task due was done on time, nothing overdue
    const march = bulletins.find((x: any) => x.period === '2025-03');
    expect(march.content.summary.overall).toBe('2025年3月到期任务1项，办结率100.0%，按期率100.0%，总体平稳有序。各单位到期任务均已办结，未发生逾期。');
    expect(march.body_text).toContain(`　　总体评价：${march.content.summary.overall}\n　　下一步工作要求：${march.content.summary.nextSteps}`);
    expect(march.body_text.split('\n').slice(0, 6)).toEqual(['甲县依法治县办文件', '甲法治办通报〔2025〕3号', '', '2025年3月督办检查通报', '',
      '各乡镇、各部门：']);
    // 财政局, with nothing due and nothing late, is not ranked below 司法局 and its overdue task (it was, at 0 of 1)
    expect(july.units.map((u: any) => [u.rank, u.unitName, u.completionRate, u.overdue])).toEqual([[1, '甲县财政局', null, 0],
      [2, '甲县司法局', 0.5, 1]]);
    const julyText = bulletins.find((x: any) => x.period === '2025-07').body_text;
    expect(julyText).toContain('1　甲县财政局　1　0　0　0　0　—　—');
    expect(julyText).toContain('办结率 = 到期任务中截至月底已办结的项数 ÷ 到期任务数');
    // January: nothing due yet anywhere, nothing late: both units share the first place (并列), listed by unit code
    const january = bulletins.find((x: any) => x.period === '2025-01');
    expect(january.content.units.map((u: any) => [u.rank, u.tied, u.unitName])).toEqual([[1, true, '甲县司法局'], [1, true, '甲县财政局']]);
    expect(january.body_text).toContain('并列第1　甲县司法局');
    expect(january.content.unsigned).toEqual([expect.objectContaining({ unitName: '甲县司法局', slipDate: '2025-01-06', workingDays: 10 })]);
    expect(january.body_text).toContain('交办单超期未签收、点名通报的任务1项：甲县司法局');
    expect(bulletins.filter((x: any) => x.content.unsigned.length).map((x: any) => x.period)).toEqual(['2025-01']); // named once
    // sent to every unit (office, 3 departments) and the leader
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM notification n JOIN supervision_document d ON d.id = n.document_id
      WHERE d.kind = 'bulletin' AND d.period = '2025-07'`);
    expect(n).toBe(5);

    // 季考核: Q1 +1 for early completion; Q3 issued on 10-09 with the overdue task, the escalations and the chase listed
    const q1 = await docs(`kind = 'assessment' AND period = '2025Q1' AND unit_id = $1`, [s.units.a]);
    // +1 early completion, −1 slip chased for not being signed for, −2 for its 督办 (an escalation like the others)
    expect(q1[0].content.score).toBe(98);
    expect(q1[0].content.lines.map((l: any) => [l.reason, l.points]).sort()).toEqual([['交办单超期未签收', -1], ['提前办结', 1],
      ['被催办或督办', -2]].sort());
    const q3 = await docs(`kind = 'assessment' AND period = '2025Q3'`);
    expect(q3[0].day).toBe('2025-10-09');
    const q3a = q3.find((x: any) => x.unit_id === s.units.a).content;
    expect(q3a.lines.map((l: any) => [l.reason, l.points])).toEqual(expect.arrayContaining([['季末仍逾期', -5],
      ['被催办或督办', -2]]));
    expect(q3[0].body_text).toContain('2025年第三季度考核结果'); // an ordinal quarter (it read 第3季度)
    expect(q3[0].body_text.split('\n')[0]).toBe('甲县依法治县办文件');
  }, 120_000);

  it('creates nothing new when every beat runs again for the same periods, or two workers race', async () => {
    const before = await counts(ds);
    for (const d of ['2025-01-06', '2025-07-01', '2025-07-07', '2025-10-09', '2025-12-01']) {
      for (const beat of BEATS) {
        const summary = await run(beat, d);
        expect(summary.documents.created).toBe(0);
        expect(summary.notifications.created).toBe(0);
      }
    }
    const again = await run('monthly-bulletin', '2025-10-09');
    expect(again.documents.existing).toBe(1);
    expect(again.notifications.existing).toBe(5);
    expect(await counts(ds)).toEqual(before);

    // a new overdue task, then two workers run the same beats at the same moment
    await insertTask(ds, s, { unit: s.units.b, assignedAt: '2026-01-05T08:00:00+08:00', deadline: '2026-01-09', status: 'acknowledged' });
    for (const beat of BEATS) {
      const [x, y] = await Promise.all([run(beat, '2026-01-20', ctx.runBeat), run(beat, '2026-01-20', other.runBeat)]);
      expect(x.documents.created + y.documents.created).toBe(Math.max(x.documents.created, y.documents.created));
    }
    const after = await counts(ds);
    const [dup] = await ds.query(`SELECT count(*)::int AS n FROM (SELECT kind, unit_id, period FROM supervision_document
      GROUP BY 1, 2, 3 HAVING count(*) > 1) x`);
    expect(dup.n).toBe(0);
    for (const beat of BEATS) await run(beat, '2026-01-20');
    expect(await counts(ds)).toEqual(after);
  });

  it('addresses the 督办 of a unit without a leader in charge to the default leader, and warns nobody when there is one', async () => {
    // 01-20 (above): the finance bureau has no leader in charge and the county named no default leader: the 分管领导
    // unnamed, received by the office and the unit alone
    const who = async (unit: string, period: string) => (await ds.query(`SELECT coalesce(n.recipient_user_id, n.recipient_unit_id) AS id
      FROM notification n JOIN supervision_document d ON d.id = n.document_id
      WHERE d.kind = 'supervise' AND d.unit_id = $1 AND d.period = $2`, [unit, period])).map((r: any) => r.id).sort();
    const [none] = await docs(`kind = 'supervise' AND unit_id = $1 AND period = '2026-01-20'`, [s.units.b]);
    expect(none.body_text.split('\n')[5]).toBe('甲县财政局分管领导：');
    expect(await who(s.units.b, '2026-01-20')).toEqual([s.office, s.units.b].sort());
    // the office names the county's leader as default: the next 督办 of a unit without one goes to that leader by name
    await ds.query(`INSERT INTO cadence_policy (jurisdiction_id, policy) VALUES ($1, $2)`, [s.jurisdiction, { defaultLeaderId: s.leader }]);
    await insertTask(ds, s, { unit: s.units.c, assignedAt: '2026-05-06T08:00:00+08:00', deadline: '2026-05-08', status: 'acknowledged' });
    for (let d = '2026-05-11'; d <= '2026-05-18'; d = addDaysToDate(d, 1)) await run('escalate', d);
    const fallback = (await docs(`kind = 'supervise' AND unit_id = $1`, [s.units.c])).at(-1);
    expect(fallback.body_text.split('\n')[5]).toBe('leader同志：');
    expect(fallback.body_text.split('\n').at(-1)).toBe('抄送：甲县城关镇，甲县依法治县办。');
    expect(await who(s.units.c, fallback.period)).toEqual([s.leader, s.office, s.units.c].sort());
    await ds.query(`DELETE FROM cadence_policy WHERE jurisdiction_id = $1`, [s.jurisdiction]);
  });

  it('stops escalating a task once its deadline is extended or it is completed', async () => {
    const ext = await insertTask(ds, s, { unit: s.units.c, assignedAt: '2026-03-02T08:00:00+08:00', deadline: '2026-03-10', status: 'acknowledged' });
    const done = await insertTask(ds, s, { unit: s.units.b, assignedAt: '2026-03-02T08:00:00+08:00', deadline: '2026-03-10', status: 'acknowledged' });
    const steps = async (task: string) => (await ds.query(`SELECT kind FROM supervision_mark WHERE task_id = $1 ORDER BY created_at, kind`,
      [task])).map((r: any) => r.kind);
    await run('escalate', '2026-03-11'); // overdue by one working day: 催办
    expect(await steps(ext)).toEqual(['urge']);
    await ds.query(`UPDATE task SET current_deadline = '2026-04-30', extension_count = 1 WHERE id = $1`, [ext]);
    await ds.query(`UPDATE task SET status = 'completed', completed_at = $2 WHERE id = $1`, [done, at('2026-03-12')]);
    for (let d = '2026-03-12'; d <= '2026-03-31'; d = addDaysToDate(d, 1)) await run('escalate', d);
    expect(await steps(ext)).toEqual(['urge']); // no 督办, no naming
    expect(await steps(done)).toEqual(['urge']);
    await run('escalate', '2026-04-27'); // the new deadline comes near: the ladder starts again for it
    expect(await steps(ext)).toEqual(['urge', 'due_soon']);
  });

  it('pauses the ladder while the office has not decided an extension request, and the bulletin says so', async () => {
    const asked = await insertTask(ds, s, { unit: s.units.c, assignedAt: '2026-05-04T08:00:00+08:00', deadline: '2026-05-12', status: 'acknowledged' });
    const steps = async () => (await ds.query(`SELECT kind FROM supervision_mark WHERE task_id = $1 ORDER BY created_at, kind`,
      [asked])).map((r: any) => r.kind);
    // asked on the eve of the deadline to move it to June; the office sits on the request
    const [{ id: request }] = await ds.query(`INSERT INTO task_extension (task_id, requested_by, previous_deadline, requested_deadline,
      reason, created_at) VALUES ($1, $2, '2026-05-12', '2026-06-30', '等待省厅标准', '2026-05-11T10:00:00+08:00') RETURNING id`,
    [asked, s.officeUser]);
    for (let d = '2026-05-13'; d <= '2026-05-29'; d = addDaysToDate(d, 1)) await run('escalate', d);
    expect(await steps()).toEqual([]); // no 逾期催办单, no 督办, not named while the request waits
    await run('monthly-bulletin', '2026-06-01');
    const [bulletin] = await ds.query(`SELECT content, body_text FROM supervision_document WHERE kind = 'bulletin' AND period = '2026-05'`);
    const [{ code }] = await ds.query(`SELECT code FROM task WHERE id = $1`, [asked]);
    const line = bulletin.content.overdue.find((o: any) => o.code === code);
    expect(line).toMatchObject({ named: false, extensionPending: true });
    expect(bulletin.body_text).toContain('已申请延期待审批，暂停催办');
    // rejected: the old deadline stands and the ladder resumes where it is (overdue by far: 催办 and 督办 at once)
    await ds.query(`UPDATE task_extension SET status = 'rejected', decided_at = '2026-06-01T10:00:00+08:00' WHERE id = $1`, [request]);
    await run('escalate', '2026-06-02');
    expect(await steps()).toEqual(expect.arrayContaining(['urge', 'supervise']));
  });
});

describe('a unit\'s week: the reminder only for what needs its attention, the 签收 chase after its working days (real PostgreSQL and Redis)', () => {
  let db: TestDatabase;
  let ctx: Awaited<ReturnType<typeof cadenceContext>>;
  let ds: DataSource;
  let s: Seed;
  let unit: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    ctx = await cadenceContext({ DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: uniqueName('cr') });
    ds = ctx.ds;
    s = await seedJurisdiction(ds);
    unit = s.units.b;
  });
  afterAll(async () => {
    await ctx?.queue.obliterate({ force: true });
    await ctx?.app.close();
    await db?.drop();
  });

  const run = (beat: (typeof BEATS)[number], date: string) => ctx.runBeat.execute({ beat, at: at(date) });
  const reminder = async (date: string) => {
    for (const beat of ['daily-assign', 'weekly-remind'] as const) await run(beat, date);
    const [doc] = await ds.query(`SELECT content, body_text FROM supervision_document WHERE kind = 'work_reminder' AND unit_id = $1
      AND (issued_at AT TIME ZONE 'Asia/Shanghai')::date = $2`, [unit, date]);
    return doc && { lines: doc.content.items.map((l: any) => [l.taskId, l.flags]), text: doc.body_text as string };
  };
  const event = (task: string, action: string, when: string) => ds.query(`INSERT INTO task_event (task_id, at, action)
    VALUES ($1, $2, $3)`, [task, when, action]);

  it('sends nothing on the morning of the slip or when all is well, names returned tasks, and leaves a monthly reporter alone mid-month', async () => {
    // published on Friday afternoon: the 交办单 on Monday morning is the unit's news, not a reminder of an unsigned task
    const monthly = await insertTask(ds, s, { unit, assignedAt: '2026-05-29T15:00:00+08:00', deadline: '2026-12-31' });
    expect(await reminder('2026-06-01')).toBeUndefined();
    await ds.query(`UPDATE task SET status = 'acknowledged', progress_percent = 50, last_progress_at = '2026-06-01T15:00:00+08:00'
      WHERE id = $1`, [monthly]);
    // signed for, on schedule, and a new task slipped this morning: no reminder at all (before: one with an empty
    // table, 逾期0项…请继续按期推进, or one flagging the new task as unsigned beside its own slip)
    const returned = await insertTask(ds, s, { unit, assignedAt: '2026-06-08T08:00:00+08:00', deadline: '2026-12-31' });
    expect(await reminder('2026-06-08')).toBeUndefined();
    await ds.query(`UPDATE task SET status = 'acknowledged', progress_percent = 60 WHERE id = $1`, [returned]);
    await event(returned, 'submit', '2026-06-09T10:00:00+08:00');
    await event(returned, 'return', '2026-06-10T10:00:00+08:00');
    const week = await reminder('2026-06-15');
    expect(week.lines).toEqual([[returned, ['returned']]]);
    expect(week.text).toContain('在办任务2项，其中需要关注1项（被退回1项）');
    expect(week.text).toContain('被退回');
    // three weeks without progress is within a month: not 久未反馈 (the old default of 14 days flagged it)
    expect((await reminder('2026-06-22')).lines).toEqual([[returned, ['returned']]]);

    // submitted again: it waits on the office, and the unit has nothing to hear about
    await event(returned, 'submit', '2026-06-23T10:00:00+08:00');
    await ds.query(`UPDATE task SET status = 'submitted' WHERE id = $1`, [returned]);
    expect(await reminder('2026-06-29')).toBeUndefined();
    // 35 days since its last progress (Monday 1 June 15:00) is not yet past 35 days at 09:00; a week later it is 久未反馈
    expect(await reminder('2026-07-06')).toBeUndefined();
    expect((await reminder('2026-07-13')).lines).toEqual([[monthly, ['stale']]]);
  });

  it('reminds the office of what waits on it: an extension request, a submission to review, a return not resubmitted', async () => {
    const officeReminder = async (date: string) => {
      await run('weekly-remind', date);
      const [doc] = await ds.query(`SELECT content, body_text FROM supervision_document WHERE kind = 'work_reminder' AND unit_id = $1
        AND (issued_at AT TIME ZONE 'Asia/Shanghai')::date = $2`, [s.office, date]);
      return doc as { content: { decisions: Array<{ code: string; what: string; since: string; waitedDays: number }> }; body_text: string } | undefined;
    };
    // the office approves what the tests before left submitted: nothing waits on it, so no reminder
    await ds.query(`UPDATE task SET status = 'completed', completed_at = '2026-08-01T10:00:00+08:00' WHERE status = 'submitted'`);
    expect(await officeReminder('2026-08-03')).toBeUndefined();
    const code = async (id: string) => (await ds.query(`SELECT code FROM task WHERE id = $1`, [id]))[0].code as string;
    const asked = await insertTask(ds, s, { unit: s.units.a, assignedAt: '2026-07-01T09:00:00+08:00', deadline: '2026-09-30', status: 'acknowledged' });
    await ds.query(`INSERT INTO task_extension (task_id, requested_by, previous_deadline, requested_deadline, reason, created_at)
      VALUES ($1, $2, '2026-09-30', '2026-12-31', '等待省厅标准', '2026-07-20T10:00:00+08:00')`, [asked, s.officeUser]);
    const review = await insertTask(ds, s, { unit: s.units.b, assignedAt: '2026-07-01T09:00:00+08:00', deadline: '2026-09-30', status: 'submitted' });
    await event(review, 'submit', '2026-07-31T16:00:00+08:00');
    const back = await insertTask(ds, s, { unit: s.units.c, assignedAt: '2026-07-01T09:00:00+08:00', deadline: '2026-09-30', status: 'acknowledged' });
    await event(back, 'submit', '2026-07-27T10:00:00+08:00');
    await event(back, 'return', '2026-07-28T10:00:00+08:00');
    const doc = await officeReminder('2026-08-10');
    expect(doc!.content.decisions.map((d) => [d.code, d.what, d.since, d.waitedDays])).toEqual([
      [await code(asked), 'extension', '2026-07-20', 21], [await code(back), 'returned', '2026-07-28', 13],
      [await code(review), 'review', '2026-07-31', 10]]);
    expect(doc!.body_text).toContain('有3项事项等待本办决定或跟进（延期申请待审批1项、办结申请待审核1项、退回后待重新提交1项）');
    expect(doc!.body_text).toContain('已等待（自然日）');
  });

  it('chases a slip of Tuesday 09-30 on Monday 10-13: National Day, then 10-09, 10-10 and the make-up Saturday 10-11 to sign', async () => {
    // published on Monday afternoon, both slipped on Tuesday 2025-09-30; 10-01…10-08 are 国庆 and 中秋, Saturday
    // 10-11 is a make-up working day, Sunday 10-12 is not
    const never = await insertTask(ds, s, { unit: s.units.a, assignedAt: '2025-09-29T15:00:00+08:00', deadline: '2025-12-31' });
    const lastDay = await insertTask(ds, s, { unit: s.units.c, assignedAt: '2025-09-29T15:00:00+08:00', deadline: '2025-12-31' });
    for (let d = '2025-09-30'; d <= '2025-10-14'; d = addDaysToDate(d, 1)) {
      await run('daily-assign', d);
      // the township signs on the afternoon of its third working day: in time, not chased
      if (d === '2025-10-11') await ds.query(`UPDATE task SET status = 'acknowledged' WHERE id = $1`, [lastDay]);
    }
    const slips = await ds.query(`SELECT (issued_at AT TIME ZONE 'Asia/Shanghai')::date::text AS day FROM supervision_document
      WHERE kind = 'assign_slip' AND unit_id <> $1`, [unit]);
    expect(slips.map((x: any) => x.day)).toEqual(['2025-09-30', '2025-09-30']);
    const chases = await ds.query(`SELECT d.unit_id, d.title, d.body_text, (d.issued_at AT TIME ZONE 'Asia/Shanghai')::date::text AS day,
      m.task_id FROM supervision_document d JOIN supervision_mark m ON m.document_id = d.id WHERE d.kind = 'ack_chase'`);
    expect(chases.map((x: any) => [x.day, x.unit_id, x.task_id])).toEqual([['2025-10-13', s.units.a, never]]);
    expect(chases[0].title).toBe('签收催办单');
    expect(chases[0].body_text).toContain('自交办单印发次日起已满3个工作日仍未签收');
  });
});

// keep the imports used by type-only helpers
export type { INestApplicationContext, Queue, FixedClock };
