import { createHash } from 'node:crypto';
import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { IdempotencyErrors } from './idempotency.errors';

/** How long a key keeps its answer: retries come within minutes, a day covers a client that was offline overnight. */
export const IDEMPOTENCY_TTL_MS = 24 * 3600_000;
const PURGE_EVERY_MS = 3600_000;
const PURGE_BATCH = 1_000;

export interface IdempotentRequest {
  userId: string;
  key: string;
  /** what makes two requests "the same": operation, target and input (file digests, not bytes) */
  fingerprint: unknown;
}

export interface IdempotentResult<T> {
  body: T;
  /** true when this is the stored answer of an earlier request with the key */
  replayed: boolean;
}

/**
 * Runs a write in a transaction and answers with what the transaction itself read back, so a failure after the commit
 * cannot turn a saved write into an error; with an `Idempotency-Key`, records the answer in that same transaction.
 */
@Injectable()
export class IdempotencyService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(IdempotencyService.name);
  /** keys of this process whose request is still running, also while the upload streams in before the transaction */
  private readonly running = new Set<string>();
  private purgeTimer?: NodeJS.Timeout;

  constructor(private readonly dataSource: DataSource, private readonly clock: Clock) {}

  onModuleInit(): void {
    this.purgeTimer = setInterval(() => {
      this.purgeExpired().catch((err: unknown) => this.logger.warn({ err }, 'purging expired idempotency keys failed'));
    }, PURGE_EVERY_MS);
    this.purgeTimer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.purgeTimer);
  }

  /**
   * Marks `key` as running in this process until `release` is called: a second request with the key meanwhile is 409.
   * Call before reading the request body, so a retry sent while the first upload still streams is turned away.
   */
  claim(userId: string, key: string): () => void {
    const id = `${userId}:${key}`;
    if (this.running.has(id)) throw IdempotencyErrors.inFlight();
    this.running.add(id);
    return () => this.running.delete(id);
  }

  /**
   * `work` writes and returns the answer, all on `em`, inside one transaction. With a key: an earlier answer under
   * the key (same user, same fingerprint) is returned as it was; a different request under it is 422; one whose
   * transaction is still open (any process) 409. If anything fails after `work` started and the key turns out to be
   * committed after all (the commit's answer was lost), the stored answer is returned instead of the error.
   */
  async run<T>(request: IdempotentRequest | null, work: (em: EntityManager) => Promise<T>): Promise<IdempotentResult<T>> {
    if (!request) return { body: await this.dataSource.transaction(work), replayed: false };
    const fingerprint = createHash('sha256').update(JSON.stringify(request.fingerprint)).digest('hex');
    const earlier = await this.find(this.dataSource.manager, request, fingerprint);
    if (earlier) return earlier as IdempotentResult<T>;
    try {
      return await this.dataSource.transaction(async (em) => {
        const [{ locked }] = await em.query(`SELECT pg_try_advisory_xact_lock(hashtextextended($1, 7741)) AS locked`,
          [`${request.userId}:${request.key}`]);
        if (!locked) throw IdempotencyErrors.inFlight();
        const committed = await this.find(em, request, fingerprint); // the holder of the lock may have just committed
        if (committed) return committed as IdempotentResult<T>;
        await em.query(`DELETE FROM idempotency_key WHERE user_id = $1 AND key = $2`, [request.userId, request.key]); // expired
        // the answer as JSON, exactly as it is stored and as a replay will send it
        const body = JSON.parse(JSON.stringify(await work(em))) as T;
        const now = this.clock.now();
        await em.query(`INSERT INTO idempotency_key (user_id, key, fingerprint, response, created_at, expires_at)
          VALUES ($1, $2, $3, $4, $5, $6)`, [request.userId, request.key, fingerprint, JSON.stringify(body ?? null), now,
          new Date(now.getTime() + IDEMPOTENCY_TTL_MS)]);
        return { body, replayed: false };
      });
    } catch (err) {
      if (err instanceof DomainError) throw err;
      // the connection may have died after COMMIT reached the server: if the key is there, so is the write
      const saved = await this.find(this.dataSource.manager, request, fingerprint).catch(() => null);
      if (saved) return saved as IdempotentResult<T>;
      throw err;
    }
  }

  /** Deletes expired keys, `PURGE_BATCH` at a time; the API calls it hourly. Returns how many went. */
  async purgeExpired(): Promise<number> {
    let total = 0;
    for (;;) {
      const [, deleted] = await this.dataSource.query(
        `DELETE FROM idempotency_key WHERE (user_id, key) IN
           (SELECT user_id, key FROM idempotency_key WHERE expires_at < $1 LIMIT ${PURGE_BATCH} FOR UPDATE SKIP LOCKED)`,
        [this.clock.now()]);
      total += deleted as number;
      if ((deleted as number) < PURGE_BATCH) return total;
    }
  }

  private async find(em: EntityManager, request: IdempotentRequest, fingerprint: string): Promise<IdempotentResult<unknown> | null> {
    const [row] = await em.query(`SELECT fingerprint, response FROM idempotency_key WHERE user_id = $1 AND key = $2 AND expires_at > $3`,
      [request.userId, request.key, this.clock.now()]);
    if (!row) return null;
    if (row.fingerprint !== fingerprint) throw IdempotencyErrors.reused();
    return { body: row.response, replayed: true };
  }
}
