import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tokens carry the user's token version; a new password, a deactivation or a role change bumps it, so every
 * token issued before stops working at once instead of living out its JWT_TTL.
 */
export class UserTokenVersion1764400000000 implements MigrationInterface {
  name = 'UserTokenVersion1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE app_user ADD COLUMN token_version integer NOT NULL DEFAULT 0`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE app_user DROP COLUMN token_version`);
  }
}
