import { isWorkday } from 'chinese-days';
import { addDaysToDate } from '../common/clock';
import { CHINESE_DAYS_YEARS, COVERED_YEARS, NationalDays, nationalDays } from './national-days';

export { COVERED_YEARS } from './national-days';

/**
 * The years within [this year − 1, next year] whose holidays the calendar does not know (neither chinese-days nor an
 * entered notice): their working days would be plain Monday–Friday, without statutory holidays or 调休. Empty when
 * the data is current.
 */
export function uncoveredYearsAround(today: string): number[] {
  const year = Number(today.slice(0, 4));
  return [year - 1, year, year + 1].filter((y) => !COVERED_YEARS.has(y));
}

/** The operator's warning for uncovered years (health endpoint, worker boot log), or null. */
export function calendarCoverageWarning(years: readonly number[]): string | null {
  return years.length
    ? `节假日数据（chinese-days）未覆盖 ${years.join('、')} 年：这些年份按周一至周五计算工作日，法定节假日与调休不生效（请在“管理 → 全国节假日”粘贴国务院办公厅的放假安排通知，或升级 chinese-days）`
    : null;
}

export type CalendarUnit = 'week' | 'month' | 'quarter';

export interface WorkingDayOverride {
  date: string; // YYYY-MM-DD
  isWorking: boolean;
  note?: string | null;
}

/** ISO weekday of a YYYY-MM-DD date, 1 = Monday … 7 = Sunday, without touching the process time zone. */
export function isoWeekday(date: string): number {
  const d = new Date(`${date}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

/**
 * The working-day calendar of one jurisdiction: China's statutory holidays and 调休 make-up days — from the entered
 * notice where a year has one, else from chinese-days — then the jurisdiction's own overrides. Pure and synchronous:
 * the service loads the overrides (and refreshes the entered national calendar) once per beat.
 * Years neither covers are Monday–Friday; `uncoveredYears` lists the ones this calendar has been asked about.
 */
export class DayCalendar {
  private readonly overrides: Map<string, boolean>;
  readonly uncoveredYears = new Set<number>();

  constructor(overrides: readonly WorkingDayOverride[] = [], private readonly onUncovered?: (year: number) => void,
    private readonly national: NationalDays = nationalDays()) {
    this.overrides = new Map(overrides.map((o) => [o.date, o.isWorking]));
  }

  isWorkingDay(date: string): boolean {
    const own = this.overrides.get(date);
    if (own !== undefined) return own;
    const entered = this.national.days.get(date);
    if (entered) return entered.isWorking;
    const year = Number(date.slice(0, 4));
    if (this.national.years.has(year)) return isoWeekday(date) <= 5; // a day the entered notice does not name
    if (!CHINESE_DAYS_YEARS.has(year)) {
      if (!this.uncoveredYears.has(year)) {
        this.uncoveredYears.add(year);
        this.onUncovered?.(year);
      }
      return isoWeekday(date) <= 5;
    }
    // strings, never Dates: with a Date, chinese-days gives wrong days when the time zone is not Shanghai or UTC
    return isWorkday(date);
  }

  /** n working days after (n > 0) or before (n < 0) `date`, not counting `date` itself; n = 0 gives `date`. */
  addWorkingDays(date: string, n: number): string {
    let d = date;
    const step = n >= 0 ? 1 : -1;
    for (let left = Math.abs(n); left > 0;) {
      d = addDaysToDate(d, step);
      if (this.isWorkingDay(d)) left--;
    }
    return d;
  }

  /** Working days in (from, to]; negative when `to` is before `from`. */
  workingDaysBetween(from: string, to: string): number {
    if (to < from) return -this.workingDaysBetween(to, from);
    let n = 0;
    for (let d = addDaysToDate(from, 1); d <= to; d = addDaysToDate(d, 1)) if (this.isWorkingDay(d)) n++;
    return n;
  }

  /** The first working day of the week (Monday-based), month or quarter containing `date`. */
  firstWorkingDayOf(unit: CalendarUnit, date: string): string {
    let d = periodStart(unit, date);
    const end = periodEnd(unit, date);
    while (d <= end && !this.isWorkingDay(d)) d = addDaysToDate(d, 1);
    return d; // a period without a working day does not happen in practice; then the day after it
  }
}

export function periodStart(unit: CalendarUnit, date: string): string {
  if (unit === 'week') return addDaysToDate(date, 1 - isoWeekday(date));
  const month = Number(date.slice(5, 7));
  const first = unit === 'month' ? month : month - ((month - 1) % 3);
  return `${date.slice(0, 4)}-${String(first).padStart(2, '0')}-01`;
}

export function periodEnd(unit: CalendarUnit, date: string): string {
  if (unit === 'week') return addDaysToDate(periodStart('week', date), 6);
  const start = periodStart(unit, date);
  const [y, m] = [Number(start.slice(0, 4)), Number(start.slice(5, 7)) + (unit === 'month' ? 1 : 3)];
  const next = m > 12 ? `${y + 1}-${String(m - 12).padStart(2, '0')}-01` : `${y}-${String(m).padStart(2, '0')}-01`;
  return addDaysToDate(next, -1);
}

/** ISO week key such as 2025-W40 (the ISO year, which differs from the calendar year around New Year). */
export function isoWeekKey(date: string): string {
  const thursday = addDaysToDate(date, 4 - isoWeekday(date));
  const year = Number(thursday.slice(0, 4));
  const jan1 = `${year}-01-01`;
  const days = Math.round((Date.parse(`${thursday}T00:00:00Z`) - Date.parse(`${jan1}T00:00:00Z`)) / 86_400_000);
  return `${year}-W${String(Math.floor(days / 7) + 1).padStart(2, '0')}`;
}

export const monthKey = (date: string) => date.slice(0, 7);
export const quarterKey = (date: string) => `${date.slice(0, 4)}Q${Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1}`;

/** The month / quarter before the one containing `date`. */
export function previousMonthKey(date: string): string {
  return monthKey(addDaysToDate(periodStart('month', date), -1));
}
/** The month key `months` months from the one containing `date` (negative: back). */
export function monthKeyShifted(date: string, months: number): string {
  const index = Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1 + months;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}
export function previousQuarterKey(date: string): string {
  return quarterKey(addDaysToDate(periodStart('quarter', date), -1));
}

/** First and last date of a month key (2025-09) or a quarter key (2025Q3). */
export function periodRange(key: string): { from: string; to: string } {
  const q = /^(\d{4})Q([1-4])$/.exec(key);
  if (q) {
    const from = `${q[1]}-${String((Number(q[2]) - 1) * 3 + 1).padStart(2, '0')}-01`;
    return { from, to: periodEnd('quarter', from) };
  }
  const from = `${key}-01`;
  return { from, to: periodEnd('month', from) };
}
