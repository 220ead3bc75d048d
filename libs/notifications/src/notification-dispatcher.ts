import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { AppConfig } from '@app/config';
import { JobName, notificationJobId, notificationJobOptions, QueueName } from '@app/queues';

const BULK = 1_000;

/**
 * Hands pending outbox rows to the delivery queue with `addBulk`, one job per notification whose jobId is the
 * notification id: adding the same id again while the job is still in Redis is a no-op, and the database row, not
 * the job, is what says whether a notification still has to go out.
 */
@Injectable()
export class NotificationDispatcher {
  private readonly logger = new Logger(NotificationDispatcher.name);

  constructor(
    @InjectQueue(QueueName.Notifications) private readonly queue: Queue,
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  async enqueue(ids: readonly string[]): Promise<number> {
    const { attempts, backoffMs } = this.config.notifications;
    const opts = notificationJobOptions(attempts, backoffMs);
    for (let i = 0; i < ids.length; i += BULK) {
      await this.queue.addBulk(ids.slice(i, i + BULK).map((notificationId) => ({
        name: JobName.DeliverNotification,
        data: { notificationId },
        opts: { ...opts, jobId: notificationJobId({ notificationId }) },
      })));
    }
    return ids.length;
  }

  /** Everything the outbox says is still pending (after a crash, a Redis flush, or a beat run by the CLI). */
  async enqueuePending(): Promise<number> {
    let total = 0;
    let after: { createdAt: Date; id: string } | null = null;
    for (;;) {
      const rows: Array<{ id: string; created_at: Date }> = await this.dataSource.query(
        `SELECT id, created_at FROM notification WHERE status = 'pending'
           AND ($1::timestamptz IS NULL OR (created_at, id) > ($1::timestamptz, $2::uuid))
         ORDER BY created_at, id LIMIT 5000`, [after?.createdAt ?? null, after?.id ?? null]);
      if (!rows.length) break;
      total += await this.enqueue(rows.map((r) => r.id));
      const last = rows[rows.length - 1];
      after = { createdAt: last.created_at, id: last.id };
    }
    if (total) this.logger.log(`enqueued ${total} pending notification(s)`);
    return total;
  }
}
