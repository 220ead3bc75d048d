import { Module } from '@nestjs/common';
import { NotificationsModule } from '@app/notifications';
import { WorkingCalendarModule } from '../calendar/working-calendar.module';
import { CadencePolicyService } from './cadence-policy.service';
import { CatchUpBeatsUseCase } from './use-cases/catch-up-beats.use-case';
import { RunBeatUseCase } from './use-cases/run-beat.use-case';
import { RunCadenceRangeUseCase } from './use-cases/run-cadence-range.use-case';

/** The beats and their outbox, for the worker and the CLI (needs BullModule.forRoot in the root module). */
@Module({
  imports: [NotificationsModule, WorkingCalendarModule],
  providers: [CadencePolicyService, RunBeatUseCase, CatchUpBeatsUseCase, RunCadenceRangeUseCase],
  exports: [WorkingCalendarModule, CadencePolicyService, RunBeatUseCase, CatchUpBeatsUseCase, RunCadenceRangeUseCase,
    NotificationsModule],
})
export class CadenceModule {}
