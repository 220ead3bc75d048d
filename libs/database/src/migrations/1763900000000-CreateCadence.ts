import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The supervision cadence: working-day overrides, per-jurisdiction policies, beat runs, numbered documents (交办单,
 * 催办单, 督办通知单, 工作提醒, 检查通报, 考核), the per-task marks that make each step happen once, and the
 * notification outbox with its per-channel delivery results. Written with set-based SQL only (no entities).
 */
export class CreateCadence1763900000000 implements MigrationInterface {
  name = 'CreateCadence1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE working_day_override (
        jurisdiction_id uuid NOT NULL REFERENCES unit (id),
        day date NOT NULL,
        is_working boolean NOT NULL,
        note text NULL,
        PRIMARY KEY (jurisdiction_id, day)
      )`);
    await q.query(`
      CREATE TABLE cadence_policy (
        jurisdiction_id uuid PRIMARY KEY REFERENCES unit (id),
        policy jsonb NOT NULL DEFAULT '{}',
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE beat_run (
        id bigserial PRIMARY KEY,
        jurisdiction_id uuid NOT NULL REFERENCES unit (id),
        beat text NOT NULL,
        period text NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('done', 'skipped')),
        reason text NULL,
        as_of timestamptz NOT NULL,
        summary jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (jurisdiction_id, beat, period)
      )`);
    await q.query(`
      CREATE TABLE document_counter (
        jurisdiction_id uuid NOT NULL,
        year int NOT NULL,
        kind text NOT NULL,
        last_seq int NOT NULL,
        PRIMARY KEY (jurisdiction_id, year, kind)
      )`);
    await q.query(`
      CREATE TABLE supervision_document (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        jurisdiction_id uuid NOT NULL REFERENCES unit (id),
        kind text NOT NULL CHECK (kind IN ('assign_slip', 'ack_chase', 'work_reminder', 'due_soon', 'urge', 'supervise',
          'bulletin', 'assessment')),
        unit_id uuid NOT NULL REFERENCES unit (id),
        period text NOT NULL,
        year int NOT NULL,
        seq int NOT NULL,
        number text NOT NULL,
        title text NOT NULL,
        content jsonb NOT NULL,
        body_text text NOT NULL,
        body_html text NOT NULL,
        issued_at timestamptz NOT NULL,
        UNIQUE (kind, unit_id, period),
        UNIQUE (jurisdiction_id, year, kind, seq)
      )`);
    // lists page by (issued_at, id) inside a jurisdiction or a unit
    await q.query(`CREATE INDEX ix_document_jurisdiction ON supervision_document (jurisdiction_id, issued_at DESC, id DESC)`);
    await q.query(`CREATE INDEX ix_document_unit ON supervision_document (unit_id, issued_at DESC, id DESC)`);
    await q.query(`
      CREATE TABLE supervision_mark (
        kind text NOT NULL,
        task_id uuid NOT NULL REFERENCES task (id),
        unit_id uuid NOT NULL REFERENCES unit (id),
        ref text NOT NULL DEFAULT '',
        document_id uuid NULL REFERENCES supervision_document (id),
        created_at timestamptz NOT NULL,
        PRIMARY KEY (kind, task_id, unit_id, ref)
      )`);
    await q.query(`CREATE INDEX ix_mark_document ON supervision_mark (document_id)`);
    await q.query(`CREATE INDEX ix_mark_unit ON supervision_mark (unit_id, kind, created_at)`);
    await q.query(`
      CREATE TABLE notification (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        dedup_key text NOT NULL,
        kind text NOT NULL,
        jurisdiction_id uuid NOT NULL REFERENCES unit (id),
        recipient_unit_id uuid NOT NULL REFERENCES unit (id),
        recipient_user_id uuid NULL REFERENCES app_user (id),
        document_id uuid NULL REFERENCES supervision_document (id),
        period text NOT NULL,
        title text NOT NULL,
        body text NOT NULL,
        channels text[] NOT NULL DEFAULT '{inbox,email,webhook}',
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'dead')),
        attempts int NOT NULL DEFAULT 0,
        last_error text NULL,
        created_at timestamptz NOT NULL,
        delivered_at timestamptz NULL,
        read_at timestamptz NULL
      )`);
    await q.query(`CREATE UNIQUE INDEX uq_notification_dedup ON notification (dedup_key)`);
    await q.query(`CREATE INDEX ix_notification_pending ON notification (created_at, id) WHERE status = 'pending'`);
    await q.query(`CREATE INDEX ix_notification_unit ON notification (recipient_unit_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX ix_notification_user ON notification (recipient_user_id) WHERE recipient_user_id IS NOT NULL`);
    await q.query(`
      CREATE TABLE notification_delivery (
        notification_id uuid NOT NULL REFERENCES notification (id) ON DELETE CASCADE,
        channel text NOT NULL CHECK (channel IN ('inbox', 'email', 'generic', 'dingtalk', 'wecom')),
        target text NOT NULL,
        status text NOT NULL CHECK (status IN ('sent', 'failed')),
        attempts int NOT NULL DEFAULT 1,
        last_error text NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (notification_id, channel, target)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['notification_delivery', 'notification', 'supervision_mark', 'supervision_document',
      'document_counter', 'beat_run', 'cadence_policy', 'working_day_override']) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
