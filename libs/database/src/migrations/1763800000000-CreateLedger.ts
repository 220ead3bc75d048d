import { MigrationInterface, QueryRunner } from 'typeorm';

/** Organisation (units, users, leader mapping) and the task ledger with its audit trail. */
export class CreateLedger1763800000000 implements MigrationInterface {
  name = 'CreateLedger1763800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);

    await q.query(`
      CREATE TABLE unit (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL,
        name text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('jurisdiction', 'office', 'department', 'township')),
        parent_id uuid NULL REFERENCES unit (id),
        jurisdiction_id uuid NOT NULL,
        path text NOT NULL,
        emails text[] NOT NULL DEFAULT '{}',
        webhooks jsonb NOT NULL DEFAULT '[]',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX uq_unit_code ON unit (code)`);
    await q.query(`CREATE INDEX ix_unit_parent ON unit (parent_id)`);
    // subtree look-ups are `path LIKE '<prefix>%'`
    await q.query(`CREATE INDEX ix_unit_path ON unit (path text_pattern_ops)`);

    await q.query(`
      CREATE TABLE app_user (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        username text NOT NULL,
        display_name text NOT NULL,
        password_hash text NOT NULL,
        role text NOT NULL CHECK (role IN ('admin', 'office', 'department', 'leader')),
        unit_id uuid NOT NULL REFERENCES unit (id),
        email text NULL,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX uq_app_user_username ON app_user (username)`);
    await q.query(`CREATE INDEX ix_app_user_unit ON app_user (unit_id)`);

    await q.query(`
      CREATE TABLE leader_unit (
        user_id uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
        unit_id uuid NOT NULL REFERENCES unit (id) ON DELETE CASCADE,
        PRIMARY KEY (user_id, unit_id)
      )`);
    await q.query(`CREATE INDEX ix_leader_unit_unit ON leader_unit (unit_id)`);

    await q.query(`
      CREATE TABLE task (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        jurisdiction_id uuid NOT NULL REFERENCES unit (id),
        code text NOT NULL,
        plan_year int NOT NULL,
        title text NOT NULL,
        description text NOT NULL DEFAULT '',
        source text NULL,
        report_id uuid NULL,
        report_item_id uuid NULL,
        source_span_start int NULL,
        source_span_end int NULL,
        lead_unit_id uuid NOT NULL REFERENCES unit (id),
        responsible_leader_id uuid NULL REFERENCES app_user (id),
        original_deadline date NOT NULL,
        current_deadline date NOT NULL,
        extension_count int NOT NULL DEFAULT 0,
        priority text NOT NULL DEFAULT 'normal' CHECK (priority IN ('high', 'normal', 'low')),
        progress_percent int NOT NULL DEFAULT 0 CHECK (progress_percent BETWEEN 0 AND 100),
        status text NOT NULL DEFAULT 'draft'
          CHECK (status IN ('draft', 'assigned', 'acknowledged', 'submitted', 'completed', 'cancelled')),
        completion_note text NULL,
        return_count int NOT NULL DEFAULT 0,
        last_progress_at timestamptz NULL,
        assigned_at timestamptz NULL,
        acknowledged_at timestamptz NULL,
        submitted_at timestamptz NULL,
        completed_at timestamptz NULL,
        cancelled_at timestamptz NULL,
        created_by uuid NOT NULL REFERENCES app_user (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version int NOT NULL DEFAULT 1
      )`);
    await q.query(`CREATE UNIQUE INDEX uq_task_code ON task (jurisdiction_id, plan_year, code)`);
    // the list API pages by (current_deadline, id) inside a unit or a jurisdiction; sweeps scan open tasks by deadline
    await q.query(`CREATE INDEX ix_task_lead_deadline ON task (lead_unit_id, current_deadline, id)`);
    await q.query(`CREATE INDEX ix_task_jurisdiction_deadline ON task (jurisdiction_id, current_deadline, id)`);
    await q.query(`CREATE INDEX ix_task_open_deadline ON task (current_deadline, id)
      WHERE status IN ('assigned', 'acknowledged', 'submitted')`);
    await q.query(`CREATE INDEX ix_task_leader ON task (responsible_leader_id)`);
    await q.query(`CREATE INDEX ix_task_text_trgm ON task USING gin ((code || ' ' || title || ' ' || description) gin_trgm_ops)`);

