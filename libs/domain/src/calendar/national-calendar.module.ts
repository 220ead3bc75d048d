import { Module } from '@nestjs/common';
import { NationalCalendarService } from './national-calendar.service';

/** The national holiday calendar entered from the State Council's notice, for the API (page and /health). */
@Module({ providers: [NationalCalendarService], exports: [NationalCalendarService] })
export class NationalCalendarModule {}
