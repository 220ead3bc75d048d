import { DataSource } from 'typeorm';
import { RunBeatUseCase } from '@app/domain';
import { createTestDatabase, TEST_REDIS_URL, TestDatabase, uniqueName } from '@app/testing';
import { cadenceContext } from './cadence-fixture';

/**
 * BEAT_CONCURRENCY: a beat works on several jurisdictions at once. Six counties, each with overdue tasks in two
 * departments, get the same escalation documents, numbers and notices whether they run four at once or one after the
 * other, numbered in their units' code order, and the summary lists them in code order either way (real PostgreSQL
 * and Redis).
 */
const COUNTIES = ['一', '二', '三', '四', '五', '六'];
const AS_OF = new Date('2025-09-22T10:30:00+08:00');

async function seedCounties(ds: DataSource): Promise<void> {
  for (const [i, name] of COUNTIES.entries()) {
    const code = `K${i + 1}`;
    const [{ id: j }] = await ds.query(`INSERT INTO unit (id, code, name, kind, jurisdiction_id, path)
      SELECT g, $1, $2, 'jurisdiction', g, g || '/' FROM gen_random_uuid() g RETURNING id`, [code, `${name}县人民政府`]);
    const unit = async (suffix: string, unitName: string, kind: string) => (await ds.query(`INSERT INTO unit (code, name, kind,
      parent_id, jurisdiction_id, path) VALUES ($1, $2, $3, $4::uuid, $4::uuid, $4::text || '/') RETURNING id`,
    [`${code}-${suffix}`, `${name}县${unitName}`, kind, j]))[0].id as string;
    const office = await unit('FZB', '依法治县办', 'office');
    const departments = [await unit('A', '司法局', 'department'), await unit('B', '财政局', 'department')];
    const [{ id: officeUser }] = await ds.query(`INSERT INTO app_user (username, display_name, password_hash, role, unit_id)
      VALUES ($1, $1, 'x', 'office', $2) RETURNING id`, [`office${i + 1}`, office]);
    // per department: one task 30 days overdue (督办), one 3 days overdue (催办); a county more each, so they differ
    let n = 0;
    for (const [d, lead] of departments.entries()) {
      for (const deadline of ['2025-08-22', '2025-09-19', ...(d === 0 ? Array(i).fill('2025-09-15') : [])]) {
        n++;
        await ds.query(`INSERT INTO task (jurisdiction_id, code, plan_year, title, lead_unit_id, original_deadline, current_deadline,
          status, assigned_at, created_by) VALUES ($1, $2, 2025, $3, $4, $5, $5, 'acknowledged', '2025-07-01T09:00:00+08:00', $6)`,
        [j, `2025-${String(n).padStart(3, '0')}`, `${name}县任务${n}`, lead, deadline, officeUser]);
      }
    }
  }
}

describe('a beat over several jurisdictions at once (BEAT_CONCURRENCY)', () => {
  const dbs: TestDatabase[] = [];
  const apps: Array<{ close(): Promise<void> }> = [];
  afterAll(async () => {
    for (const app of apps) await app.close();
    for (const db of dbs) await db.drop();
  });

  /** The escalation beat on a fresh copy of the six counties, with the most transactions seen open at once. */
  async function escalate(concurrency: number) {
    const db = await createTestDatabase();
    dbs.push(db);
    const ctx = await cadenceContext({ DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: uniqueName('bc'),
      BEAT_CONCURRENCY: String(concurrency) });
    apps.push(ctx.app);
    await seedCounties(ctx.ds);
    let open = 0;
    let most = 0;
    const transaction = ctx.ds.transaction.bind(ctx.ds) as (work: (em: unknown) => Promise<unknown>) => Promise<unknown>;
    jest.spyOn(ctx.ds, 'transaction').mockImplementation((async (work: (em: unknown) => Promise<unknown>) => {
      most = Math.max(most, ++open);
      try {
        return await transaction(work);
      } finally {
        open--;
      }
    }) as never);
    const summary = await ctx.app.get(RunBeatUseCase).execute({ beat: 'escalate', at: AS_OF });
    const documents: Array<Record<string, string>> = await ctx.ds.query(`SELECT j.code AS county, d.kind, u.code AS unit,
        d.number, d.body_text, (SELECT count(*) FROM notification n WHERE n.document_id = d.id)::text AS notices
       FROM supervision_document d JOIN unit u ON u.id = d.unit_id JOIN unit j ON j.id = d.jurisdiction_id
      ORDER BY j.code, d.kind, u.code`);
    const marks: Array<{ n: number }> = await ctx.ds.query(`SELECT count(*)::int AS n FROM supervision_mark`);
    await ctx.queue.obliterate({ force: true });
    return { summary, documents, marks: marks[0].n, most };
  }

  it('writes what one-after-the-other writes, four counties at a time, and sums them in code order', async () => {
    const [together, apart] = [await escalate(4), await escalate(1)];
    expect(together.most).toBe(4);
    expect(apart.most).toBe(1);

    expect(together.summary.jurisdictions.map((j) => j.jurisdiction)).toEqual(COUNTIES.map((c) => `${c}县人民政府`));
    expect(together.summary.jurisdictions.map((j) => j.documents.created))
      .toEqual(apart.summary.jurisdictions.map((j) => j.documents.created));
    expect(together.summary.notifications.created).toBe(apart.summary.notifications.created);
    expect(together.summary.notifications.created).toBeGreaterThan(0);

    // the same documents, text, numbers and notices; within a kind a county numbers its units in code order,
    // 司法局 (…-A) before 财政局 (…-B), whatever their ids
    expect(together.documents).toEqual(apart.documents);
    expect(new Set(together.documents.map((d) => d.county))).toEqual(new Set(COUNTIES.map((_, i) => `K${i + 1}`)));
    for (const d of together.documents) expect(d.number).toMatch(d.unit.endsWith('-A') ? /〔2025〕1号$/ : /〔2025〕2号$/);
    expect(together.marks).toBe(apart.marks);
  });
});
