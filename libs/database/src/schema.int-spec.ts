import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { createTestDatabase, TestDatabase } from '@app/testing';
import { createDataSource } from './data-source';

describe('the migrated schema', () => {
  let db: TestDatabase;
  let ds: DataSource;
  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await createDataSource(db.url).initialize();
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  /** A jurisdiction (its own unit) with an office user, and a task of it: the least the tables' keys ask for. */
  const jurisdictionWithTask = async (code: string) => {
    const [unit] = await ds.query(`INSERT INTO unit (id, code, name, kind, jurisdiction_id, path)
      SELECT g, $1, '县', 'jurisdiction', g, g || '/' FROM gen_random_uuid() g RETURNING id`, [code]);
    const [user] = await ds.query(`INSERT INTO app_user (username, display_name, password_hash, role, unit_id)
      VALUES ($1, 'u', 'x', 'office', $2) RETURNING id`, [`u-${code}`, unit.id]);
    const [task] = await ds.query(`INSERT INTO task (jurisdiction_id, code, plan_year, title, lead_unit_id, original_deadline,
      current_deadline, created_by) VALUES ($1, '2026-001', 2026, 't', $1, '2026-12-31', '2026-12-31', $2) RETURNING id`,
    [unit.id, user.id]);
    return { unitId: unit.id as string, userId: user.id as string, taskId: task.id as string };
  };

  it('matches the entities: every entity column and index exists, no migration is pending', async () => {
    const pending = await ds.driver.createSchemaBuilder().log();
    // foreign keys, CHECKs and the path index are written in the migration only; TypeORM would drop what it does not model
    const dbOnly = /DROP CONSTRAINT "\w+_(fkey|check\d?)"|DROP INDEX "public"\."ix_unit_path"/;
    expect(pending.upQueries.map((q) => q.query).filter((q) => !dbOnly.test(q))).toEqual([]);
  });

  it('keeps the audit trail append-only, whatever the application does', async () => {
    const { taskId, userId } = await jurisdictionWithTask('J');
    await ds.query(`INSERT INTO task_event (task_id, actor_id, at, action) VALUES ($1, $2, now(), 'create')`, [taskId, userId]);
    await expect(ds.query(`UPDATE task_event SET action = 'edit'`)).rejects.toThrow('task_event is append-only');
    await expect(ds.query(`DELETE FROM task_event`)).rejects.toThrow('task_event is append-only');
  });

  it('refuses to delete a task, unit or document that a supervision mark names, as its foreign keys did', async () => {
    const { unitId: other, taskId } = await jurisdictionWithTask('M');
    const [unit] = await ds.query(`INSERT INTO unit (id, code, name, kind, jurisdiction_id, path)
      SELECT g, 'M2', '县', 'jurisdiction', g, g || '/' FROM gen_random_uuid() g RETURNING id`);
    const [doc] = await ds.query(`INSERT INTO supervision_document (jurisdiction_id, kind, unit_id, period, year, seq, number,
      title, content, body_text, body_html, issued_at) VALUES ($1, 'urge', $1, '2026-12-01', 2026, 901, 'n', 't', '{}', '', '', now())
      RETURNING id`, [other]);
    await ds.query(`INSERT INTO supervision_mark (kind, task_id, unit_id, ref, document_id, created_at)
      VALUES ('urge', $1, $2, '', $3, now())`, [taskId, unit.id, doc.id]);
    await expect(ds.query(`DELETE FROM task WHERE id = $1`, [taskId])).rejects.toThrow('supervision_mark.task_id');
    await expect(ds.query(`DELETE FROM unit WHERE id = $1`, [unit.id])).rejects.toThrow('supervision_mark.unit_id');
    await expect(ds.query(`DELETE FROM supervision_document WHERE id = $1`, [doc.id])).rejects.toThrow('supervision_mark.document_id');
    // once no mark names them they go as before (the guard is no blanket ban)
    await ds.query(`DELETE FROM supervision_mark WHERE task_id = $1`, [taskId]);
    await ds.query(`DELETE FROM supervision_document WHERE id = $1`, [doc.id]);
    await ds.query(`DELETE FROM task WHERE id = $1`, [taskId]);
    await ds.query(`DELETE FROM unit WHERE id = $1`, [unit.id]);
    expect(await ds.query(`SELECT id FROM unit WHERE id = ANY($1::uuid[])`, [[unit.id, other]])).toEqual([{ id: other }]);
  });

  it('serves the ledger list from an index, not a scan of every task', async () => {
    await ds.query(`SET enable_seqscan = off`);
    const plan = await ds.query(`EXPLAIN (FORMAT JSON) SELECT id FROM task WHERE lead_unit_id = gen_random_uuid()
      ORDER BY current_deadline, id LIMIT 51`);
    await ds.query(`RESET enable_seqscan`);
    expect(JSON.stringify(plan)).toContain('ix_task_lead_deadline');
  });

  it("counts a document's notices from an index, not a scan of every notice (the beat's summary, document pages)", async () => {
    const session = ds.createQueryRunner(); // one connection: the SET must hold for the EXPLAIN
    await session.connect();
    await session.query(`SET enable_seqscan = off`);
    const plan = await session.query(`EXPLAIN (FORMAT JSON) SELECT (SELECT count(*) FROM notification n
      WHERE n.document_id = d.id) FROM supervision_document d WHERE d.jurisdiction_id = gen_random_uuid()`);
    await session.query(`RESET enable_seqscan`);
    await session.release();
    expect(JSON.stringify(plan)).toContain('ix_notification_document');
  });

  it("finds a county's open tasks past a day from the open-task index (the beats' scans)", async () => {
    const session = ds.createQueryRunner();
    await session.connect();
    await session.query(`SET enable_seqscan = off`);
    const plan = await session.query(`EXPLAIN (FORMAT JSON) SELECT id FROM task t WHERE t.jurisdiction_id = gen_random_uuid()
      AND t.status IN ('assigned', 'acknowledged', 'submitted') AND t.current_deadline < DATE '2026-12-01'`);
    await session.query(`RESET enable_seqscan`);
    await session.release();
    expect(JSON.stringify(plan)).toContain('ix_task_jurisdiction_open_deadline');
  });

  it("finds a jurisdiction's office by index, not by reading every unit (the beat's 抄送 and office notices)", async () => {
    const session = ds.createQueryRunner();
    await session.connect();
    await session.query(`SET enable_seqscan = off`);
    const plan = await session.query(`EXPLAIN (FORMAT JSON) SELECT id FROM unit WHERE jurisdiction_id = gen_random_uuid()
      AND kind = 'office' ORDER BY code LIMIT 1`);
    await session.query(`RESET enable_seqscan`);
    await session.release();
    expect(JSON.stringify(plan)).toContain('ix_unit_jurisdiction');
  });
});
