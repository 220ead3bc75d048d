import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 督察抽查: once a month the office draws a share of the tasks completed in the month (a recorded seed, so the draw can
 * be redone and shown to be fair) and checks each against its evidence; a failed check reopens the task and costs its
 * lead unit in the quarter's assessment (docs/cadence.md, 督察抽查). One draw per jurisdiction and month.
 */
export class SpotChecks1765500000001 implements MigrationInterface {
  name = 'SpotChecks1765500000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE spot_check (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      jurisdiction_id uuid NOT NULL REFERENCES unit (id),
      month text NOT NULL CONSTRAINT spot_check_month_check CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
      share double precision NOT NULL CONSTRAINT spot_check_share_check CHECK (share > 0 AND share <= 1),
      seed text NOT NULL CONSTRAINT spot_check_seed_check CHECK (length(seed) BETWEEN 1 AND 64),
      population int NOT NULL,
      drawn_by uuid NOT NULL REFERENCES app_user (id),
      drawn_at timestamptz NOT NULL,
      CONSTRAINT uq_spot_check_month UNIQUE (jurisdiction_id, month))`);
    await q.query(`CREATE TABLE spot_check_item (
      spot_check_id uuid NOT NULL REFERENCES spot_check (id),
      task_id uuid NOT NULL REFERENCES task (id),
      position int NOT NULL,
      result text NULL CONSTRAINT spot_check_item_result_check CHECK (result IN ('passed', 'failed')),
      finding text NULL CONSTRAINT spot_check_item_finding_check CHECK (length(finding) BETWEEN 1 AND 500),
      checked_by uuid NULL REFERENCES app_user (id),
      checked_at timestamptz NULL,
      PRIMARY KEY (spot_check_id, task_id),
      CONSTRAINT spot_check_item_checked_check CHECK ((result IS NULL) = (checked_at IS NULL) AND (result = 'failed') = (finding IS NOT NULL)))`);
    // the quarterly assessment reads the failed checks of a quarter; a unit its tasks' results
    await q.query(`CREATE INDEX ix_spot_check_item_task ON spot_check_item (task_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE spot_check_item`);
    await q.query(`DROP TABLE spot_check`);
  }
}
