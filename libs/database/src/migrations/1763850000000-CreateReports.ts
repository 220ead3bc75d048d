import { MigrationInterface, QueryRunner } from 'typeorm';

/** Imported reports, their items, problem ↔ measure links and owner keyword rules; tasks point at their source. */
export class CreateReports1763850000000 implements MigrationInterface {
  name = 'CreateReports1763850000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE report (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        jurisdiction_id uuid NOT NULL REFERENCES unit (id),
        uploaded_by uuid NOT NULL REFERENCES app_user (id),
        file_name text NOT NULL,
        mime_type text NOT NULL,
        byte_size int NOT NULL,
        sha256 text NOT NULL,
        original bytea NOT NULL,
        encoding text NOT NULL,
        source_type text NOT NULL,
        text text NOT NULL,
        title text NULL,
        organization text NULL,
        report_year int NULL,
        plan_year int NULL,
        report_date date NULL,
        doc_number text NULL,
        signer text NULL,
        sections jsonb NOT NULL DEFAULT '[]',
        warnings jsonb NOT NULL DEFAULT '[]',
        parser_version text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    // the same bytes twice in one jurisdiction is the same report
    await q.query(`CREATE UNIQUE INDEX uq_report_sha256 ON report (jurisdiction_id, sha256)`);
    await q.query(`CREATE INDEX ix_report_jurisdiction_created ON report (jurisdiction_id, created_at)`);

    await q.query(`
      CREATE TABLE report_item (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        report_id uuid NOT NULL REFERENCES report (id) ON DELETE CASCADE,
        parent_id uuid NULL REFERENCES report_item (id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('problem', 'measure', 'suggestion')),
        position int NOT NULL,
        ordinal text NULL,
        heading text NOT NULL,
        text text NOT NULL,
        span_start int NULL,
        span_end int NULL,
        manual boolean NOT NULL DEFAULT false,
        suggestion jsonb NULL,
        recurrence jsonb NOT NULL DEFAULT '[]',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX ix_report_item_report ON report_item (report_id, kind, position)`);

    await q.query(`
      CREATE TABLE report_item_link (
        problem_item_id uuid NOT NULL REFERENCES report_item (id) ON DELETE CASCADE,
        measure_item_id uuid NOT NULL REFERENCES report_item (id) ON DELETE CASCADE,
        report_id uuid NOT NULL REFERENCES report (id) ON DELETE CASCADE,
        score real NOT NULL,
        terms text[] NOT NULL DEFAULT '{}',
        status text NOT NULL DEFAULT 'suggested' CHECK (status IN ('suggested', 'confirmed', 'rejected')),
        PRIMARY KEY (problem_item_id, measure_item_id)
      )`);
    await q.query(`CREATE INDEX ix_report_item_link_measure ON report_item_link (measure_item_id)`);
    await q.query(`CREATE INDEX ix_report_item_link_report ON report_item_link (report_id)`);

    await q.query(`
      CREATE TABLE owner_rule (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        jurisdiction_id uuid NOT NULL REFERENCES unit (id),
        keywords text[] NOT NULL,
        unit_id uuid NOT NULL REFERENCES unit (id) ON DELETE CASCADE,
        role text NOT NULL DEFAULT 'lead' CHECK (role IN ('lead', 'co_owner')),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX ix_owner_rule_jurisdiction ON owner_rule (jurisdiction_id)`);

    // a task keeps its source; the report cannot vanish under it
    await q.query(`ALTER TABLE task ADD CONSTRAINT task_report_id_fkey FOREIGN KEY (report_id) REFERENCES report (id)`);
    await q.query(`ALTER TABLE task ADD CONSTRAINT task_report_item_id_fkey FOREIGN KEY (report_item_id) REFERENCES report_item (id)`);
    await q.query(`CREATE INDEX ix_task_report_item ON task (report_item_id) WHERE report_item_id IS NOT NULL`);
    await q.query(`CREATE INDEX ix_task_report ON task (report_id) WHERE report_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_task_report`);
    await q.query(`DROP INDEX ix_task_report_item`);
    await q.query(`ALTER TABLE task DROP CONSTRAINT task_report_item_id_fkey`);
    await q.query(`ALTER TABLE task DROP CONSTRAINT task_report_id_fkey`);
    for (const table of ['owner_rule', 'report_item_link', 'report_item', 'report']) await q.query(`DROP TABLE ${table}`);
  }
}
