import { Module } from '@nestjs/common';
import { CadenceSettingsService } from './cadence-settings.service';

/** The administration of cadence policies and working-day overrides, for the API; no queues. */
@Module({ providers: [CadenceSettingsService], exports: [CadenceSettingsService] })
export class CadenceSettingsModule {}
