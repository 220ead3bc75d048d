import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { AppConfig } from '@app/config';
import { JobName, notificationJobId, notificationJobOptions, QueueName } from '@app/queues';

/** Notifications per settle statement and per addBulk call. */
export const DISPATCH_BATCH = 1_000;

/**
 * Whether a notification has a target outside duban (the same rule as NotificationDeliveryService's targets): an e-mail when
 * SMTP is configured (`$2`) and the channel is on, to the leader's address or the unit's addresses; a unit's webhooks
 * when the channel is on and the notice is the unit's (a leader's personal notice does not go to a group robot).
 */
const HAS_OUTSIDE_TARGET = `(
  ('email' = ANY(n.channels) AND $2::boolean AND CASE WHEN n.recipient_user_id IS NOT NULL
     THEN coalesce(usr.email, '') <> '' ELSE cardinality(u.emails) > 0 END)
  OR ('webhook' = ANY(n.channels) AND n.recipient_user_id IS NULL
      AND jsonb_typeof(u.webhooks) = 'array' AND jsonb_array_length(u.webhooks) > 0))`;

/**
 * Hands pending outbox rows on. A notification that only goes to the inbox is delivered right here, set-based: the
 * inbox is the notification row, so delivering it is only recording it (one statement per batch writes the inbox
 * delivery rows and flips the status; no job, no round trip per row). The others go to the delivery queue with
 * `addBulk`, one job per notification whose jobId is the notification id: adding the same id again while the job is
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
    const opts = notificationJobOptions(attempts, backoffMs);
    let settled = 0;
    let enqueued = 0;
    for (let i = 0; i < ids.length; i += DISPATCH_BATCH) {
      const batch = ids.slice(i, i + DISPATCH_BATCH);
      // one statement: classify the batch's pending rows, record and close the inbox-only ones, return the others.
      // A row another worker delivers meanwhile is skipped by the UPDATE's re-check of status (ON CONFLICT for its inbox row).
      const rows: Array<{ id: string; outside: boolean }> = await this.dataSource.query(
        `WITH s AS (
           SELECT n.id, ${HAS_OUTSIDE_TARGET} AS outside
             FROM notification n
             JOIN unit u ON u.id = n.recipient_unit_id
             LEFT JOIN app_user usr ON usr.id = n.recipient_user_id
            WHERE n.id = ANY($1::uuid[]) AND n.status = 'pending'),
         inbox AS (
           INSERT INTO notification_delivery (notification_id, channel, target, status)
           SELECT id, 'inbox', '', 'sent' FROM s WHERE NOT outside
           ON CONFLICT DO NOTHING),
         done AS (
           UPDATE notification n SET status = 'delivered', delivered_at = now(), attempts = n.attempts + 1, last_error = NULL
             FROM s WHERE n.id = s.id AND NOT s.outside AND n.status = 'pending')
         SELECT id, outside FROM s`, [batch, smtpUrl !== null]);
      const outside = new Set(rows.filter((r) => r.outside).map((r) => r.id));
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
