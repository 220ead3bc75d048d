import { BeforeApplicationShutdown, Injectable, Logger, OnModuleInit } from '@nestjs/common';
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
export class NoticeDispatch implements EntitySubscriberInterface, OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger(NoticeDispatch.name);
  /** dispatches under way: a shutdown lets them finish before the queue and the database close */
  private readonly inFlight = new Set<Promise<unknown>>();
  private closing = false;

  constructor(private readonly dataSource: DataSource, private readonly dispatcher: NotificationDispatcher) {}

  onModuleInit(): void {
    this.dataSource.subscribers.push(this);
  }

  afterTransactionCommit({ queryRunner }: TransactionCommitEvent): void {
    if (queryRunner.isTransactionActive) return; // a savepoint released: the transaction itself is still open
    const ids = takeNoticeIds(queryRunner);
    if (!ids.length || this.closing) return; // shutting down: the sweep sends them
    const run = this.dispatcher.dispatch(ids).catch((err: unknown) => {
      this.logger.warn(`${ids.length} notice(s) left to the worker's sweep: ${err instanceof Error ? err.message : String(err)}`);
    }).finally(() => this.inFlight.delete(run));
    this.inFlight.add(run);
  }

  // before the queue's and the data source's onApplicationShutdown: a dispatch never runs on a closed connection
  async beforeApplicationShutdown(): Promise<void> {
    this.closing = true;
    await Promise.all(this.inFlight);
  }

  afterTransactionRollback({ queryRunner }: TransactionRollbackEvent): void {
    if (!queryRunner.isTransactionActive) takeNoticeIds(queryRunner);
  }
}
