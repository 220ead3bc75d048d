import { MigrationInterface, QueryRunner } from 'typeorm';

/** The keys of a mark and the table each names. */
const MARK_KEYS = [['task_id', 'task'], ['unit_id', 'unit'], ['document_id', 'supervision_document']] as const;

/**
 * supervision_mark's foreign keys become delete guards on the tables they name. A beat writes tens of thousands of
 * marks, and each foreign key checked every one by locking the row it names (FOR KEY SHARE): on the province fixture
 * the three checks took 33–53 of the 46–72 ms of one county's 1,727 marks, and on the task row's first lock 128 ms
 * alone (docs/benchmarks.md). A mark's keys come from the rows its own transaction has just read, and nothing deletes
 * a task, unit or document; what the foreign keys also did, refuse to delete a row a mark names, these triggers do
 * (no index of marks by task for them: a task is never deleted, and it would cost every mark written).
 */
export class SupervisionMarkRestrictByTrigger1766100000000 implements MigrationInterface {
  name = 'SupervisionMarkRestrictByTrigger1766100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION supervision_mark_restrict() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE named boolean;
      BEGIN
        EXECUTE format('SELECT EXISTS (SELECT 1 FROM supervision_mark WHERE %I = $1)', TG_ARGV[0]) INTO named USING OLD.id;
        IF named THEN
          RAISE EXCEPTION USING ERRCODE = 'foreign_key_violation',
            MESSAGE = format('%s %s is still named by supervision_mark.%s', TG_TABLE_NAME, OLD.id, TG_ARGV[0]);
        END IF;
        RETURN OLD;
      END $$`);
    for (const [key, table] of MARK_KEYS) {
      await q.query(`ALTER TABLE supervision_mark DROP CONSTRAINT supervision_mark_${key}_fkey`);
      await q.query(`CREATE TRIGGER ${table}_restrict_marks BEFORE DELETE ON ${table}
        FOR EACH ROW EXECUTE FUNCTION supervision_mark_restrict('${key}')`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [key, table] of MARK_KEYS) {
      await q.query(`DROP TRIGGER ${table}_restrict_marks ON ${table}`);
      await q.query(`ALTER TABLE supervision_mark ADD CONSTRAINT supervision_mark_${key}_fkey FOREIGN KEY (${key})
        REFERENCES ${table} (id)`);
    }
    await q.query(`DROP FUNCTION supervision_mark_restrict()`);
  }
}
