import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A jurisdiction's units by kind: the beat finds each jurisdiction's office (its 抄送 and the notices' `office`
 * recipient) and the bulletin's `all` recipients by jurisdiction_id, which no index led with, so at the province's
 * 5,022 units every such statement read the whole table (about 1 ms; 700 times a weekly beat, docs/benchmarks.md).
 */
export class UnitJurisdictionIndex1766000000000 implements MigrationInterface {
  name = 'UnitJurisdictionIndex1766000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX ix_unit_jurisdiction ON unit (jurisdiction_id, kind, code)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_unit_jurisdiction`);
  }
}
