import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Queue } from 'bullmq';
import { BUSINESS_TIME_ZONE } from '@app/config';
import { CadencePolicyService, calendarCoverageWarning, Clock, WorkingCalendar } from '@app/domain';
import { NotificationDispatcher } from '@app/notifications';
import { BEAT_NAMES, beatSchedulerId, CADENCE_JOB_OPTIONS, DISPATCH_SCHEDULER_ID, JobName, QueueName } from '@app/queues';

/**
 * On boot: upsert one job scheduler per beat (cron in Asia/Shanghai; upsert by id is idempotent, so restarts and
 * several workers keep one schedule each, and a changed policy time updates the pattern), one that re-enqueues the
 * pending outbox every minute, and re-enqueue what is pending now. A failure here fails the boot. Logs a warning when
 * the holiday data does not cover last, this or next year.
 */
@Injectable()
export class CadenceScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(CadenceScheduler.name);

  constructor(
    @InjectQueue(QueueName.Cadence) private readonly queue: Queue,
    private readonly policies: CadencePolicyService,
    private readonly dispatcher: NotificationDispatcher,
    private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const warning = calendarCoverageWarning(WorkingCalendar.uncoveredYears(this.clock.today()));
    if (warning) this.logger.warn(warning);
    await this.register();
    await this.dispatcher.enqueuePending();
  }

  async register(): Promise<void> {
    const patterns = await this.policies.patterns();
    for (const beat of BEAT_NAMES) {
      await this.queue.upsertJobScheduler(beatSchedulerId(beat), { pattern: patterns[beat], tz: BUSINESS_TIME_ZONE },
        { name: JobName.RunBeat, data: { beat }, opts: CADENCE_JOB_OPTIONS });
    }
    await this.queue.upsertJobScheduler(DISPATCH_SCHEDULER_ID, { pattern: '0 * * * * *', tz: BUSINESS_TIME_ZONE },
      { name: JobName.DispatchPending, data: {}, opts: CADENCE_JOB_OPTIONS });
    this.logger.log(`job schedulers registered: ${BEAT_NAMES.map((b) => `${b} (${patterns[b]})`).join(', ')}`);
  }
}
