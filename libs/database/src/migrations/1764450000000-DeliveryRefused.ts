import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A target a delivery may never send to (a webhook at a private address, WEBHOOK_ALLOW_PRIVATE=false) is recorded
 * `refused`: a permanent failure, never claimed again, unlike `failed`, which the next attempt retries.
 */
export class DeliveryRefused1764450000000 implements MigrationInterface {
  name = 'DeliveryRefused1764450000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notification_delivery DROP CONSTRAINT notification_delivery_status_check`);
    await q.query(`ALTER TABLE notification_delivery ADD CONSTRAINT notification_delivery_status_check
      CHECK (status IN ('sending', 'sent', 'failed', 'refused'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE notification_delivery SET status = 'failed' WHERE status = 'refused'`);
    await q.query(`ALTER TABLE notification_delivery DROP CONSTRAINT notification_delivery_status_check`);
    await q.query(`ALTER TABLE notification_delivery ADD CONSTRAINT notification_delivery_status_check
      CHECK (status IN ('sending', 'sent', 'failed'))`);
  }
}
