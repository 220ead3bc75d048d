import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { AppConfig } from '@app/config';
import { JobName, notificationJobId, notificationJobOptions, QueueName } from '@app/queues';
import { outsideTargets, TARGET_SOURCE_COLUMNS, TARGET_SOURCE_JOINS, TargetSource } from './notification-delivery.service';

/** Notifications per settle statement and per addBulk call. */
export const DISPATCH_BATCH = 1_000;

/**
 * Hands pending outbox rows on. A notification that only goes to the inbox is delivered right here, set-based: the
 * inbox is the notification row, so delivering it is only recording it (per batch, one read of the rows' targets and
 * one statement that writes the inbox delivery rows and flips the status; no job, no round trip per row). Inbox-only
 * means outsideTargets() lists none, the rule NotificationDeliveryService sends by. The others go to the delivery
 * queue with `addBulk`, one job per notification whose jobId is the notification id: adding the same id again while the job is
 * still in Redis is a no-op, and the database row, not the job, is what says whether a notification still has to go
 * out. Whether a notification is inbox-only is decided once, here: a unit that adds a webhook later gets the notices
 * dispatched after that, not the ones already delivered.
 */
@Injectable()
export class NotificationDispatcher {
  private readonly logger = new Logger(NotificationDispatcher.name);

  constructor(
    @InjectQueue(QueueName.Notifications) private readonly queue: Queue,
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  /** Settles the inbox-only ones among `ids`, enqueues the rest; returns how many of each. */
  async dispatch(ids: readonly string[]): Promise<{ settled: number; enqueued: number }> {
    const { attempts, backoffMs, smtpUrl } = this.config.notifications;
    const emailEnabled = smtpUrl !== null; // EmailChannel.enabled
    const opts = notificationJobOptions(attempts, backoffMs);
    let settled = 0;
    let enqueued = 0;
    for (let i = 0; i < ids.length; i += DISPATCH_BATCH) {
      const batch = ids.slice(i, i + DISPATCH_BATCH);
      // classify the batch's pending rows by the delivery's own rule (outsideTargets), then record and close the
      // inbox-only ones in one statement. A row another worker delivers meanwhile is skipped by the UPDATE's re-check of
      // status (ON CONFLICT for its inbox row).
      const rows: Array<TargetSource & { id: string }> = await this.dataSource.query(
        `SELECT n.id, ${TARGET_SOURCE_COLUMNS}
           FROM notification n ${TARGET_SOURCE_JOINS}
          WHERE n.id = ANY($1::uuid[]) AND n.status = 'pending'`, [batch]);
      const outside = new Set(rows.filter((r) => outsideTargets(r, emailEnabled).length).map((r) => r.id));
      const inboxOnly = rows.filter((r) => !outside.has(r.id)).map((r) => r.id);
      if (inboxOnly.length) {
        await this.dataSource.query(
          `WITH inbox AS (
             INSERT INTO notification_delivery (notification_id, channel, target, status)
             SELECT id, 'inbox', '', 'sent' FROM notification WHERE id = ANY($1::uuid[])
             ON CONFLICT DO NOTHING)
           UPDATE notification n SET status = 'delivered', delivered_at = now(), attempts = n.attempts + 1, last_error = NULL
            WHERE n.id = ANY($1::uuid[]) AND n.status = 'pending'`, [inboxOnly]);
      }
      const jobs = batch.filter((id) => outside.has(id)); // in the order given
      settled += rows.length - jobs.length;
      if (jobs.length) {
        await this.queue.addBulk(jobs.map((notificationId) => ({
          name: JobName.DeliverNotification,
          data: { notificationId },
          opts: { ...opts, jobId: notificationJobId({ notificationId }) },
        })));
      }
      enqueued += jobs.length;
    }
    return { settled, enqueued };
  }

  /** Everything the outbox says is still pending (after a crash, a Redis flush, or a beat run by the CLI). */
  async enqueuePending(): Promise<number> {
    let total = 0;
    // the cursor's time as PostgreSQL wrote it: a JS Date drops the microseconds, and the cursor would fall behind
    // the rows a beat wrote in the same millisecond and read them again, for as long as they stay pending
    let after: { createdAt: string; id: string } | null = null;
    for (;;) {
      const rows: Array<{ id: string; created_at: string }> = await this.dataSource.query(
        `SELECT id, created_at::text AS created_at FROM notification WHERE status = 'pending'
           AND ($1::timestamptz IS NULL OR (created_at, id) > ($1::timestamptz, $2::uuid))
         ORDER BY created_at, id LIMIT 5000`, [after?.createdAt ?? null, after?.id ?? null]);
      if (!rows.length) break;
      const { settled, enqueued } = await this.dispatch(rows.map((r) => r.id));
      total += settled + enqueued;
      const last = rows[rows.length - 1];
      after = { createdAt: last.created_at, id: last.id };
    }
    if (total) this.logger.log(`dispatched ${total} pending notification(s)`);
    return total;
  }
}
