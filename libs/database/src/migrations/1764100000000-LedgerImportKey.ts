import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A task created from a row of an imported Excel ledger carries that row's import key (a hash of content, lead unit,
 * deadline and plan year), unique per jurisdiction, so importing the same sheet twice does not duplicate tasks.
 */
export class LedgerImportKey1764100000000 implements MigrationInterface {
  name = 'LedgerImportKey1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE task ADD COLUMN import_key text NULL`);
    await q.query(`CREATE UNIQUE INDEX uq_task_import_key ON task (jurisdiction_id, import_key) WHERE import_key IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX uq_task_import_key`);
    await q.query(`ALTER TABLE task DROP COLUMN import_key`);
  }
}
