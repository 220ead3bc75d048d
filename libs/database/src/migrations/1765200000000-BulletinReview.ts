import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A bulletin the office reviews before it goes out (cadence policy `bulletinReview`): written as a draft (待签发) with
 * what its 签发 needs (`review`: recipients, channels, issuer), issued by the office. Every document written before,
 * and every other kind, is issued. A draft is numbered when written, like every document (docs/cadence.md).
 */
export class BulletinReview1765200000000 implements MigrationInterface {
  name = 'BulletinReview1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE supervision_document
      ADD COLUMN status text NOT NULL DEFAULT 'issued' CHECK (status IN ('draft', 'issued')),
      ADD COLUMN review jsonb NULL,
      ADD CONSTRAINT supervision_document_draft_check CHECK (status = 'issued' OR (kind = 'bulletin' AND review IS NOT NULL))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE supervision_document DROP CONSTRAINT supervision_document_draft_check, DROP COLUMN review, DROP COLUMN status`);
  }
}
