import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DataSource, EntitySubscriberInterface, TransactionCommitEvent, TransactionRollbackEvent } from 'typeorm';
import { takeNoticeIds } from '@app/domain';
import { NotificationDispatcher } from '@app/notifications';

/**
 * Hands a workflow step's notices to the outbox's dispatcher once the step's transaction has committed (TaskNotices
 * leaves their ids on the transaction's query runner), whichever service opened the transaction — a single step, one
 * of a bulk action's, a step under an Idempotency-Key. The request does not wait for it: the notification rows are the
 * truth, and if Redis is away now the worker's minute sweep (`dispatch-pending`, and at once when its Redis connection
 * comes back) enqueues them instead. A rolled-back step leaves no ids behind.
 */
@Injectable()
export class NoticeDispatch implements EntitySubscriberInterface, OnModuleInit {
  private readonly logger = new Logger(NoticeDispatch.name);

  constructor(private readonly dataSource: DataSource, private readonly dispatcher: NotificationDispatcher) {}

  onModuleInit(): void {
    this.dataSource.subscribers.push(this);
  }

  afterTransactionCommit({ queryRunner }: TransactionCommitEvent): void {
    if (queryRunner.isTransactionActive) return; // a savepoint released: the transaction itself is still open
    const ids = takeNoticeIds(queryRunner);
    if (!ids.length) return;
    this.dispatcher.dispatch(ids).catch((err: unknown) => {
      this.logger.warn(`${ids.length} notice(s) left to the worker's sweep: ${err instanceof Error ? err.message : String(err)}`);
    });
  }

  afterTransactionRollback({ queryRunner }: TransactionRollbackEvent): void {
    if (!queryRunner.isTransactionActive) takeNoticeIds(queryRunner);
  }
}
