import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A workflow step's notice is about one task: the inbox links to it and a delivery adds its address. Beat notices
 * keep `task_id` NULL (they list many tasks and link to their document instead).
 */
export class NotificationTask1764710000001 implements MigrationInterface {
  name = 'NotificationTask1764710000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notification ADD COLUMN task_id uuid NULL REFERENCES task (id) ON DELETE SET NULL`);
    // the foreign key's own look-ups when a task goes (drafts only); workflow notices are few next to the beats'
    await q.query(`CREATE INDEX ix_notification_task ON notification (task_id) WHERE task_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notification DROP COLUMN task_id`);
  }
}
