import { Column, Entity, Index } from 'typeorm';

/** A year of the national calendar entered from the State Council's notice (libs/domain/src/calendar/holiday-notice.ts). */
@Entity('national_calendar_year')
export class NationalCalendarYearEntity {
  @Column('integer', { primary: true }) year!: number;
  @Column('text') source!: 'notice';
  @Column('text', { nullable: true }) title!: string | null;
  @Column('text', { select: false }) noticeText!: string;
  /** what the reader reported and the admin accepted when applying */
  @Column('jsonb', { default: () => "'[]'" }) warnings!: string[];
  @Column('timestamptz', { default: () => 'now()' }) appliedAt!: Date;
  @Column('uuid', { nullable: true }) appliedBy!: string | null;
  @Column('text') appliedByName!: string;
}

/** A day the notice names: a holiday (is_working false) or a make-up working day (true); note = the festival. */
@Entity('national_calendar_day')
export class NationalCalendarDayEntity {
  @Column('date', { primary: true }) day!: string;
  @Index('ix_national_calendar_day_year') @Column('integer') year!: number;
  @Column('boolean') isWorking!: boolean;
  @Column('text', { nullable: true }) note!: string | null;
}
