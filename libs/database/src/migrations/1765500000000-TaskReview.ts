import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 复核: with the jurisdiction's policy `reviewBeforeClose` on, the office's 审核通过 of a submitted task is a first
 * approval (初审) — the task stays 待审核 with who approved it and when — and a second office user or the leader in
 * charge completes it (复核通过). Cleared again when the task is returned, cancelled or reopened (docs/cadence.md, 复核).
 */
export class TaskReview1765500000000 implements MigrationInterface {
  name = 'TaskReview1765500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE task ADD COLUMN first_approved_by uuid NULL REFERENCES app_user(id)`);
    await q.query(`ALTER TABLE task ADD COLUMN first_approved_at timestamptz NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE task DROP COLUMN first_approved_at`);
    await q.query(`ALTER TABLE task DROP COLUMN first_approved_by`);
  }
}
