import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 结转: an open task carried into the next plan year becomes a new task that names the one it continues
 * (`carried_from_task_id`); the old one is cancelled with the reason “结转至YYYY年” (docs/report-import.md). Unique: a
 * task is carried once, so carrying it twice is refused by the database too, whatever two requests race.
 */
export class TaskCarryOver1765400000000 implements MigrationInterface {
  name = 'TaskCarryOver1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE task ADD COLUMN carried_from_task_id uuid NULL REFERENCES task(id)`);
    await q.query(`CREATE UNIQUE INDEX uq_task_carried_from ON task (carried_from_task_id) WHERE carried_from_task_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX uq_task_carried_from`);
    await q.query(`ALTER TABLE task DROP COLUMN carried_from_task_id`);
  }
}
