import type { Queue } from 'bullmq';
import { Gauge, Registry } from 'prom-client';

/** The job states /metrics reports per queue (BullMQ 6 has no `paused` state). */
export const QUEUE_METRIC_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;

/** What a scrape may wait for one source (Redis, PostgreSQL): a slow source is reported down, not waited out. */
export const METRICS_SOURCE_TIMEOUT_MS = 1_500;

/** Resolves as `p`, or rejects after `ms`: a scrape never waits longer on a dependency. */
export function within<T>(p: Promise<T>, ms = METRICS_SOURCE_TIMEOUT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([p, new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error('timeout')), ms); })])
    .finally(() => clearTimeout(timer));
}

/**
 * One read shared by every caller while it runs, and for `keepMs` after it settled: the gauges of one scrape read their
 * source once, and scrapes arriving together (or a scraper in a loop) cost one read, not one each.
 */
export function sharedRead<T>(read: () => Promise<T>, keepMs = 0): () => Promise<T> {
  let current: Promise<T> | null = null;
  let settledAt = 0;
  return () => {
    if (current && (settledAt === 0 || Date.now() - settledAt < keepMs)) return current;
    settledAt = 0;
    const p: Promise<T> = read().finally(() => {
      if (current === p) settledAt = Date.now();
    });
    current = p;
    return p;
  };
}

/**
 * `duban_queue_jobs{queue,state}`, counted in Redis at scrape time (one call per queue, each within
 * METRICS_SOURCE_TIMEOUT_MS), and `duban_queue_up{queue}`: 0 when the counts could not be read, so a Redis outage shows
 * as such and not as empty queues. Both the API and the worker report them (told apart by Prometheus' `job` label).
 */
export function registerQueueMetrics(registry: Registry, queues: Queue[]): void {
  type Counts = Array<{ queue: string; counts: Record<string, number> | null }>;
  const read = sharedRead<Counts>(() => Promise.all(queues.map((queue) => within(queue.getJobCounts(...QUEUE_METRIC_STATES))
    .then((counts) => ({ queue: queue.name, counts }), () => ({ queue: queue.name, counts: null })))));
  new Gauge({
    name: 'duban_queue_jobs', help: 'Jobs in the queue by state (waiting, active, delayed, failed), read at scrape time',
    labelNames: ['queue', 'state'], registers: [registry],
    async collect() {
      this.reset();
      for (const { queue, counts } of await read()) {
        if (counts) for (const state of QUEUE_METRIC_STATES) this.set({ queue, state }, counts[state] ?? 0);
      }
    },
  });
  new Gauge({
    name: 'duban_queue_up', help: '1 when the queue\'s counts could be read from Redis at this scrape', labelNames: ['queue'],
    registers: [registry],
    async collect() {
      for (const { queue, counts } of await read()) this.set({ queue }, counts ? 1 : 0);
    },
  });
}
