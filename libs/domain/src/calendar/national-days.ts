import { isWorkday } from 'chinese-days';
import data from 'chinese-days/dist/chinese-days.json';
import { addDaysToDate } from '../common/clock';

/** Years the chinese-days package has (it answers Mon–Fri, silently, for any other year). */
export const CHINESE_DAYS_YEARS: ReadonlySet<number> = new Set(
  Object.keys((data as { holidays: Record<string, string> }).holidays).map((d) => Number(d.slice(0, 4))),
);

/** A year of the national calendar entered from the State Council's notice (table national_calendar_year). */
export interface EnteredYear {
  year: number;
  title: string | null;
  appliedAt: string; // ISO instant
  appliedByName: string;
}

/**
 * The entered national calendar: the days the notices name, and the years entered. For an entered year every day
 * the notice does not name is Monday–Friday — the entered year replaces chinese-days' data for that year, it is not
 * merged with it (the two are compared instead, see `differencesFromChineseDays`).
 */
export interface NationalDays {
  readonly days: ReadonlyMap<string, { isWorking: boolean; note: string | null }>;
  readonly years: ReadonlyMap<number, EnteredYear>;
}

export const NO_ENTERED_DAYS: NationalDays = { days: new Map(), years: new Map() };

let current: NationalDays = NO_ENTERED_DAYS;
const covered = new Set(CHINESE_DAYS_YEARS);

/**
 * Years the working-day calendar knows the holidays of: chinese-days' and the entered ones. Read synchronously by
 * the beats, /health and the worker's boot warning; kept current by `useNationalDays`.
 */
export const COVERED_YEARS: ReadonlySet<number> = covered;

/** The entered calendar this process last loaded (WorkingCalendarService loads it at boot and with every calendar). */
export function nationalDays(): NationalDays {
  return current;
}

/** Replaces the process's entered calendar (and so COVERED_YEARS). */
export function useNationalDays(next: NationalDays): void {
  current = next;
  covered.clear();
  for (const y of CHINESE_DAYS_YEARS) covered.add(y);
  for (const y of next.years.keys()) covered.add(y);
}

/** Where a year's national holidays come from. */
export type YearSource = 'notice' | 'chinese-days' | null;

export function yearSource(year: number, national: NationalDays = current): YearSource {
  if (national.years.has(year)) return 'notice';
  return CHINESE_DAYS_YEARS.has(year) ? 'chinese-days' : null;
}

export interface CalendarDifference {
  date: string;
  /** working under the entered notice */
  entered: boolean;
  /** working under chinese-days */
  chineseDays: boolean;
}

/**
 * The days of an entered year where the entered calendar and chinese-days disagree; empty when chinese-days does not
 * have the year or they agree day by day.
 */
export function differencesFromChineseDays(year: number, national: NationalDays = current): CalendarDifference[] {
  if (!national.years.has(year) || !CHINESE_DAYS_YEARS.has(year)) return [];
  const out: CalendarDifference[] = [];
  for (let d = `${year}-01-01`; d.startsWith(String(year)); d = addDaysToDate(d, 1)) {
    const named = national.days.get(d);
    const entered = named ? named.isWorking : weekdayWorking(d);
    const chineseDays = isWorkday(d);
    if (entered !== chineseDays) out.push({ date: d, entered, chineseDays });
  }
  return out;
}

export function weekdayWorking(date: string): boolean {
  const d = new Date(`${date}T00:00:00Z`).getUTCDay();
  return d !== 0 && d !== 6;
}
