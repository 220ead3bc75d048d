import { Injectable } from '@nestjs/common';
import { TZDate } from '@date-fns/tz';
import { addDays, differenceInCalendarDays, format, parseISO } from 'date-fns';
import { BUSINESS_TIME_ZONE } from '@app/config';

/** SQL: the business (Beijing) date of a timestamptz expression. */
export const businessDateSql = (instantSql: string) => `(${instantSql} AT TIME ZONE '${BUSINESS_TIME_ZONE}')::date`;

/** SQL: a date's first instant in the business time zone, as timestamptz. */
export const businessMidnightSql = (dateSql: string) => `((${dateSql})::timestamp AT TIME ZONE '${BUSINESS_TIME_ZONE}')`;

/** The one source of "now". Tests and operators replace it to run the calendar as of any instant. */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }

  /** Today's business (Beijing) date as YYYY-MM-DD, whatever the process time zone. */
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
  return format(new TZDate(instant.getTime(), BUSINESS_TIME_ZONE), 'yyyy-MM-dd');
}

export function addDaysToDate(date: string, days: number): string {
  return format(addDays(parseISO(date), days), 'yyyy-MM-dd');
}

export function daysBetween(from: string, to: string): number {
  return differenceInCalendarDays(parseISO(to), parseISO(from));
}
