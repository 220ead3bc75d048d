import { DataSource } from 'typeorm';
import { FixedClock } from '@app/domain';
import { createTestDatabase, TEST_REDIS_URL, TestDatabase, uniqueName } from '@app/testing';
import { cadenceContext, insertTask, Seed, seedJurisdiction } from './cadence-fixture';

/** Beijing 10:30 on a date: the bulletin's default time (10:00) has passed. */
const at = (date: string) => new Date(`${date}T10:30:00+08:00`);

describe('the monthly bulletin: 工作重点 sections (real PostgreSQL and Redis)', () => {
  let db: TestDatabase;
  let ctx: Awaited<ReturnType<typeof cadenceContext>>;
  let ds: DataSource;
  let s: Seed;
  const clock = new FixedClock(at('2025-01-01'));

  beforeAll(async () => {
    db = await createTestDatabase();
    ctx = await cadenceContext({ DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: uniqueName('bb') }, clock);
    ds = ctx.ds;
    s = await seedJurisdiction(ds);
  });
  afterAll(async () => {
    await ctx?.queue.obliterate({ force: true });
    await ctx?.app.close();
    await db?.drop();
  });

  const bulletin = async (period: string) => (await ds.query(`SELECT id, number, content, body_text
    FROM supervision_document WHERE kind = 'bulletin' AND period = $1`, [period]));

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
});
