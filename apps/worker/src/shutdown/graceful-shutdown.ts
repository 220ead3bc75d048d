import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { NotificationDeliveryService } from '@app/notifications';
import { CadenceProcessor } from '../processors/cadence.processor';
import { NotificationsProcessor } from '../processors/notifications.processor';
import { QueueReconciler } from '../schedulers/queue-reconciler';

/**
 * SIGTERM in the right order. Nest closes the queues and the database in `onApplicationShutdown`, all at once; this
 * runs before that: stop checking Redis, stop taking jobs, let the jobs in flight finish for up to WORKER_DRAIN_MS
 * (below the orchestrator's grace period: Docker's is 10 s), and only then let the connections close. Jobs that
 * could not finish in time are handed back: their send claims released and the jobs returned to the queue, so the next
 * worker takes them at once rather than after their leases and locks expire.
 */
@Injectable()
export class GracefulShutdown implements BeforeApplicationShutdown {
  private readonly logger = new Logger(GracefulShutdown.name);

  constructor(
    private readonly reconciler: QueueReconciler,
    private readonly cadence: CadenceProcessor,
    private readonly notifications: NotificationsProcessor,
    private readonly delivery: NotificationDeliveryService,
    private readonly config: AppConfig,
  ) {}

  async beforeApplicationShutdown(signal?: string): Promise<void> {
    const started = Date.now();
    const workers = [this.cadence.worker, this.notifications.worker];
    await this.reconciler.stop();
    // stop fetching; then wait for the jobs in flight ourselves (pause's own wait returned before them here)
    await Promise.all(workers.map((w) => w.pause(true)));
    const deadline = started + this.config.worker.drainMs;
    const active = () => this.cadence.activeCount + this.notifications.activeCount;
    while (active() > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    const drained = active() === 0;
    if (drained) {
      await Promise.all(workers.map((w) => w.close()));
      this.logger.log(`${signal ?? 'shutdown'}: jobs drained in ${Date.now() - started} ms`);
      return;
    }
    const released = await this.delivery.releaseClaims().catch((err: Error) => {
      this.logger.error(`could not release send claims: ${err.message}`);
      return 0;
    });
    const handedBack = await this.notifications.handBack();
    await Promise.all(workers.map((w) => w.close(true)));
    this.logger.warn(`${signal ?? 'shutdown'}: jobs still running after ${this.config.worker.drainMs} ms; ` +
      `${handedBack} delivery job(s) handed back to the queue, ${released} send claim(s) released`);
  }
}
