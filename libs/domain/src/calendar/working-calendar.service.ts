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
    const rows: Array<{ date: string; is_working: boolean; note: string | null }> = jurisdictionId
      ? await this.dataSource.query(`SELECT day AS date, is_working, note FROM working_day_override WHERE jurisdiction_id = $1`,
        [jurisdictionId])
      : [];
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
