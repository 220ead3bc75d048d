import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The country's working-day calendar as entered from the State Council's annual notice, for years the holiday data
 * (chinese-days) does not cover yet: one row per year (where it came from, when, by whom) and one per day it names.
 * Jurisdictions' own `working_day_override` rows stay on top of it.
 */
export class NationalCalendar1764600000000 implements MigrationInterface {
  name = 'NationalCalendar1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE national_calendar_year (
        year integer PRIMARY KEY CHECK (year BETWEEN 2000 AND 2100),
        source text NOT NULL CHECK (source IN ('notice')),
        title text NULL,
        notice_text text NOT NULL,
        warnings jsonb NOT NULL DEFAULT '[]',
        applied_at timestamptz NOT NULL DEFAULT now(),
        applied_by uuid NULL REFERENCES app_user (id) ON DELETE SET NULL,
        applied_by_name text NOT NULL
      )`);
    await q.query(`
      CREATE TABLE national_calendar_day (
        day date PRIMARY KEY,
        year integer NOT NULL REFERENCES national_calendar_year (year) ON DELETE CASCADE,
        is_working boolean NOT NULL,
        note text NULL
      )`);
    await q.query(`CREATE INDEX ix_national_calendar_day_year ON national_calendar_day (year)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE national_calendar_day`);
    await q.query(`DROP TABLE national_calendar_year`);
  }
}