    await q.query(`
      CREATE TABLE task_co_owner (
        task_id uuid NOT NULL REFERENCES task (id) ON DELETE CASCADE,
        unit_id uuid NOT NULL REFERENCES unit (id),
        progress_percent int NOT NULL DEFAULT 0 CHECK (progress_percent BETWEEN 0 AND 100),
        last_note text NULL,
        last_progress_at timestamptz NULL,
        PRIMARY KEY (task_id, unit_id)
      )`);
    await q.query(`CREATE INDEX ix_task_co_owner_unit ON task_co_owner (unit_id)`);

    await q.query(`
      CREATE TABLE task_code_counter (
        jurisdiction_id uuid NOT NULL,
        plan_year int NOT NULL,
        last_seq int NOT NULL,
        PRIMARY KEY (jurisdiction_id, plan_year)
      )`);

    await q.query(`
      CREATE TABLE task_progress (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        task_id uuid NOT NULL REFERENCES task (id),
        unit_id uuid NOT NULL REFERENCES unit (id),
        author_id uuid NOT NULL REFERENCES app_user (id),
        note text NOT NULL,
        percent int NOT NULL CHECK (percent BETWEEN 0 AND 100),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX ix_task_progress_task ON task_progress (task_id, created_at)`);

    await q.query(`
      CREATE TABLE task_extension (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        task_id uuid NOT NULL REFERENCES task (id),
        requested_by uuid NOT NULL REFERENCES app_user (id),
        previous_deadline date NOT NULL,
        requested_deadline date NOT NULL,
        reason text NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
        decided_by uuid NULL REFERENCES app_user (id),
        decided_at timestamptz NULL,
        decision_reason text NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX ix_task_extension_task ON task_extension (task_id)`);
    await q.query(`CREATE UNIQUE INDEX uq_task_extension_pending ON task_extension (task_id) WHERE status = 'pending'`);

    await q.query(`
      CREATE TABLE evidence_file (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        task_id uuid NOT NULL REFERENCES task (id),
        progress_id uuid NULL REFERENCES task_progress (id),
        purpose text NOT NULL CHECK (purpose IN ('progress', 'submission')),
        uploaded_by uuid NOT NULL REFERENCES app_user (id),
        unit_id uuid NOT NULL REFERENCES unit (id),
        file_name text NOT NULL,
        mime_type text NOT NULL,
        size int NOT NULL,
        sha256 text NOT NULL,
        content bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX ix_evidence_file_task ON evidence_file (task_id)`);

    await q.query(`
      CREATE TABLE task_event (
        id bigserial PRIMARY KEY,
        task_id uuid NOT NULL REFERENCES task (id),
        actor_id uuid NULL REFERENCES app_user (id),
        actor_unit_id uuid NULL REFERENCES unit (id),
        at timestamptz NOT NULL,
        action text NOT NULL,
        from_status text NULL,
        to_status text NULL,
        reason text NULL,
        changes jsonb NOT NULL DEFAULT '{}'
      )`);
    await q.query(`CREATE INDEX ix_task_event_task ON task_event (task_id, id)`);
    // the audit trail is append-only, whatever the application does
    await q.query(`
      CREATE FUNCTION task_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'task_event is append-only';
      END $$`);
    await q.query(`CREATE TRIGGER task_event_no_change BEFORE UPDATE OR DELETE ON task_event
      FOR EACH ROW EXECUTE FUNCTION task_event_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['task_event', 'evidence_file', 'task_extension', 'task_progress', 'task_code_counter',
      'task_co_owner', 'task', 'leader_unit', 'app_user', 'unit']) {
      await q.query(`DROP TABLE ${table}`);
    }
    await q.query(`DROP FUNCTION task_event_append_only()`);
  }
}
