import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

export const NOTIFICATION_STATUSES = ['pending', 'delivered', 'dead'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

/**
 * The outbox: one row per notice and recipient (a unit, or a leader when `recipientUserId` is set), exactly once by
 * `dedupKey`. The row is the inbox entry; its delivery rows record each channel outside duban.
 */
@Entity('notification')
@Index('uq_notification_dedup', ['dedupKey'], { unique: true })
@Index('ix_notification_pending', ['createdAt', 'id'], { where: "status = 'pending'" })
@Index('ix_notification_unit', ['recipientUnitId', 'createdAt', 'id'])
@Index('ix_notification_user', ['recipientUserId'], { where: 'recipient_user_id IS NOT NULL' })
@Index('ix_notification_task', ['taskId'], { where: 'task_id IS NOT NULL' })
@Index('ix_notification_document', ['documentId'], { where: 'document_id IS NOT NULL' })
export class NotificationEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('text') dedupKey!: string;
  @Column('text') kind!: string;
  @Column('uuid') jurisdictionId!: string;
  @Column('uuid') recipientUnitId!: string;
  @Column('uuid', { nullable: true }) recipientUserId!: string | null;
  @Column('uuid', { nullable: true }) documentId!: string | null;
  /** a workflow step's notice: the task it is about (beat notices list many tasks and point to their document) */
  @Column('uuid', { nullable: true }) taskId!: string | null;
  @Column('text') period!: string;
  @Column('text') title!: string;
  @Column('text') body!: string;
  @Column('text', { array: true, default: () => "'{inbox,email,webhook}'" }) channels!: string[];
  @Column('text', { default: 'pending' }) status!: NotificationStatus;
  @Column('int', { default: 0 }) attempts!: number;
  @Column('text', { nullable: true }) lastError!: string | null;
  @Column('timestamptz') createdAt!: Date;
  @Column('timestamptz', { nullable: true }) deliveredAt!: Date | null;
  @Column('timestamptz', { nullable: true }) readAt!: Date | null;
}

export const DELIVERY_CHANNELS = ['inbox', 'email', 'generic', 'dingtalk', 'wecom'] as const;
export type DeliveryChannel = (typeof DELIVERY_CHANNELS)[number];

/** One channel and target of a notification: claimed with a lease while sending, then sent, failed or refused. */
@Entity('notification_delivery')
export class NotificationDeliveryEntity {
  @PrimaryColumn('uuid') notificationId!: string;
  @PrimaryColumn('text') channel!: DeliveryChannel;
  @PrimaryColumn('text') target!: string;
  @Column('text') status!: 'sending' | 'sent' | 'failed' | 'refused';
  @Column('int', { default: 1 }) attempts!: number;
  @Column('text', { nullable: true }) lastError!: string | null;
  @Column('timestamptz', { default: () => 'now()' }) updatedAt!: Date;
  @Column('timestamptz', { nullable: true }) leaseUntil!: Date | null;
}
