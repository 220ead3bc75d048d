import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DayCalendar, uncoveredYearsAround } from './day-calendar';

/**
 * Builds the calendar of a jurisdiction from chinese-days and the `working_day_override` table. Years outside the
 * data are Monday–Friday, logged once per year and reported by `uncoveredYears()` (shown on /health).
 */
@Injectable()
export class WorkingCalendar {
  private readonly logger = new Logger(WorkingCalendar.name);
  private static readonly warned = new Set<number>();

  constructor(private readonly dataSource: DataSource) {}

  async forJurisdiction(jurisdictionId: string | null): Promise<DayCalendar> {
    if (!jurisdictionId) return this.calendar([]);
    return (await this.forJurisdictions([jurisdictionId])).get(jurisdictionId)!;
  }

  /** The calendars of several jurisdictions with one query (the catch-up plans every jurisdiction at once). */
  async forJurisdictions(jurisdictionIds: readonly string[]): Promise<Map<string, DayCalendar>> {
    const rows: Array<{ jurisdiction_id: string; date: string; is_working: boolean; note: string | null }> =
      await this.dataSource.query(`SELECT jurisdiction_id, day AS date, is_working, note FROM working_day_override
        WHERE jurisdiction_id = ANY($1::uuid[])`, [jurisdictionIds]);
    const byJurisdiction = new Map(jurisdictionIds.map((id) => [id, [] as typeof rows]));
    for (const r of rows) byJurisdiction.get(r.jurisdiction_id)?.push(r);
    return new Map([...byJurisdiction].map(([id, own]) => [id, this.calendar(own)]));
  }

  private calendar(rows: Array<{ date: string; is_working: boolean; note: string | null }>): DayCalendar {
    return new DayCalendar(rows.map((r) => ({ date: r.date, isWorking: r.is_working, note: r.note })), (year) => {
      if (WorkingCalendar.warned.has(year)) return;
      WorkingCalendar.warned.add(year);
      this.logger.warn(`chinese-days 无 ${year} 年的节假日数据，按周一至周五计算工作日（请升级 chinese-days 或添加本地调整）`);
    });
  }

  /** Years within [this year − 1, next year] the data does not cover, plus any other year a beat has asked about. */
  static uncoveredYears(today: string): number[] {
    return [...new Set([...uncoveredYearsAround(today), ...WorkingCalendar.warned])].sort((a, b) => a - b);
  }
}
