import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The unsigned ladder's 督办通知单 (`ack_supervise`): a slip not signed for goes up to the leader in charge after the
 * 签收催办单 (docs/cadence.md). A kind of its own beside the overdue `supervise`: one document per kind, unit and day,
 * and the two read differently; they share the 督办 number sequence (document_counter row `supervise`).
 */
export class UnsignedSupervise1765050000000 implements MigrationInterface {
  name = 'UnsignedSupervise1765050000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE supervision_document DROP CONSTRAINT supervision_document_kind_check`);
    await q.query(`ALTER TABLE supervision_document ADD CONSTRAINT supervision_document_kind_check CHECK (kind IN ('assign_slip',
      'ack_chase', 'ack_supervise', 'work_reminder', 'due_soon', 'urge', 'supervise', 'bulletin', 'assessment'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE supervision_document DROP CONSTRAINT supervision_document_kind_check`);
    await q.query(`ALTER TABLE supervision_document ADD CONSTRAINT supervision_document_kind_check CHECK (kind IN ('assign_slip',
      'ack_chase', 'work_reminder', 'due_soon', 'urge', 'supervise', 'bulletin', 'assessment'))`);
  }
}
