import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { Job, UnrecoverableError } from 'bullmq';
import { RunBeatUseCase } from '@app/domain';
import { NotificationDispatcher } from '@app/notifications';
import { JobName, JobPayloads, QueueName } from '@app/queues';
import { WorkerMetrics } from '../health/worker-metrics';
import { logJobFailure, logWorkerError } from './job-logging';

/**
 * Scheduler triggers: run a beat (as of now) for every jurisdiction it is due for; every minute, re-enqueue the pending
 * outbox. (The schedulers themselves are kept in line by QueueReconciler, outside Redis.)
 */
@Processor(QueueName.Cadence, { concurrency: 2 })
export class CadenceProcessor extends WorkerHost {
  private readonly logger = new Logger(CadenceProcessor.name);
  private running = 0;

  constructor(private readonly runBeat: RunBeatUseCase, private readonly dispatcher: NotificationDispatcher,
    private readonly metrics: WorkerMetrics) {
    super();
  }

  /** jobs being processed here (a shutdown waits for them) */
  get activeCount(): number {
    return this.running;
  }

  async process(job: Job): Promise<unknown> {
    this.running++;
    try {
      return await this.run(job);
    } finally {
      this.running--;
    }
  }

  private async run(job: Job): Promise<unknown> {
    switch (job.name) {
      case JobName.RunBeat: {
        const { beat } = job.data as JobPayloads[JobName.RunBeat];
        const summary = await this.metrics.timeBeat(beat, () => this.runBeat.execute({ beat }));
        this.logger.log(`job ${job.id} ${job.name} ${beat}: ${summary.documents.created} document(s), ` +
          `${summary.notifications.created} notification(s)`);
        return { documents: summary.documents, notifications: summary.notifications };
      }
      case JobName.DispatchPending:
        return { enqueued: await this.dispatcher.enqueuePending() };
      default:
        throw new UnrecoverableError(`unknown job ${job.name}`);
    }
  }

  @OnWorkerEvent('completed')
  onCompleted(): void {
    this.metrics.jobs.inc({ queue: QueueName.Cadence, result: 'completed' });
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job | undefined, err: Error): void {
    this.metrics.jobs.inc({ queue: QueueName.Cadence, result: 'failed' });
    logJobFailure(this.logger, job, err);
  }

  @OnWorkerEvent('error')
  onError(err: Error): void {
    logWorkerError(this.logger, err);
  }
}
