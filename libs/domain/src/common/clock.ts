import { Injectable } from '@nestjs/common';
import { TZDate } from '@date-fns/tz';
import { addDays, differenceInCalendarDays, format, parseISO } from 'date-fns';

export const BUSINESS_TZ = 'Asia/Shanghai';

/** The one source of "now". Tests and operators replace it to run the calendar as of any instant. */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }

  /** Today's date in Asia/Shanghai as YYYY-MM-DD, whatever the process time zone. */
  today(): string {
    return businessDate(this.now());
  }
}

/** A clock that stays where it is put; for tests and `--at` runs. */
export class FixedClock extends Clock {
  constructor(private instant: Date) {
    super();
  }
  override now(): Date {
    return new Date(this.instant);
  }
  set(instant: Date | string): void {
    this.instant = new Date(instant);
  }
  advanceDays(days: number): void {
    this.instant = new Date(this.instant.getTime() + days * 86_400_000);
  }
}

export function businessDate(instant: Date): string {
  return format(new TZDate(instant.getTime(), BUSINESS_TZ), 'yyyy-MM-dd');
}

export function addDaysToDate(date: string, days: number): string {
  return format(addDays(parseISO(date), days), 'yyyy-MM-dd');
}

export function daysBetween(from: string, to: string): number {
  return differenceInCalendarDays(parseISO(to), parseISO(from));
}
