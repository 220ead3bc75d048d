import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { AppConfig } from '@app/config';
import { anyBeatRun, CatchUpBeatsUseCase } from '@app/domain';
import { anyNotice, NotificationDispatcher } from '@app/notifications';
import { BeatName, QueueName } from '@app/queues';
import { CadenceScheduler } from './cadence.scheduler';

/** How often the worker checks that Redis still holds what the database says it should. */
export const RECONCILE_INTERVAL_MS = 5_000;
/** How often, besides after a loss and at boot, missed beats are looked for in `beat_run`. */
export const CATCH_UP_INTERVAL_MS = 60_000;
/** A key written once Redis holds the schedulers; its absence means Redis is new or lost its data. */
const STATE_KEY = 'duban-state';

/** What one check did: schedulers changed, whether Redis had to be rebuilt, how many missed beats were run. */
export interface ReconcileResult {
  rescheduled: BeatName[];
  rebuilt: boolean;
  caughtUp: number;
}

export interface ReconcilerStatus {
  /** when this process last completed a check (as the leader) */
  lastCheckAt: string | null;
  /** when this process last found Redis without the state it had been given */
  redisDataLostAt: string | null;
  lastError: string | null;
}

/**
 * Redis is a cache of the database's truth: the job schedulers, and the jobs of the pending outbox. This keeps it so
 * from outside Redis — a plain interval in the worker process, not a Redis scheduler that would vanish with the data it
 * repairs — and at once when the Redis connection comes back. Each check is taken by one worker at a time
 * (PostgreSQL advisory lock; several workers upserting schedulers at once is BullMQ's known way to lose or double
 * them). A check re-upserts schedulers that are missing or whose beat times changed; when the state key is gone it
 * also re-enqueues the outbox and catches up the beats missed meanwhile (from `beat_run`, so exactly once), and says
 * so loudly. With WORKER_BEATS=false the worker only delivers: no beat schedulers, no catch-up.
 */
@Injectable()
export class QueueReconciler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(QueueReconciler.name);
  private timer?: NodeJS.Timeout;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private lastCatchUp = 0;
  private readonly state: ReconcilerStatus = { lastCheckAt: null, redisDataLostAt: null, lastError: null };

  constructor(
    @InjectQueue(QueueName.Cadence) private readonly queue: Queue,
    private readonly scheduler: CadenceScheduler,
    private readonly dispatcher: NotificationDispatcher,
    private readonly catchUp: CatchUpBeatsUseCase,
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  get status(): ReconcilerStatus {
    return { ...this.state };
  }

  /** The first check runs in the boot: a worker that cannot register its schedulers does not start. */
  async onApplicationBootstrap(): Promise<void> {
    await this.check();
    this.timer = setInterval(() => void this.kick(), RECONCILE_INTERVAL_MS);
    this.timer.unref();
    (await this.queue.backend.client).on('ready', () => void this.kick()); // a reconnect: Redis may have come back empty
  }

  onApplicationShutdown(): Promise<void> {
    return this.stop();
  }

  /** No check starts after this; resolves when the one under way has ended. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
  }

  /** Runs a check now, or right after the one under way; errors are logged and left for the next interval. */
  kick(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        try {
          await this.check();
          this.state.lastError = null;
        } catch (err) {
          this.state.lastError = err instanceof Error ? err.message : String(err);
          this.logger.warn(`queue check failed, retrying in ${RECONCILE_INTERVAL_MS / 1000} s: ${this.state.lastError}`);
        }
      } while (this.again && !this.stopped);
    })().finally(() => { this.running = null; });
    return this.running;
  }

  /** One check under the advisory lock; another worker holding it does this one's work. */
  async check(): Promise<ReconcileResult | 'other-worker'> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    const lock = `reconcile:${this.config.queuePrefix}`;
    try {
      const [{ locked }] = await runner.query(`SELECT pg_try_advisory_lock(hashtext($1)) AS locked`, [lock]);
      if (!locked) return 'other-worker';
      try {
        const result = await this.reconcile();
        this.state.lastCheckAt = new Date().toISOString();
        return result;
      } finally {
        await runner.query(`SELECT pg_advisory_unlock(hashtext($1))`, [lock]).catch(() => undefined);
      }
    } finally {
      await runner.release();
    }
  }

  private async reconcile(): Promise<ReconcileResult> {
    const redis = await this.queue.backend.client;
    const key = this.queue.toKey(STATE_KEY);
    const beats = this.config.worker.beats;
    if (await redis.get(key)) {
      const rescheduled = await this.scheduler.refresh({ beats });
      const due = beats && Date.now() - this.lastCatchUp >= CATCH_UP_INTERVAL_MS;
      return { rescheduled, rebuilt: false, caughtUp: due ? await this.catchUpBeats() : 0 };
    }
    // Redis has none of duban's state: a new Redis, or one that lost its data (FLUSHALL, a restart without persistence)
    const lost = await this.hasHistory();
    if (lost) {
      this.state.redisDataLostAt = new Date().toISOString();
      this.logger.error({ alert: 'REDIS_DATA_LOST' },
        'Redis 中的队列数据已丢失（定时任务与待发送队列）：正从数据库重建定时任务、重新入队未发送的通知、补跑错过的节拍');
    }
    await this.scheduler.register({ beats });
    const enqueued = await this.dispatcher.enqueuePending();
    const caughtUp = beats ? await this.catchUpBeats() : 0;
    await redis.set(key, JSON.stringify({ since: new Date().toISOString() }));
    if (lost) this.logger.warn(`rebuilt from the database: schedulers, ${enqueued} pending notification(s), ${caughtUp} missed beat(s)`);
    return { rescheduled: [], rebuilt: true, caughtUp };
  }

  private async catchUpBeats(): Promise<number> {
    const caught = await this.catchUp.execute();
    this.lastCatchUp = Date.now();
    return caught.length;
  }

  /** Whether a worker has worked with this database before (so an empty Redis has lost something). */
  private async hasHistory(): Promise<boolean> {
    return (await anyBeatRun(this.dataSource)) || anyNotice(this.dataSource);
  }
}
