import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Queue } from 'bullmq';
import { BUSINESS_TIME_ZONE } from '@app/config';
import { CadencePolicyService, calendarCoverageWarning, Clock, WorkingCalendar } from '@app/domain';
import { NotificationDispatcher } from '@app/notifications';
import {
  BEAT_NAMES, BeatName, beatSchedulerId, CADENCE_JOB_OPTIONS, DISPATCH_SCHEDULER_ID, JobName, QueueName,
} from '@app/queues';

/**
 * On boot: upsert one job scheduler per beat (cron in Asia/Shanghai; upsert by id is idempotent, so restarts and
 * several workers keep one schedule each), one that re-enqueues the pending outbox every minute, and re-enqueue what
 * is pending now. A failure here fails the boot. Logs a warning when the holiday data does not cover last, this or
 * next year. Afterwards `refresh()` runs on that minute tick, so a beat time changed in the settings reaches the
 * schedulers within a minute, without a restart.
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
    for (const beat of BEAT_NAMES) await this.upsertBeat(beat, patterns[beat]);
    await this.queue.upsertJobScheduler(DISPATCH_SCHEDULER_ID, { pattern: '0 * * * * *', tz: BUSINESS_TIME_ZONE },
      { name: JobName.DispatchPending, data: {}, opts: CADENCE_JOB_OPTIONS });
    this.logger.log(`job schedulers registered: ${BEAT_NAMES.map((b) => `${b} (${patterns[b]})`).join(', ')}`);
  }

  /**
   * Re-reads the policies' beat times and re-upserts the schedulers whose pattern differs from what Redis holds (or
   * that are missing). One query and five Redis reads when nothing changed; called every minute by the dispatch tick,
   * which one worker takes per minute. Polling, rather than the API upserting on save, also catches times changed
   * with the CLI or SQL and repairs a scheduler lost from Redis, and keeps the API out of the scheduling business.
   */
  async refresh(): Promise<BeatName[]> {
    const patterns = await this.policies.patterns();
    const changed: BeatName[] = [];
    for (const beat of BEAT_NAMES) {
      const current = await this.queue.getJobScheduler(beatSchedulerId(beat));
      if (current?.pattern === patterns[beat] && current.tz === BUSINESS_TIME_ZONE) continue;
      await this.upsertBeat(beat, patterns[beat]);
      changed.push(beat);
    }
    if (changed.length) this.logger.log(`beat times changed: ${changed.map((b) => `${b} (${patterns[b]})`).join(', ')}`);
    return changed;
  }

  private async upsertBeat(beat: BeatName, pattern: string): Promise<void> {
    await this.queue.upsertJobScheduler(beatSchedulerId(beat), { pattern, tz: BUSINESS_TIME_ZONE },
      { name: JobName.RunBeat, data: { beat }, opts: CADENCE_JOB_OPTIONS });
  }
}
