import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, OnModuleInit } from '@nestjs/common';
import { DelayedError, Job, UnrecoverableError } from 'bullmq';
import { AppConfig } from '@app/config';
import { DeliveryLeasedError, DeliveryRefusedError, NotificationDeliveryService } from '@app/notifications';
import { JobName, JobPayloads, MAX_STALLED_COUNT, QueueName } from '@app/queues';
import { WorkerMetrics } from '../health/worker-metrics';
import { logJobFailure, logWorkerError } from './job-logging';

/**
 * Delivers outbox rows with bounded concurrency (NOTIFY_CONCURRENCY). A job whose worker died is picked up again after
 * the lock expires (10 s) and is retried up to MAX_STALLED_COUNT times; the row's per-channel results make that safe.
 * A target still claimed by another (or a dead) worker's lease puts the job back, delayed until the lease ends,
 * without spending an attempt. When only refused targets are left (a webhook at a private address), the row is dead and
 * the job fails without retries.
 */
@Processor(QueueName.Notifications, { lockDuration: 10_000, stalledInterval: 5_000, maxStalledCount: MAX_STALLED_COUNT })
export class NotificationsProcessor extends WorkerHost implements OnModuleInit {
  private readonly logger = new Logger(NotificationsProcessor.name);
  /** jobs being processed here, with their lock tokens: what a shutdown that cannot wait hands back */
  private readonly active = new Map<string, { job: Job; token: string }>();

  constructor(private readonly delivery: NotificationDeliveryService, private readonly config: AppConfig,
    private readonly metrics: WorkerMetrics) {
    super();
  }

  /** jobs being processed here (a shutdown waits for them) */
  get activeCount(): number {
    return this.active.size;
  }

  onModuleInit(): void {
    this.worker.concurrency = this.config.notifications.concurrency;
  }

  async process(job: Job, token?: string): Promise<unknown> {
    if (job.name !== JobName.DeliverNotification) throw new UnrecoverableError(`unknown job ${job.name}`);
    const { notificationId } = job.data as JobPayloads[JobName.DeliverNotification];
    const attempts = job.opts.attempts ?? 1;
    if (token) this.active.set(job.id!, { job, token });
    try {
      return { outcome: await this.delivery.deliver(notificationId, job.attemptsMade + 1, attempts) };
    } catch (err) {
      if (err instanceof DeliveryRefusedError) throw new UnrecoverableError(err.message); // the row is dead already
      if (!(err instanceof DeliveryLeasedError) || !token) throw err;
      await job.moveToDelayed(Math.max(err.until.getTime(), Date.now()) + 100, token);
      throw new DelayedError();
    } finally {
      this.active.delete(job.id!);
    }
  }

  /**
   * For a shutdown that could not wait for the jobs in flight: puts them back in the queue at once, without spending an
   * attempt, for another worker (or this one's successor) to take instead of waiting for their locks to expire.
   */
  async handBack(): Promise<number> {
    const jobs = [...this.active.values()];
    this.active.clear();
    const results = await Promise.allSettled(jobs.map(({ job, token }) => job.moveToDelayed(Date.now(), token)));
    return results.filter((r) => r.status === 'fulfilled').length;
  }

  @OnWorkerEvent('completed')
  onCompleted(): void {
    this.metrics.jobs.inc({ queue: QueueName.Notifications, result: 'completed' });
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job | undefined, err: Error): void {
    this.metrics.jobs.inc({ queue: QueueName.Notifications, result: 'failed' });
    logJobFailure(this.logger, job, err);
  }

  @OnWorkerEvent('error')
  onError(err: Error): void {
    logWorkerError(this.logger, err);
  }
}
