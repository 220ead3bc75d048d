import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 定期报送: a task's reporting cycle (`report_cycle`: {kind: weekly|monthly|quarterly, day}) and the Beijing date it
 * was set from (`report_cycle_since`: periods starting before it ask for no report), the tasks module's; and the
 * 催报单 (`report_chase`) the daily beat issues the working day after a missed report day (docs/cadence.md).
 */
export class ReportCycles1765300000000 implements MigrationInterface {
  name = 'ReportCycles1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE task
      ADD COLUMN report_cycle jsonb NULL CHECK (report_cycle IS NULL OR (report_cycle->>'kind' IN ('weekly', 'monthly', 'quarterly')
        AND jsonb_typeof(report_cycle->'day') = 'number')),
      ADD COLUMN report_cycle_since date NULL,
      ADD CONSTRAINT task_report_cycle_since_check CHECK ((report_cycle IS NULL) = (report_cycle_since IS NULL))`);
    await q.query(`ALTER TABLE supervision_document DROP CONSTRAINT supervision_document_kind_check`);
    await q.query(`ALTER TABLE supervision_document ADD CONSTRAINT supervision_document_kind_check CHECK (kind IN ('assign_slip',
      'ack_chase', 'ack_supervise', 'work_reminder', 'due_soon', 'urge', 'supervise', 'bulletin', 'assessment', 'report_chase'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM supervision_mark WHERE kind = 'report_chase'`);
    await q.query(`ALTER TABLE supervision_document DROP CONSTRAINT supervision_document_kind_check`);
    await q.query(`ALTER TABLE supervision_document ADD CONSTRAINT supervision_document_kind_check CHECK (kind IN ('assign_slip',
      'ack_chase', 'ack_supervise', 'work_reminder', 'due_soon', 'urge', 'supervise', 'bulletin', 'assessment'))`);
    await q.query(`ALTER TABLE task DROP CONSTRAINT task_report_cycle_since_check, DROP COLUMN report_cycle_since, DROP COLUMN report_cycle`);
  }
}
