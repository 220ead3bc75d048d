import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { QueueName, registerQueueMetrics } from '@app/queues';
import { QueueReconciler } from '../schedulers/queue-reconciler';

/** Beat durations, seconds: a county's daily slip takes well under a second, a province's escalation a minute. */
const BEAT_BUCKETS = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

/**
 * The worker's Prometheus registry (served on WORKER_PORT/metrics by WorkerHealthServer): beats run by this process and
 * how long they took, jobs finished per queue and result, queue depth read at scrape time, the process' defaults.
 */
@Injectable()
export class WorkerMetrics {
  readonly registry = new Registry();
  readonly beatDuration: Histogram<'beat' | 'result'>;
  readonly jobs: Counter<'queue' | 'result'>;

  constructor(
    @InjectQueue(QueueName.Cadence) cadence: Queue,
    @InjectQueue(QueueName.Notifications) notifications: Queue,
    reconciler: QueueReconciler,
  ) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    registerQueueMetrics(this.registry, [cadence, notifications]);
    this.beatDuration = new Histogram({ name: 'duban_beat_duration_seconds',
      help: 'Beat runs triggered by the schedulers in this worker, by beat and result (ok, error), with their duration',
      labelNames: ['beat', 'result'], buckets: BEAT_BUCKETS, registers });
    this.jobs = new Counter({ name: 'duban_jobs_total',
      help: 'Jobs this worker finished, by queue and result (completed; failed counts every failed attempt)',
      labelNames: ['queue', 'result'], registers });
    const seconds = (iso: string | null) => (iso ? Date.parse(iso) / 1000 : 0);
    new Gauge({ name: 'duban_redis_data_lost_timestamp_seconds',
      help: 'When this worker last found Redis emptied of duban\'s queues and rebuilt them from PostgreSQL (REDIS_DATA_LOST), Unix time; 0: not since it started',
      registers, collect() { this.set(seconds(reconciler.status.redisDataLostAt)); } });
    new Gauge({ name: 'duban_reconciler_last_check_timestamp_seconds',
      help: 'When this worker last checked Redis against the database (the worker holding the lock does; 0: never)',
      registers, collect() { this.set(seconds(reconciler.status.lastCheckAt)); } });
  }

  /** Runs a beat and records how it went. */
  async timeBeat<T>(beat: string, run: () => Promise<T>): Promise<T> {
    const end = this.beatDuration.startTimer({ beat });
    try {
      const out = await run();
      end({ result: 'ok' });
      return out;
    } catch (err) {
      end({ result: 'error' });
      throw err;
    }
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }
}
