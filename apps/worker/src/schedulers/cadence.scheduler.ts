import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Queue } from 'bullmq';
import { BUSINESS_TIME_ZONE } from '@app/config';
import { CadencePolicyService, calendarCoverageWarning, Clock, WorkingCalendarService } from '@app/domain';
import {
  BEAT_NAMES, BeatName, beatSchedulerId, CADENCE_JOB_OPTIONS, DISPATCH_SCHEDULER_ID, JobName, QueueName,
} from '@app/queues';

const DISPATCH_PATTERN = '0 * * * * *';

/**
 * The worker's job schedulers: one per beat (cron in Asia/Shanghai; upsert by id is idempotent, so restarts and several
 * workers keep one schedule each) and one that re-enqueues the pending outbox every minute. QueueReconciler calls
 * `register` when Redis holds none of them (first boot, lost data) and `refresh` on every check after that, so a beat
 * time changed in the settings reaches the schedulers within seconds, without a restart. Logs a warning at boot when
 * neither the holiday data nor an entered notice covers last, this or next year.
 */
@Injectable()
export class CadenceScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(CadenceScheduler.name);

  constructor(
    @InjectQueue(QueueName.Cadence) private readonly queue: Queue,
    private readonly policies: CadencePolicyService,
    private readonly clock: Clock,
    private readonly calendars: WorkingCalendarService,
  ) {}

  /** Loads the entered national calendar first: a year entered from the State Council's notice is no gap. */
  async onApplicationBootstrap(): Promise<void> {
    // the beats load it again and fail (and retry) if they cannot; at boot a warning is enough
    await this.calendars.refreshNational().catch((err: unknown) =>
      this.logger.warn(`全国节假日安排读取失败：${err instanceof Error ? err.message : String(err)}`));
    const warning = calendarCoverageWarning(WorkingCalendarService.uncoveredYears(this.clock.today()));
    if (warning) this.logger.warn(warning);
  }

  /** Upserts every scheduler (the beats' only with `beats`). */
  async register({ beats }: { beats: boolean }): Promise<void> {
    await this.upsertDispatch();
    if (!beats) {
      this.logger.log('job schedulers registered: dispatch only (WORKER_BEATS=false)');
      return;
    }
    const patterns = await this.policies.patterns();
    for (const beat of BEAT_NAMES) await this.upsertBeat(beat, patterns[beat]);
    this.logger.log(`job schedulers registered: ${BEAT_NAMES.map((b) => `${b} (${patterns[b]})`).join(', ')}`);
  }

  /**
   * Re-reads the policies' beat times and re-upserts the schedulers whose pattern differs from what Redis holds, or
   * that are missing; returns the beats it changed. One query and six Redis reads when nothing changed. Polling, rather
   * than the API upserting on save, also catches times changed with the CLI or SQL, repairs a scheduler lost from
   * Redis, and keeps the API out of the scheduling business.
   */
  async refresh({ beats }: { beats: boolean }): Promise<BeatName[]> {
    if ((await this.queue.getJobScheduler(DISPATCH_SCHEDULER_ID))?.pattern !== DISPATCH_PATTERN) await this.upsertDispatch();
    if (!beats) return [];
    const patterns = await this.policies.patterns();
    const changed: BeatName[] = [];
    for (const beat of BEAT_NAMES) {
      const current = await this.queue.getJobScheduler(beatSchedulerId(beat));
      if (current?.pattern === patterns[beat] && current.tz === BUSINESS_TIME_ZONE) continue;
      await this.upsertBeat(beat, patterns[beat]);
      changed.push(beat);
    }
    if (changed.length) this.logger.log(`beat schedulers changed: ${changed.map((b) => `${b} (${patterns[b]})`).join(', ')}`);
    return changed;
  }

  private async upsertDispatch(): Promise<void> {
    await this.queue.upsertJobScheduler(DISPATCH_SCHEDULER_ID, { pattern: DISPATCH_PATTERN, tz: BUSINESS_TIME_ZONE },
      { name: JobName.DispatchPending, data: {}, opts: CADENCE_JOB_OPTIONS });
  }

  private async upsertBeat(beat: BeatName, pattern: string): Promise<void> {
    await this.queue.upsertJobScheduler(beatSchedulerId(beat), { pattern, tz: BUSINESS_TIME_ZONE },
      { name: JobName.RunBeat, data: { beat }, opts: CADENCE_JOB_OPTIONS });
  }
}
