import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { COVERED_YEARS, DayCalendar, uncoveredYearsAround } from './day-calendar';
import { loadNationalDays } from './national-calendar.service';
import { NationalDays, useNationalDays } from './national-days';

/**
 * Builds the calendar of a jurisdiction from the national calendar (the entered notices, else chinese-days) and the
 * `working_day_override` table. Every build reloads the entered notices (two small tables), so a year applied in the
 * API reaches the worker's next beat; the process-wide copy keeps COVERED_YEARS current for the synchronous readers.
 * Years outside both are Monday–Friday, logged once per year and reported by `uncoveredYears()` (shown on /health).
 */
@Injectable()
export class WorkingCalendarService {
  private readonly logger = new Logger(WorkingCalendarService.name);
  private static readonly warned = new Set<number>();

  constructor(private readonly dataSource: DataSource) {}

  /** The calendars of jurisdictions with one query (a beat and the catch-up plan every jurisdiction at once). */
  async forJurisdictions(jurisdictionIds: readonly string[]): Promise<Map<string, DayCalendar>> {
    const [rows, national]: [Array<{ jurisdiction_id: string; date: string; is_working: boolean; note: string | null }>,
      NationalDays] = await Promise.all([
      this.dataSource.query(`SELECT jurisdiction_id, day AS date, is_working, note FROM working_day_override
        WHERE jurisdiction_id = ANY($1::uuid[])`, [jurisdictionIds]),
      this.refreshNational(),
    ]);
    const byJurisdiction = new Map(jurisdictionIds.map((id) => [id, [] as typeof rows]));
    for (const r of rows) byJurisdiction.get(r.jurisdiction_id)?.push(r);
    return new Map([...byJurisdiction].map(([id, own]) => [id, this.calendar(own, national)]));
  }

  /** A jurisdiction's own overrides within a year, by date. */
  async overridesOf(jurisdictionId: string, year: number): Promise<Array<{ date: string; isWorking: boolean; note: string | null }>> {
    const rows: Array<{ date: string; is_working: boolean; note: string | null }> = await this.dataSource.query(
      `SELECT day AS date, is_working, note FROM working_day_override
        WHERE jurisdiction_id = $1 AND day BETWEEN $2::date AND $3::date`, [jurisdictionId, `${year}-01-01`, `${year}-12-31`]);
    return rows.map((r) => ({ date: r.date, isWorking: r.is_working, note: r.note }));
  }

  /** Makes a day a working day or a day off in the jurisdiction (replacing an override of the same day). */
  async setOverride(jurisdictionId: string, date: string, isWorking: boolean, note: string | null): Promise<void> {
    await this.dataSource.query(`INSERT INTO working_day_override (jurisdiction_id, day, is_working, note) VALUES ($1, $2, $3, $4)
      ON CONFLICT (jurisdiction_id, day) DO UPDATE SET is_working = EXCLUDED.is_working, note = EXCLUDED.note`,
    [jurisdictionId, date, isWorking, note]);
  }

  /** Removes the jurisdiction's override of a day; false if there was none. */
  async deleteOverride(jurisdictionId: string, date: string): Promise<boolean> {
    const [, affected]: [unknown, number] = await this.dataSource.query(
      `DELETE FROM working_day_override WHERE jurisdiction_id = $1 AND day = $2`, [jurisdictionId, date]);
    return affected > 0;
  }

  /** Reloads the entered national calendar into this process (the worker at boot; every calendar build). */
  async refreshNational(): Promise<NationalDays> {
    const national = await loadNationalDays(this.dataSource);
    useNationalDays(national);
    return national;
  }

  private calendar(rows: Array<{ date: string; is_working: boolean; note: string | null }>, national: NationalDays): DayCalendar {
    return new DayCalendar(rows.map((r) => ({ date: r.date, isWorking: r.is_working, note: r.note })), (year) => {
      if (WorkingCalendarService.warned.has(year)) return;
      WorkingCalendarService.warned.add(year);
      this.logger.warn(`${year} 年的法定节假日未录入（chinese-days 也没有），按周一至周五计算工作日（请在“管理 → 全国节假日”粘贴国务院办公厅的通知，或添加本地调整）`);
    }, national);
  }

  /**
   * Years within [this year − 1, next year] the national calendar does not cover, plus any other year a beat has
   * asked about and that is still not covered (an entered notice ends the warning).
   */
  static uncoveredYears(today: string): number[] {
    const asked = [...WorkingCalendarService.warned].filter((y) => !COVERED_YEARS.has(y));
    return [...new Set([...uncoveredYearsAround(today), ...asked])].sort((a, b) => a - b);
  }
}
