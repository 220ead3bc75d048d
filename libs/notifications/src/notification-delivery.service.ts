import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '@app/config';
import { QueryRow, retryOnConnectionLoss } from '@app/database';
import { EmailChannel } from './channels/email.channel';
import { WebhookChannel, WebhookRefusedError, WebhookTarget } from './channels/webhook.channel';

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
  task_id: string | null;
}

export type DeliveryOutcome = 'delivered' | 'not-pending';

/** A target of the notification is claimed by a live lease (another worker sending, or one that died doing so). */
export class DeliveryLeasedError extends Error {
  constructor(readonly notificationId: string, readonly until: Date) {
    super(`notification ${notificationId}: a delivery is leased until ${until.toISOString()}`);
    this.name = 'DeliveryLeasedError';
  }
}

/**
 * Only permanent failures are left: every other target was sent, and these can never be (a webhook at a private
 * address). The notification is `dead` with the reasons; retrying the job cannot change that.
 */
export class DeliveryRefusedError extends Error {
  constructor(readonly notificationId: string, reasons: string) {
    super(reasons);
    this.name = 'DeliveryRefusedError';
  }
}

type Claim = { state: 'claimed' } | { state: 'sent' } | { state: 'refused'; error: string } | { state: 'leased'; until: Date };

export interface TargetSource {
  channels: string[];
  recipient_user_id: string | null;
  unit_emails: string[];
  unit_webhooks: WebhookTarget[] | null;
  user_email: string | null;
}

/** What outsideTargets() reads of a notification `n`, over TARGET_SOURCE_JOINS. */
export const TARGET_SOURCE_COLUMNS = `n.channels, n.recipient_user_id, u.emails AS unit_emails, u.webhooks AS unit_webhooks,
  usr.email AS user_email`;
export const TARGET_SOURCE_JOINS = `JOIN unit u ON u.id = n.recipient_unit_id LEFT JOIN app_user usr ON usr.id = n.recipient_user_id`;

/**
 * A notification's targets outside duban, in sending order: e-mail when SMTP is configured (the leader's address for
 * a leader's notice, else the unit's), then the unit's webhooks for a unit's notice (a leader's personal notice does
 * not go to a group robot). The one statement of the inbox-only rule: a notice with none goes to the inbox only, and
 * NotificationDispatcher settles it without a job.
 */
export function outsideTargets(n: TargetSource, emailEnabled: boolean):
  Array<{ channel: ChannelName; target: string; hook?: WebhookTarget }> {
  const out: Array<{ channel: ChannelName; target: string; hook?: WebhookTarget }> = [];
  if (n.channels.includes('email') && emailEnabled) {
    for (const address of n.recipient_user_id ? (n.user_email ? [n.user_email] : []) : n.unit_emails) {
      out.push({ channel: 'email', target: address });
    }
  }
  if (n.channels.includes('webhook') && !n.recipient_user_id) {
    for (const hook of n.unit_webhooks ?? []) out.push({ channel: hook.kind, target: hook.url, hook });
  }
  return out;
}

/**
 * A send's outcome, written in the statement that follows the send (the next claim, or the row's final update):
 * `sent`, `failed` (the next attempt retries it) or, for a target that may never be sent to, `refused`.
 */
interface SendRecord { channel: ChannelName; target: string; error: string | null; refused: boolean }

/**
 * Delivers one outbox row on each of its channels and records the result per channel and target. Each outside send
 * is claimed first (`sending` with a lease of NOTIFY_LEASE_MS, in one statement) and recorded `sent`/`failed` right
 * after: a target that succeeded is never sent again, two workers never send one target at once, and a claim left by
 * a dead worker is taken over once its lease has expired. When every target has succeeded the row is `delivered`;
 * after the last attempt it is `dead` with the errors. Errors are rethrown so BullMQ retries with backoff. A target that
 * may never be sent to (WebhookRefusedError) is recorded `refused` and never claimed again; once only such targets
 * are left the row is `dead` at once, with their reasons, and DeliveryRefusedError says not to retry.
 * Round trips: a read, then per outside target its claim, and the row's final update; each send's outcome rides on
 * the statement that comes next anyway (the next claim, or the final update), and so does the inbox delivery row:
 * 2 + one per outside target, of which only the claims and the final update write (and wait for a WAL flush).
 * (Inbox-only rows never get here: NotificationDispatcher settles them in bulk.)
 */
