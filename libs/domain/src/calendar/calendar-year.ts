import data from 'chinese-days/dist/chinese-days.json';
import { addDaysToDate } from '../common/clock';
import { COVERED_YEARS, isoWeekday, WorkingDayOverride } from './day-calendar';

const { holidays, workdays } = data as { holidays: Record<string, string>; workdays: Record<string, string> };

export interface CalendarDay {
  date: string;
  isWorking: boolean;
  /** holiday: a statutory day off on a weekday; makeup: a 调休 working weekend day; override: the jurisdiction's own */
  source: 'holiday' | 'makeup' | 'override';
  /** the festival (国庆节, 春节…), when the national data names one for that day */
  name: string | null;
  note: string | null;
}

export interface CalendarYear {
  year: number;
  /** whether chinese-days has that year; if not, the year is plain Monday–Friday plus the overrides */
  covered: boolean;
  days: CalendarDay[];
}

// chinese-days stores "English,中文,days" per date
const festival = (date: string): string | null => {
  const entry = holidays[date] ?? workdays[date];
  return entry ? (entry.split(',')[1] ?? entry) : null;
};

/**
 * The days of a year that differ from a plain Monday–Friday week (statutory holidays on weekdays, make-up working
 * weekend days), plus every override of the jurisdiction in that year, which wins; sorted by date.
 */
export function calendarYear(year: number, overrides: readonly WorkingDayOverride[]): CalendarYear {
  const covered = COVERED_YEARS.has(year);
  const byDate = new Map<string, CalendarDay>();
  if (covered) {
    for (let d = `${year}-01-01`; d.startsWith(String(year)); d = addDaysToDate(d, 1)) {
      const weekday = isoWeekday(d) <= 5;
      if (weekday && holidays[d]) byDate.set(d, { date: d, isWorking: false, source: 'holiday', name: festival(d), note: null });
      if (!weekday && workdays[d]) byDate.set(d, { date: d, isWorking: true, source: 'makeup', name: festival(d), note: null });
    }
  }
  for (const o of overrides) {
    if (!o.date.startsWith(`${year}-`)) continue;
    byDate.set(o.date, { date: o.date, isWorking: o.isWorking, source: 'override', name: covered ? festival(o.date) : null,
      note: o.note ?? null });
  }
  return { year, covered, days: [...byDate.values()].sort((a, b) => a.date.localeCompare(b.date)) };
}
