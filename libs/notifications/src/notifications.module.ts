import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { QueueName } from '@app/queues';
import { InboxModule } from './inbox.module';
import { EmailChannel } from './channels/email.channel';
import { WebhookChannel } from './channels/webhook.channel';
import { NotificationDeliveryService } from './notification-delivery.service';
import { NotificationDispatcher } from './notification-dispatcher';

/** The outbox's dispatcher and delivery channels, and the inbox; needs BullModule.forRoot in the root module. */
@Module({
  imports: [BullModule.registerQueue({ name: QueueName.Notifications }), InboxModule],
  providers: [NotificationDispatcher, NotificationDeliveryService, EmailChannel, WebhookChannel],
  exports: [NotificationDispatcher, NotificationDeliveryService, BullModule, InboxModule],
})
export class NotificationsModule {}
