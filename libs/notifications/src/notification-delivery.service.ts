import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EmailChannel } from './channels/email.channel';
import { WebhookChannel, WebhookTarget } from './channels/webhook.channel';

type ChannelName = 'inbox' | 'email' | 'generic' | 'dingtalk' | 'wecom';

interface Row {
  id: string;
  kind: string;
  status: string;
  title: string;
  body: string;
  period: string;
  channels: string[];
  recipient_user_id: string | null;
  unit_emails: string[];
  unit_webhooks: WebhookTarget[];
  user_email: string | null;
  number: string | null;
  body_html: string | null;
}

export type DeliveryOutcome = 'delivered' | 'not-pending';

/**
 * Delivers one outbox row on each of its channels and records the result per channel and target. A channel that
 * already succeeded is not sent again on a retry; when every channel has succeeded the row is `delivered`; after the
 * last attempt it is `dead` with the errors. Errors are rethrown so BullMQ retries with backoff.
 */
@Injectable()
export class NotificationDelivery {
  private readonly logger = new Logger(NotificationDelivery.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly email: EmailChannel,
    private readonly webhook: WebhookChannel,
  ) {}

  async deliver(notificationId: string, attempt: number, maxAttempts: number): Promise<DeliveryOutcome> {
    const [n]: Row[] = await this.dataSource.query(
      `SELECT n.id, n.kind, n.status, n.title, n.body, n.period, n.channels, n.recipient_user_id,
              u.emails AS unit_emails, u.webhooks AS unit_webhooks, usr.email AS user_email, d.number, d.body_html
         FROM notification n
         JOIN unit u ON u.id = n.recipient_unit_id
         LEFT JOIN app_user usr ON usr.id = n.recipient_user_id
         LEFT JOIN supervision_document d ON d.id = n.document_id
        WHERE n.id = $1`, [notificationId]);
    if (!n || n.status !== 'pending') return 'not-pending'; // delivered or dead already: a redelivered job does nothing

    const targets: Array<{ channel: ChannelName; target: string; send: () => Promise<void> }> = [
      { channel: 'inbox', target: '', send: async () => undefined },
    ];
    if (n.channels.includes('email') && this.email.enabled) {
      const to = n.recipient_user_id ? (n.user_email ? [n.user_email] : []) : n.unit_emails;
      for (const address of to) {
        targets.push({ channel: 'email', target: address, send: () => this.email.send({ to: address, subject: n.title,
          text: n.body, html: n.body_html ?? `<pre>${n.body}</pre>`, idempotencyKey: n.id }) });
      }
    }
    // a unit's group robots get the unit's notices; a leader's personal notice does not go to a group
    if (n.channels.includes('webhook') && !n.recipient_user_id) {
      for (const hook of n.unit_webhooks ?? []) {
        targets.push({ channel: hook.kind, target: hook.url, send: () => this.webhook.send(hook, {
          idempotencyKey: n.id, kind: n.kind, title: n.title, text: n.body, documentNumber: n.number, period: n.period,
          markdown: `### ${n.title}\n\n${n.body.split('\n').join('\n\n')}` }) });
      }
    }

    const sent: Array<{ channel: string; target: string }> = await this.dataSource.query(
      `SELECT channel, target FROM notification_delivery WHERE notification_id = $1 AND status = 'sent'`, [n.id]);
    const done = new Set(sent.map((s) => `${s.channel} ${s.target}`));
    const errors: string[] = [];
    for (const t of targets) {
      if (done.has(`${t.channel} ${t.target}`)) continue;
      let error: string | null = null;
      try {
        await t.send();
      } catch (err) {
        error = err instanceof Error ? err.message : String(err);
        errors.push(`${t.channel}${t.target ? ` ${redact(t.target)}` : ''}: ${error}`);
      }
      await this.dataSource.query(
        `INSERT INTO notification_delivery (notification_id, channel, target, status, attempts, last_error, updated_at)
         VALUES ($1, $2, $3, $4, 1, $5, now())
         ON CONFLICT (notification_id, channel, target) DO UPDATE
           SET status = EXCLUDED.status, attempts = notification_delivery.attempts + 1, last_error = EXCLUDED.last_error,
               updated_at = now()`, [n.id, t.channel, t.target, error ? 'failed' : 'sent', error]);
    }
    if (!errors.length) {
      await this.dataSource.query(`UPDATE notification SET status = 'delivered', delivered_at = now(), attempts = $2,
        last_error = NULL WHERE id = $1 AND status = 'pending'`, [n.id, attempt]);
      return 'delivered';
    }
    const message = errors.join('；');
    const last = attempt >= maxAttempts;
    await this.dataSource.query(`UPDATE notification SET attempts = $2, last_error = $3, status = $4 WHERE id = $1 AND status = 'pending'`,
      [n.id, attempt, message, last ? 'dead' : 'pending']);
    if (last) this.logger.error(`notification ${n.id} dead after ${attempt} attempt(s): ${message}`);
    throw new Error(message);
  }
}

/** Webhook URLs carry tokens (DingTalk access_token, WeCom key): keep them out of errors and logs. */
function redact(target: string): string {
  try {
    const u = new URL(target);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return target.includes('@') ? target : '(target)';
  }
}
