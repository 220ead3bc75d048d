import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A delivery is claimed (`sending`, with a lease) before it is sent and recorded `sent` or `failed` right after, so
 * two workers never send the same (notification, channel, target) at once; a claim whose worker died expires.
 */
export class DeliveryLease1764000000000 implements MigrationInterface {
  name = 'DeliveryLease1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notification_delivery ADD COLUMN lease_until timestamptz NULL`);
    await q.query(`ALTER TABLE notification_delivery DROP CONSTRAINT notification_delivery_status_check`);
    await q.query(`ALTER TABLE notification_delivery ADD CONSTRAINT notification_delivery_status_check
      CHECK (status IN ('sending', 'sent', 'failed'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM notification_delivery WHERE status = 'sending'`);
    await q.query(`ALTER TABLE notification_delivery DROP CONSTRAINT notification_delivery_status_check`);
    await q.query(`ALTER TABLE notification_delivery ADD CONSTRAINT notification_delivery_status_check
      CHECK (status IN ('sent', 'failed'))`);
    await q.query(`ALTER TABLE notification_delivery DROP COLUMN lease_until`);
  }
}
