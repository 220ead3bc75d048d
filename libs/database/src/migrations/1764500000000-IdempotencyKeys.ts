import { MigrationInterface, QueryRunner } from 'typeorm';

/** Idempotency-Key of the POSTs that create things: the first answer per (user, key), kept until it expires. */
export class IdempotencyKeys1764500000000 implements MigrationInterface {
  name = 'IdempotencyKeys1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE idempotency_key (
      user_id uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
      key text NOT NULL,
      fingerprint text NOT NULL,
      response json NOT NULL,
      created_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      PRIMARY KEY (user_id, key)
    )`);
    await q.query(`CREATE INDEX ix_idempotency_key_expires ON idempotency_key (expires_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE idempotency_key`);
  }
}
