import { Module } from '@nestjs/common';
import { WorkingCalendarModule } from '../calendar/working-calendar.module';
import { CadenceSettingsService } from './cadence-settings.service';

/** The administration of cadence policies and working-day overrides, for the API; no queues. */
@Module({ imports: [WorkingCalendarModule], providers: [CadenceSettingsService], exports: [CadenceSettingsService] })
export class CadenceSettingsModule {}
