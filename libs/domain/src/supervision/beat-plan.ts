import type { BeatName } from '@app/queues';
import { DayCalendar, isoWeekKey, previousMonthKey, previousQuarterKey } from '../calendar/day-calendar';
import type { CadencePolicy } from './cadence-policy';

export type BeatPlan =
  | { due: true; period: string }
  | { due: false; reason: string; /** recorded in beat_run (a non-working day), or just reported */ record: boolean; period?: string };

/**
 * Whether a beat is due for one jurisdiction at a Beijing date and time, and for which period. On a working day at or
 * after the policy's time every beat is due for its current period until it has run once (a missed first working
 * day of a week, month or quarter is caught up on the next working day).
 */
export function planBeat(beat: BeatName, date: string, time: string, calendar: DayCalendar, policy: CadencePolicy): BeatPlan {
  if (!calendar.isWorkingDay(date)) return { due: false, reason: `${date} 非工作日`, record: true, period: `skip-${date}` };
  if (time < policy.times[beat]) return { due: false, reason: `未到 ${policy.times[beat]}（北京时间）`, record: false };
  switch (beat) {
    case 'daily-assign':
    case 'escalate':
      return { due: true, period: date };
    case 'weekly-remind':
      return { due: true, period: isoWeekKey(date) };
    case 'monthly-bulletin':
      return { due: true, period: previousMonthKey(date) };
    case 'quarterly-review':
      return { due: true, period: previousQuarterKey(date) };
  }
}
