import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 问责记录: the measures a jurisdiction's office took against a unit in a year (约谈、通报批评…), usually over a task named
 * (点名) in a bulletin. A record is withdrawn, never deleted: who withdrew it, when and why stay on the row.
 */
export class AccountabilityRecords1765100000000 implements MigrationInterface {
  name = 'AccountabilityRecords1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE accountability_record (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      jurisdiction_id uuid NOT NULL REFERENCES unit (id),
      unit_id uuid NOT NULL REFERENCES unit (id),
      year int NOT NULL CHECK (year BETWEEN 2000 AND 2100),
      task_id uuid NULL REFERENCES task (id),
      measure text NOT NULL CHECK (measure IN ('约谈', '通报批评', '责令书面检查', '诫勉', '移交纪检监察', '其他')),
      reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
      decided_on date NOT NULL,
      created_by uuid NOT NULL REFERENCES app_user (id),
      created_at timestamptz NOT NULL,
      withdrawn_at timestamptz NULL,
      withdrawn_by uuid NULL REFERENCES app_user (id),
      withdraw_reason text NULL CHECK (length(withdraw_reason) BETWEEN 1 AND 200),
      CHECK ((withdrawn_at IS NULL) = (withdrawn_by IS NULL) AND (withdrawn_at IS NULL) = (withdraw_reason IS NULL)))`);
    // the annual review and the list read a jurisdiction's year; a unit's own list its unit's
    await q.query(`CREATE INDEX ix_accountability_year ON accountability_record (jurisdiction_id, year, decided_on DESC, id DESC)`);
    await q.query(`CREATE INDEX ix_accountability_unit ON accountability_record (unit_id, year)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE accountability_record`);
  }
}
