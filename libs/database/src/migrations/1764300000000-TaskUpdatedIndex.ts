import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The ledger can be sorted by 最近更新 (newest change first): an office pages its jurisdiction down
 * (jurisdiction_id, updated_at, id) backwards instead of sorting every task of the county for each page.
 */
export class TaskUpdatedIndex1764300000000 implements MigrationInterface {
  name = 'TaskUpdatedIndex1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX ix_task_jurisdiction_updated ON task (jurisdiction_id, updated_at, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_task_jurisdiction_updated`);
  }
}
