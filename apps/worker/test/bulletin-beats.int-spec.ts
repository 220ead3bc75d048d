import { DataSource } from 'typeorm';
import { Actor, BulletinReviewService, FixedClock, SupervisionModule } from '@app/domain';
import { createTestDatabase, TEST_REDIS_URL, TestDatabase, uniqueName } from '@app/testing';
import { cadenceContext, insertTask, Seed, seedJurisdiction } from './cadence-fixture';

/** Beijing 10:30 on a date: the bulletin's default time (10:00) has passed. */
const at = (date: string) => new Date(`${date}T10:30:00+08:00`);

describe('the monthly bulletin: 工作重点 sections and review before 签发 (real PostgreSQL and Redis)', () => {
  let db: TestDatabase;
  let ctx: Awaited<ReturnType<typeof cadenceContext>>;
  let ds: DataSource;
  let s: Seed;
  let review: BulletinReviewService;
  const clock = new FixedClock(at('2025-01-01'));

  beforeAll(async () => {
    db = await createTestDatabase();
    ctx = await cadenceContext({ DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: uniqueName('bb') }, clock,
      [SupervisionModule]);
    ds = ctx.ds;
    s = await seedJurisdiction(ds);
    review = ctx.app.get(BulletinReviewService);
  });
  afterAll(async () => {
    await ctx?.queue.obliterate({ force: true });
    await ctx?.app.close();
    await db?.drop();
  });

  const bulletin = async (period: string) => (await ds.query(`SELECT id, status, number, content, body_text, body_html, issued_at
    FROM supervision_document WHERE kind = 'bulletin' AND period = $1`, [period]));
  const notices = async (documentId: string) => (await ds.query(`SELECT recipient_unit_id, recipient_user_id, channels, created_at
    FROM notification WHERE document_id = $1 ORDER BY recipient_unit_id, recipient_user_id`, [documentId]));
  const office = (): Actor => ({ userId: s.officeUser, username: 'office', displayName: 'office', role: 'office', unitId: s.office,
    unitName: '甲县依法治县办', jurisdictionId: s.jurisdiction, jurisdictionPath: `${s.jurisdiction}/`, jurisdictionIds: [s.jurisdiction],
    leaderUnitIds: [] });

  it('adds a section per 工作重点 in the plan\'s order with the units\' rates, 未分组 last; none before the plan is grouped', async () => {
    const task = (unit: string, deadline: string, groupId?: string) =>
      insertTask(ds, s, { unit, assignedAt: '2025-01-06T08:00:00+08:00', deadline, status: 'acknowledged', groupId });
    const done = await task(s.units.a, '2025-01-20');
    const late = await task(s.units.b, '2025-01-31');
    const notDue = await task(s.units.c, '2025-06-30');
    const loose = await task(s.units.c, '2025-01-25');
    await ds.query(`UPDATE task SET status = 'completed', completed_at = '2025-01-15T10:00:00+08:00' WHERE id = ANY($1)`, [[done, loose]]);
    await ctx.runBeat.execute({ beat: 'monthly-bulletin', at: at('2025-02-05') });
    const [january] = await bulletin('2025-01');
    expect(january.content.focus).toBeUndefined();
    expect(january.body_text).not.toContain('工作重点');

    // the office groups its plan: 执法 placed first, 职能 second; `loose` stays under none
    const [{ id: duty }] = await ds.query(`INSERT INTO task_group (jurisdiction_id, plan_year, title, position)
      VALUES ($1, 2025, '推进政府职能转变', 2) RETURNING id`, [s.jurisdiction]);
    const [{ id: law }] = await ds.query(`INSERT INTO task_group (jurisdiction_id, plan_year, title, position)
      VALUES ($1, 2025, '严格规范公正文明执法', 1) RETURNING id`, [s.jurisdiction]);
    await ds.query(`UPDATE task SET group_id = $2 WHERE id = ANY($1)`, [[done, late], duty]);
    await ds.query(`UPDATE task SET group_id = $2 WHERE id = $1`, [notDue, law]);
    await ctx.runBeat.execute({ beat: 'monthly-bulletin', at: at('2025-03-03') });
    const [february] = await bulletin('2025-02');
    expect(february.status).toBe('issued');
    expect(february.content.focus).toEqual([
      { groupId: law, title: '严格规范公正文明执法', planYear: 2025, total: 1, due: 0, dueCompleted: 0, dueOnTime: 0, overdue: 0,
        completionRate: null, onTimeRate: null },
      { groupId: duty, title: '推进政府职能转变', planYear: 2025, total: 2, due: 2, dueCompleted: 1, dueOnTime: 1, overdue: 1,
        completionRate: 0.5, onTimeRate: 1 },
      { groupId: null, title: '未分组', planYear: null, total: 1, due: 1, dueCompleted: 1, dueOnTime: 1, overdue: 0,
        completionRate: 1, onTimeRate: 1 },
    ]);
    expect(february.body_text).toContain(['　　各工作重点办理情况：', '工作重点　任务数　到期任务　到期已办结　逾期　办结率',
      '严格规范公正文明执法　1　0　0　0　—', '推进政府职能转变　2　2　1　1　50.0%', '未分组　1　1　1　0　100.0%'].join('\n'));
    // the figures stay as issued: renaming a group later changes nothing in February's bulletin
    await ds.query(`UPDATE task_group SET title = '职能转变' WHERE id = $1`, [duty]);
    expect((await bulletin('2025-02'))[0].content.focus[1].title).toBe('推进政府职能转变');
  });

  it('with bulletinReview, writes a draft that sends nothing; the office edits it and issues it once, with the beat\'s recipients', async () => {
    await ds.query(`INSERT INTO cadence_policy (jurisdiction_id, policy) VALUES ($1, '{"bulletinReview": true}')
      ON CONFLICT (jurisdiction_id) DO UPDATE SET policy = EXCLUDED.policy`, [s.jurisdiction]);
    const first = await ctx.runBeat.execute({ beat: 'monthly-bulletin', at: at('2025-04-01') });
    expect(first.documents.created).toBe(1);
    expect(first.notifications.created).toBe(0);
    const [draft] = await bulletin('2025-03');
    expect(draft).toMatchObject({ status: 'draft', number: '甲法治办通报〔2025〕3号' });
    expect(await notices(draft.id)).toEqual([]);

    // a rerun, and a catch-up that finds no beat_run (a crash after the commit is impossible, but the documents hold too)
    const again = await ctx.runBeat.execute({ beat: 'monthly-bulletin', at: at('2025-04-01') });
    expect(again.jurisdictions[0]).toMatchObject({ alreadyRun: true, documents: { created: 0, existing: 1 },
      notifications: { created: 0, existing: 0 } });
    await ds.query(`DELETE FROM beat_run WHERE beat = 'monthly-bulletin' AND period = '2025-03'`);
    const caught = await ctx.runBeat.execute({ beat: 'monthly-bulletin', at: at('2025-04-02') });
    expect(caught.jurisdictions[0]).toMatchObject({ documents: { created: 0, existing: 1 }, notifications: { created: 0 } });
    expect(await bulletin('2025-03')).toHaveLength(1);
    expect(await notices(draft.id)).toEqual([]);

    clock.set(at('2025-04-03'));
    const edited = await review.editSummary(office(), draft.id, { overall: '三月任务总体平稳，个别单位仍有逾期。' });
    expect(edited.content.summary).toEqual({ overall: '三月任务总体平稳，个别单位仍有逾期。', nextSteps: draft.content.summary.nextSteps });
    expect(edited.text).toContain('总体评价：三月任务总体平稳，个别单位仍有逾期。');
    expect(edited.status).toBe('draft');
    expect(await notices(draft.id)).toEqual([]);

    clock.set(new Date('2025-04-03T15:20:00+08:00'));
    const issued = await review.issue(office(), draft.id);
    expect(issued).toMatchObject({ status: 'issued', number: '甲法治办通报〔2025〕3号' });
    expect(new Date(issued.issuedAt).toISOString()).toBe('2025-04-03T07:20:00.000Z');
    expect(issued.text).toContain('2025年4月3日'); // 成文日期: the day of 签发
    expect(issued.text).toContain('总体评价：三月任务总体平稳，个别单位仍有逾期。');
    const sent = await notices(draft.id);
    // every unit of the county and its leader, on every channel, as the beat sends a bulletin it issues itself
    expect(sent.map((n: any) => n.recipient_user_id ?? n.recipient_unit_id).sort())
      .toEqual([s.office, s.units.a, s.units.b, s.units.c, s.leader].sort());
    expect(sent.every((n: any) => n.channels.join() === 'inbox,email,webhook')).toBe(true);
    expect(sent.every((n: any) => new Date(n.created_at).getTime() === clock.now().getTime())).toBe(true);
    const [{ review: kept }] = await ds.query(`SELECT review FROM supervision_document WHERE id = $1`, [draft.id]);
    expect(kept).toBeNull();

    await expect(review.issue(office(), draft.id)).rejects.toMatchObject({ kind: 'conflict', code: 'BULLETIN_ALREADY_ISSUED' });
    await expect(review.editSummary(office(), draft.id, { overall: '改' })).rejects.toMatchObject({ code: 'BULLETIN_ALREADY_ISSUED' });
    expect(await notices(draft.id)).toHaveLength(5);
    // the beat again for the month: nothing new, the notices counted as there
    const after = await ctx.runBeat.execute({ beat: 'monthly-bulletin', at: at('2025-04-03') });
    expect(after.jurisdictions[0]).toMatchObject({ documents: { created: 0, existing: 1 }, notifications: { created: 0, existing: 5 } });
  });

  it('two 签发 at once write the notices once: one succeeds, the other is refused', async () => {
    await ctx.runBeat.execute({ beat: 'monthly-bulletin', at: at('2025-05-06') });
    const [draft] = await bulletin('2025-04');
    expect(draft.status).toBe('draft');
    const outcomes = await Promise.allSettled([review.issue(office(), draft.id), review.issue(office(), draft.id)]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult).reason).toMatchObject({ code: 'BULLETIN_ALREADY_ISSUED' });
    expect(await notices(draft.id)).toHaveLength(5);
  });
});
