export * from './notifications.module';
export * from './notification-dispatcher';
export * from './notification-delivery.service';
export * from './channels/email.channel';
export * from './channels/webhook.channel';
export * from './channels/webhook-address';
