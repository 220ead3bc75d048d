import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A county's open tasks by deadline: the beats' scans (overdue, due soon, the escalation ladder) ask for one
 * jurisdiction's open tasks before a day. ix_task_jurisdiction_deadline holds every task of the county, closed ones
 * of past years included, so at province scale each scan walked them (about 30 ms a county and step; 10 ms with this
 * index on a copy of the province fixture, docs/benchmarks.md).
 */
export class TaskJurisdictionOpenDeadlineIndex1765900000000 implements MigrationInterface {
  name = 'TaskJurisdictionOpenDeadlineIndex1765900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX ix_task_jurisdiction_open_deadline ON task (jurisdiction_id, current_deadline, id)
      WHERE status IN ('assigned', 'acknowledged', 'submitted')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_task_jurisdiction_open_deadline`);
  }
}
