import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import nodemailer, { Transporter } from 'nodemailer';
import { AppConfig } from '@app/config';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** the notification id: receivers (and tests) recognise a redelivery by it */
  idempotencyKey: string;
}

/** The SMTP URL's options with timeouts of seconds (nodemailer's defaults are minutes); the URL's own win. */
function smtpOptions(url: string): string {
  const u = new URL(url);
  for (const [k, v] of [['connectionTimeout', '5000'], ['greetingTimeout', '5000'], ['socketTimeout', '10000']]) {
    if (!u.searchParams.has(k)) u.searchParams.set(k, v);
  }
  return u.toString();
}

/** The longest an e-mail send may take; NOTIFY_LEASE_MS (15 s) must stay above it. */
export const EMAIL_SEND_DEADLINE_MS = 10_000;

/**
 * E-mail over SMTP (pooled nodemailer). Off when SMTP_URL is not set. A send is bounded (nodemailer's own timeouts
 * are minutes), so that a claim's lease can be short and a dead worker's sends are retried within seconds. The
 * transport closes with the application, after the worker has drained, not before.
 */
@Injectable()
export class EmailChannel implements OnApplicationShutdown {
  private transport: Transporter | null = null;

  constructor(private readonly config: AppConfig) {}

  get enabled(): boolean {
    return this.config.notifications.smtpUrl !== null;
  }

  async send(mail: OutgoingMail): Promise<void> {
    this.transport ??= nodemailer.createTransport(smtpOptions(this.config.notifications.smtpUrl!), {
      from: this.config.notifications.smtpFrom,
    });
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`SMTP 发送超时（${EMAIL_SEND_DEADLINE_MS / 1000} 秒）`)), EMAIL_SEND_DEADLINE_MS);
    });
    const sent = this.transport.sendMail({
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      messageId: `<${mail.idempotencyKey}@duban>`,
      headers: { 'X-Duban-Notification': mail.idempotencyKey },
    });
    sent.catch(() => undefined); // past the deadline its outcome no longer matters
    try {
      await Promise.race([sent, deadline]);
    } finally {
      clearTimeout(timer);
    }
  }

  onApplicationShutdown(): void {
    this.transport?.close();
  }
}