@Injectable()
export class NotificationDeliveryService {
  private readonly logger = new Logger(NotificationDeliveryService.name);
  /** targets this process has claimed and not yet recorded: what a shutdown that cannot wait releases */
  private readonly claimed = new Map<string, { notificationId: string; channel: ChannelName; target: string }>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly email: EmailChannel,
    private readonly webhook: WebhookChannel,
    private readonly config: AppConfig,
  ) {}

  /**
   * Runs `sql` with `prev`'s outcome recorded in the same statement and, for the row's last statement of an attempt,
   * its inbox delivery, as data-modifying CTEs (PostgreSQL executes them whether or not the main statement reads them).
   */
  private async query(sql: string, params: unknown[], notificationId: string, prev: SendRecord | null, inbox = false): Promise<QueryRow[]> {
    const ctes: string[] = [];
    const all = [...params];
    const p = () => `$${all.length}`;
    if (prev) {
      all.push(notificationId);
      const id = p();
      all.push(prev.channel);
      const channel = p();
      all.push(prev.target);
      const target = p();
      all.push(prev.refused ? 'refused' : prev.error ? 'failed' : 'sent');
      const status = p();
      all.push(prev.error);
      ctes.push(`rec AS (UPDATE notification_delivery SET status = ${status}, last_error = ${p()}, lease_until = NULL,
        updated_at = now() WHERE notification_id = ${id} AND channel = ${channel} AND target = ${target} RETURNING 1)`);
    }
    if (inbox) { // no outside effect: recorded, never claimed
      all.push(notificationId);
      ctes.push(`inbox AS (INSERT INTO notification_delivery (notification_id, channel, target, status)
        VALUES (${p()}, 'inbox', '', 'sent') ON CONFLICT DO NOTHING RETURNING 1)`);
    }
    const text = ctes.length ? `WITH ${ctes.join(', ')} ${sql}` : sql;
    if (!prev) return this.dataSource.query(text, all);
    // a send has happened: its record must reach the database, or the send is made again; a PostgreSQL restart is
    // waited out (every statement here is safe to repeat: conditional upserts and updates)
    const rows = await retryOnConnectionLoss(() => this.dataSource.query(text, all));
    this.claimed.delete(claimKey(notificationId, prev.channel, prev.target));
    return rows;
  }

  /**
   * Hands back the claims of sends this process started and has not recorded (a shutdown that could not wait for
   * them): marked failed, so the next attempt takes them at once instead of waiting out the lease. A send that did
   * reach its receiver is then made again: the receiver sees the same idempotency key twice.
   */
  async releaseClaims(): Promise<number> {
    const claims = [...this.claimed.values()];
    this.claimed.clear();
    if (!claims.length) return 0;
    const released = await this.dataSource.query(
      `UPDATE notification_delivery d SET status = 'failed', lease_until = NULL, updated_at = now(),
              last_error = '发送中途 worker 停止，已交还'
         FROM unnest($1::uuid[], $2::text[], $3::text[]) AS c(notification_id, channel, target)
        WHERE (d.notification_id, d.channel, d.target) = (c.notification_id, c.channel, c.target) AND d.status = 'sending'
        RETURNING 1`, [claims.map((c) => c.notificationId), claims.map((c) => c.channel), claims.map((c) => c.target)]);
    return released.length;
  }

  /** Takes the target for this attempt unless it was sent or another claim's lease still runs; records `prev` with it. */
  private async claim(notificationId: string, channel: ChannelName, target: string, prev: SendRecord | null): Promise<Claim> {
    const taken = await this.query(
      `INSERT INTO notification_delivery (notification_id, channel, target, status, attempts, lease_until, updated_at)
       VALUES ($1, $2, $3, 'sending', 1, now() + $4 * interval '1 millisecond', now())
       ON CONFLICT (notification_id, channel, target) DO UPDATE
         SET status = 'sending', attempts = notification_delivery.attempts + 1, lease_until = EXCLUDED.lease_until,
             updated_at = now()
         WHERE notification_delivery.status = 'failed'
            OR (notification_delivery.status = 'sending' AND notification_delivery.lease_until < now())
       RETURNING 1`, [notificationId, channel, target, this.config.notifications.leaseMs], notificationId, prev);
    if (taken.length) {
      this.claimed.set(claimKey(notificationId, channel, target), { notificationId, channel, target });
      return { state: 'claimed' };
    }
    const [row] = await this.dataSource.query(`SELECT status, lease_until, last_error FROM notification_delivery
      WHERE notification_id = $1 AND channel = $2 AND target = $3`, [notificationId, channel, target]);
    if (row?.status === 'sent') return { state: 'sent' };
    if (row?.status === 'refused') return { state: 'refused', error: row.last_error ?? '' };
    return { state: 'leased', until: new Date(row?.lease_until ?? Date.now()) };
  }

  async deliver(notificationId: string, attempt: number, maxAttempts: number): Promise<DeliveryOutcome> {
    try {
      return await this.attempt(notificationId, attempt, maxAttempts);
    } finally { // whatever this attempt claimed is recorded, or left to its lease
      for (const [key, c] of this.claimed) if (c.notificationId === notificationId) this.claimed.delete(key);
    }
  }

  private async attempt(notificationId: string, attempt: number, maxAttempts: number): Promise<DeliveryOutcome> {
    // a read only: the inbox delivery is recorded with the attempt's last statement, so only writes wait for a commit
    // (its document's number and HTML by a JOIN of supervision's table: one read, and no call up into libs/domain)
    const [n]: Row[] = await this.dataSource.query(
      `SELECT n.id, n.kind, n.status, n.title, n.body, n.period, n.task_id, ${TARGET_SOURCE_COLUMNS}, d.number, d.body_html
         FROM notification n ${TARGET_SOURCE_JOINS}
         LEFT JOIN supervision_document d ON d.id = n.document_id
        WHERE n.id = $1`, [notificationId]);
    if (!n || n.status !== 'pending') return 'not-pending'; // delivered or dead already: a redelivered job does nothing

    const link = taskLink(n.task_id, this.config.web.publicUrl);
    const text = link ? `${n.body}\n\n查看任务：${link}` : n.body;
    const targets = outsideTargets(n, this.email.enabled).map((t) => ({ ...t, send: t.hook
      ? () => this.webhook.send(t.hook!, { idempotencyKey: n.id, kind: n.kind, title: n.title, text: n.body,
        documentNumber: n.number, period: n.period, ...(link ? { taskId: n.task_id, link } : {}) })
      : () => this.email.send({ to: t.target, subject: n.title, text, html: n.body_html ?? plainHtml(n.body, link),
        idempotencyKey: n.id }) }));

    const errors: string[] = [];
    const refused: string[] = []; // permanent: this attempt's refusals and those recorded by earlier attempts
    let leasedUntil = 0; // the latest lease end among targets another claim holds (ms)
    let prev: SendRecord | null = null; // the last send, not yet recorded
    const seen = new Set<string>();
    for (const t of targets) {
      const key = `${t.channel} ${t.target}`;
      if (seen.has(key)) continue; // listed twice: one send
      seen.add(key);
      const claim = await this.claim(n.id, t.channel, t.target, prev);
      prev = null;
      if (claim.state === 'sent') continue; // sent on an earlier attempt
      if (claim.state === 'refused') { // refused on an earlier attempt: never sent, still the reason it is not delivered
        refused.push(`${t.channel} ${redact(t.target)}: ${claim.error}`);
        continue;
      }
      if (claim.state === 'leased') { // another worker is sending it right now, or died doing so: wait for the lease
        leasedUntil = Math.max(leasedUntil, claim.until.getTime());
        continue;
      }
      let error: string | null = null;
      let permanent = false;
      try {
        await t.send();
      } catch (err) {
        error = err instanceof Error ? err.message : String(err);
        permanent = err instanceof WebhookRefusedError;
        (permanent ? refused : errors).push(`${t.channel}${t.target ? ` ${redact(t.target)}` : ''}: ${error}`);
      }
      // recorded by the very next statement: a crash between the send and it is the only way this target is sent twice
      prev = { channel: t.channel, target: t.target, error, refused: permanent };
    }
    if (leasedUntil && !errors.length) {
      await this.query(`SELECT 1`, [], n.id, prev, true);
      throw new DeliveryLeasedError(n.id, new Date(leasedUntil));
    }
    if (!errors.length && !refused.length) {
      await this.query(`UPDATE notification SET status = 'delivered', delivered_at = now(), attempts = $2, last_error = NULL
        WHERE id = $1 AND status = 'pending'`, [n.id, attempt], n.id, prev, true);
      return 'delivered';
    }
    if (!errors.length) { // nothing left that another attempt could send
      const reasons = refused.join('；');
      await this.query(`UPDATE notification SET status = 'dead', attempts = $2, last_error = $3 WHERE id = $1 AND status = 'pending'`,
        [n.id, attempt, reasons], n.id, prev, true);
      this.logger.error(`notification ${n.id} dead, its only undelivered targets are refused: ${reasons}`);
      throw new DeliveryRefusedError(n.id, reasons);
    }
    const message = [...errors, ...refused].join('；');
    const last = attempt >= maxAttempts;
    await this.query(`UPDATE notification SET attempts = $2, last_error = $3, status = $4 WHERE id = $1 AND status = 'pending'`,
      [n.id, attempt, message, last ? 'dead' : 'pending'], n.id, prev, true);
    if (last) this.logger.error(`notification ${n.id} dead after ${attempt} attempt(s): ${message}`);
    throw new Error(message);
  }
}

/** A step's notice links to its task's page: absolute when PUBLIC_URL is set, else the path (the reader's own duban). */
export function taskLink(taskId: string | null, publicUrl: string | null): string | null {
  return taskId ? `${publicUrl ?? ''}/tasks/${taskId}` : null;
}

const escapeHtml = (v: string) => v.replace(/[&<>"]/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[ch]!);

/** A notice without a document as an e-mail's HTML: its text as written (escaped: titles are data), and the task's link. */
function plainHtml(body: string, link: string | null): string {
  const a = !link ? '' : link.startsWith('/') ? `<p>任务页面：${escapeHtml(link)}（登录督办系统后打开）</p>`
    : `<p><a href="${escapeHtml(link)}">查看任务</a></p>`;
  return `<pre style="white-space: pre-wrap; font-family: inherit">${escapeHtml(body)}</pre>${a}`;
}

const claimKey = (notificationId: string, channel: string, target: string) => `${notificationId}\u0000${channel}\u0000${target}`;

/** Webhook URLs carry tokens (DingTalk access_token, WeCom key): keep them out of errors and logs. */
function redact(target: string): string {
  try {
    const u = new URL(target);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return target.includes('@') ? target : '(target)';
  }
}
