import data from 'chinese-days/dist/chinese-days.json';
import { addDaysToDate } from '../common/clock';
import { isoWeekday, WorkingDayOverride } from './day-calendar';
import { NationalDays, nationalDays, YearSource, yearSource } from './national-days';

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
  /** whether the national holidays of that year are known; if not, the year is plain Monday–Friday plus the overrides */
  covered: boolean;
  /** where they come from: an entered State Council notice, the chinese-days package, or nowhere */
  source: YearSource;
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
export function calendarYear(year: number, overrides: readonly WorkingDayOverride[],
  national: NationalDays = nationalDays()): CalendarYear {
  const source = yearSource(year, national);
  const covered = source !== null;
  const byDate = new Map<string, CalendarDay>();
  const enteredName = (d: string) => national.days.get(d)?.note ?? null;
  if (source === 'chinese-days') {
    for (let d = `${year}-01-01`; d.startsWith(String(year)); d = addDaysToDate(d, 1)) {
      const weekday = isoWeekday(d) <= 5;
      if (weekday && holidays[d]) byDate.set(d, { date: d, isWorking: false, source: 'holiday', name: festival(d), note: null });
      if (!weekday && workdays[d]) byDate.set(d, { date: d, isWorking: true, source: 'makeup', name: festival(d), note: null });
    }
  }
  // the entered notices' days (a notice may name a day of the year before: 元旦 from 12-30), over chinese-days
  for (const [d, day] of national.days) {
    if (!d.startsWith(`${year}-`)) continue;
    const weekday = isoWeekday(d) <= 5;
    if (weekday && !day.isWorking) byDate.set(d, { date: d, isWorking: false, source: 'holiday', name: day.note, note: null });
    else if (!weekday && day.isWorking) byDate.set(d, { date: d, isWorking: true, source: 'makeup', name: day.note, note: null });
    else byDate.delete(d);
  }
  for (const o of overrides) {
    if (!o.date.startsWith(`${year}-`)) continue;
    byDate.set(o.date, { date: o.date, isWorking: o.isWorking, source: 'override',
      name: national.days.has(o.date) ? enteredName(o.date) : source === 'chinese-days' ? festival(o.date) : null, note: o.note ?? null });
  }
  return { year, covered, source, days: [...byDate.values()].sort((a, b) => a.date.localeCompare(b.date)) };
}
