import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 工作重点: a plan's tasks grouped under its headings, each with a title and an order per jurisdiction and plan year.
 * A task belongs to at most one; a group with tasks cannot be deleted (the service says so first, the key holds it).
 */
export class TaskGroups1765000000000 implements MigrationInterface {
  name = 'TaskGroups1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE task_group (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      jurisdiction_id uuid NOT NULL REFERENCES unit (id),
      plan_year int NOT NULL,
      title text NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
      position int NOT NULL CHECK (position >= 1),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE UNIQUE INDEX uq_task_group_title ON task_group (jurisdiction_id, plan_year, title)`);
    await q.query(`ALTER TABLE task ADD COLUMN group_id uuid NULL REFERENCES task_group (id)`);
    // the delete check and the ledger's group filter
    await q.query(`CREATE INDEX ix_task_group ON task (group_id) WHERE group_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE task DROP COLUMN group_id`);
    await q.query(`DROP TABLE task_group`);
  }
}
