import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { Clock, COVERED_YEARS, uncoveredYearsAround } from '@app/domain';
import { METRICS_SOURCE_TIMEOUT_MS, QueueName, registerQueueMetrics, sharedRead, within } from '@app/queues';
import { OpsFigure, OpsStats, opsStatsBudgetMs, readOpsStats } from './ops-stats';

/** How long one database read serves scrapes: Prometheus scrapes every 15–60 s, a scraper in a loop gets the cache. */
export const DB_STATS_KEEP_MS = 10_000;

/** Request latency buckets, seconds: from a cached page (5 ms) to a large Excel export (10 s). */
const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * The API's Prometheus registry (its own, not prom-client's global one, so several apps in one process — the tests —
 * do not collide): HTTP latency observed per request; queue depth, the outbox, the beats and the holiday calendar
 * read at scrape time, each source within its timeout; the process' default metrics.
 */
@Injectable()
export class ApiMetrics {
  readonly registry = new Registry();
  private readonly http: Histogram<'method' | 'route' | 'status_class'>;

  constructor(
    dataSource: DataSource,
    clock: Clock,
    @InjectQueue(QueueName.Cadence) cadence: Queue,
    @InjectQueue(QueueName.Notifications) notifications: Queue,
  ) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.http = new Histogram({ name: 'duban_http_request_duration_seconds',
      help: 'HTTP request latency by route template and status class (2xx, 4xx, 5xx…)',
      labelNames: ['method', 'route', 'status_class'], buckets: HTTP_BUCKETS, registers });
    registerQueueMetrics(this.registry, [cadence, notifications]);

    // statement_timeout per figure inside, the whole read bounded outside too (a pool with no free connection must not
    // hold the scrape either); one read serves every scrape for DB_STATS_KEEP_MS
    const stats = sharedRead(() => within(readOpsStats(dataSource, METRICS_SOURCE_TIMEOUT_MS),
      opsStatsBudgetMs(METRICS_SOURCE_TIMEOUT_MS)).catch((): null => null), DB_STATS_KEEP_MS);
    const fromDb = <K extends OpsFigure>(figure: K, name: string, help: string, labelNames: string[],
      fill: (g: Gauge, v: NonNullable<OpsStats[K]>) => void) =>
      new Gauge({ name, help, labelNames, registers, async collect() {
        const v = (await stats())?.[figure];
        this.reset();
        if (v) fill(this, v as NonNullable<OpsStats[K]>);
      } });
    new Gauge({ name: 'duban_database_stats_up',
      help: '1 when the figure (notices, deliveries, oldestPending, beats) could be read from PostgreSQL in time',
      labelNames: ['figure'], registers, async collect() {
        const s = await stats();
        for (const f of ['notices', 'deliveries', 'oldestPending', 'beats'] as const) this.set({ figure: f }, s?.[f] ? 1 : 0);
      } });
    fromDb('notices', 'duban_notifications', 'Notices by requested channel and status (pending, delivered, dead)',
      ['channel', 'status'], (g, rows) => rows.forEach((r) => g.set({ channel: r.channel, status: r.status }, r.n)));
    fromDb('deliveries', 'duban_notification_deliveries', 'Delivery targets by channel and result (sending, sent, failed, refused)',
      ['channel', 'status'], (g, rows) => rows.forEach((r) => g.set({ channel: r.channel, status: r.status }, r.n)));
    fromDb('oldestPending', 'duban_notifications_oldest_pending_age_seconds', 'Age of the oldest notice still pending delivery (0: none)',
      [], (g, v) => g.set(v.at === null ? 0 : Math.max(0, Date.now() / 1000 - v.at)));
    fromDb('beats', 'duban_beat_runs', 'Beat runs recorded in beat_run, by beat and outcome (done, skipped: a non-working day)',
      ['beat', 'outcome'], (g, rows) => rows.forEach((r) => g.set({ beat: r.beat, outcome: r.outcome }, r.n)));
    fromDb('beats', 'duban_beat_last_run_timestamp_seconds', 'When a beat last ran for any jurisdiction (done or skipped), Unix time',
      ['beat', 'outcome'], (g, rows) => rows.forEach((r) => g.set({ beat: r.beat, outcome: r.outcome }, r.lastAt)));

    const years = () => {
      const year = Number(clock.today().slice(0, 4));
      const uncovered = new Set(uncoveredYearsAround(clock.today()));
      return ([['previous', year - 1], ['current', year], ['next', year + 1]] as const).map(([which, y]) => ({ which, year: y, covered: !uncovered.has(y) }));
    };
    new Gauge({ name: 'duban_calendar_year_covered',
      help: '1 when the holiday data (chinese-days) covers the year; 0: it counts Monday–Friday, without holidays or 调休',
      labelNames: ['which', 'year'], registers, collect() {
        this.reset();
        for (const y of years()) this.set({ which: y.which, year: String(y.year) }, y.covered ? 1 : 0);
      } });
    new Gauge({ name: 'duban_calendar_uncovered_years', help: 'Years within [this year − 1, next year] the holiday data misses',
      registers, collect() { this.set(years().filter((y) => !y.covered).length); } });
    new Gauge({ name: 'duban_calendar_last_covered_year', help: 'The last year the holiday data covers',
      registers, collect() { this.set(Math.max(...COVERED_YEARS)); } });
  }

  /** One finished request; `route` is the route template (`/api/tasks/:id`), never the raw URL. */
  observeRequest(method: string, route: string | undefined, statusCode: number, seconds: number): void {
    this.http.observe({ method, route: route ?? '(unmatched)', status_class: `${Math.floor(statusCode / 100)}xx` }, seconds);
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }
}
