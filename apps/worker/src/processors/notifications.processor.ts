import { Processor, WorkerHost } from '@nestjs/bullmq';
import { OnModuleInit } from '@nestjs/common';
import { DelayedError, Job, UnrecoverableError } from 'bullmq';
import { AppConfig } from '@app/config';
import { DeliveryLeasedError, DeliveryRefusedError, NotificationDelivery } from '@app/notifications';
import { JobName, JobPayloads, MAX_STALLED_COUNT, QueueName } from '@app/queues';

/**
 * Delivers outbox rows with bounded concurrency (NOTIFY_CONCURRENCY). A job whose worker died is picked up again after
 * the lock expires (10 s) and is retried up to MAX_STALLED_COUNT times; the row's per-channel results make that safe.
 * A target still claimed by another (or a dead) worker's lease puts the job back, delayed until the lease ends,
 * without spending an attempt. When only refused targets are left (a webhook at a private address), the row is dead and
 * the job fails without retries.
 */
@Processor(QueueName.Notifications, { lockDuration: 10_000, stalledInterval: 5_000, maxStalledCount: MAX_STALLED_COUNT })
export class NotificationsProcessor extends WorkerHost implements OnModuleInit {
  constructor(private readonly delivery: NotificationDelivery, private readonly config: AppConfig) {
    super();
  }

  onModuleInit(): void {
    this.worker.concurrency = this.config.notifications.concurrency;
  }

  async process(job: Job, token?: string): Promise<unknown> {
    if (job.name !== JobName.DeliverNotification) throw new UnrecoverableError(`unknown job ${job.name}`);
    const { notificationId } = job.data as JobPayloads[JobName.DeliverNotification];
    const attempts = job.opts.attempts ?? 1;
    try {
      return { outcome: await this.delivery.deliver(notificationId, job.attemptsMade + 1, attempts) };
    } catch (err) {
      if (err instanceof DeliveryRefusedError) throw new UnrecoverableError(err.message); // the row is dead already
      if (!(err instanceof DeliveryLeasedError) || !token) throw err;
      await job.moveToDelayed(Math.max(err.until.getTime(), Date.now()) + 100, token);
      throw new DelayedError();
    }
  }
}
