import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 分解落实: a sub-task names the task it was broken down from (`parent_task_id`). It is an ordinary task row of its own
 * lead unit; its code is the parent's with a two-digit suffix (2026-007-01), numbered from the parent's existing
 * children under a lock on the parent, so uq_task_code keeps it unique and it sorts right after its parent.
 */
export class TaskSubtasks1765600000000 implements MigrationInterface {
  name = 'TaskSubtasks1765600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE task ADD COLUMN parent_task_id uuid NULL CONSTRAINT task_parent_task_id_fkey REFERENCES task(id)`);
    await q.query(`CREATE INDEX ix_task_parent ON task (parent_task_id) WHERE parent_task_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_task_parent`);
    await q.query(`ALTER TABLE task DROP COLUMN parent_task_id`);
  }
}
