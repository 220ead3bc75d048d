import { Injectable, OnModuleDestroy } from '@nestjs/common';
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

/** E-mail over SMTP (pooled nodemailer). Off when SMTP_URL is not set. */
@Injectable()
export class EmailChannel implements OnModuleDestroy {
  private transport: Transporter | null = null;

  constructor(private readonly config: AppConfig) {}

  get enabled(): boolean {
    return this.config.notifications.smtpUrl !== null;
  }

  async send(mail: OutgoingMail): Promise<void> {
    this.transport ??= nodemailer.createTransport(this.config.notifications.smtpUrl!, {
      from: this.config.notifications.smtpFrom,
    });
    await this.transport.sendMail({
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      messageId: `<${mail.idempotencyKey}@duban>`,
      headers: { 'X-Duban-Notification': mail.idempotencyKey },
    });
  }

  onModuleDestroy(): void {
    this.transport?.close();
  }
}
