import { Module } from '@nestjs/common';
import { WorkingCalendarService } from './working-calendar.service';

/** The jurisdictions' working-day calendars (the national calendar and each one's overrides), for the beats and their settings. */
@Module({ providers: [WorkingCalendarService], exports: [WorkingCalendarService] })
export class WorkingCalendarModule {}
