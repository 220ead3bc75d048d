import cluster from 'node:cluster';
import { createServer, Server, ServerResponse } from 'node:http';
import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import type { Cluster, Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { Registry } from 'prom-client';
import { AppConfig, bearerMatches } from '@app/config';
import { createRedis, QueueName, within } from '@app/queues';
import { QueueReconciler, ReconcilerStatus } from '../schedulers/queue-reconciler';
import { WorkerMetrics } from './worker-metrics';

/** A dependency that does not answer within this is down: an orchestrator's probe must not hang with it. */
export const HEALTH_TIMEOUT_MS = 1_500;

export interface WorkerHealth {
  status: 'ok' | 'error';
  database: 'up' | 'down';
  redis: 'up' | 'down';
  /** the schedulers' and outbox's repair from the database; `redisDataLostAt` says when Redis last came back empty */
  reconciler: ReconcilerStatus;
  queues?: Record<string, Record<string, number>>;
  /**
   * which of WORKER_PROCESSES answered: they share WORKER_PORT (node:cluster hands each probe to one of them), so
   * a probe checks one live child and the shared PostgreSQL and Redis; the primary restarts a child that dies
   * (`id` is the cluster's number for the child, null when the worker runs as one process)
   */
  process: { id: number | null; of: number };
}

/**
 * A bare `GET /health` on WORKER_PORT for orchestrators (docker-compose healthcheck): the worker has no HTTP stack,
 * so this answers whether its PostgreSQL and Redis connections work — each within HEALTH_TIMEOUT_MS, so a paused or
 * unreachable Redis is a fast 503, not a hung probe — with the queues' counts and the reconciler's last findings.
 */
@Injectable()
export class WorkerHealthServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WorkerHealthServer.name);
  private server?: Server;
  private readonly redis: Redis | Cluster;

  constructor(
    private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly reconciler: QueueReconciler,
    @InjectQueue(QueueName.Cadence) private readonly cadence: Queue,
    @InjectQueue(QueueName.Notifications) private readonly notifications: Queue,
    private readonly metrics: WorkerMetrics,
  ) {
    this.redis = createRedis(config.redis, 'producer');
    this.redis.on('error', () => undefined);
  }

  async check(): Promise<WorkerHealth> {
    const up = (p: Promise<unknown>) => within(p, HEALTH_TIMEOUT_MS).then(() => 'up' as const, () => 'down' as const);
    const [database, redis] = await Promise.all([up(this.dataSource.query('SELECT 1')), up(this.redis.ping())]);
    const health: WorkerHealth = { status: database === 'up' && redis === 'up' ? 'ok' : 'error', database, redis,
      reconciler: this.reconciler.status, process: { id: cluster.worker?.id ?? null, of: this.config.processes.worker } };
    if (redis === 'up') {
      const counts = (q: Queue) => within(q.getJobCounts('waiting', 'active', 'delayed', 'failed', 'prioritized'), HEALTH_TIMEOUT_MS);
      health.queues = await Promise.all([counts(this.cadence), counts(this.notifications)])
        .then(([c, n]) => ({ [QueueName.Cadence]: c, [QueueName.Notifications]: n }), () => undefined);
    }
    return health;
  }

  async onApplicationBootstrap(): Promise<void> {
    this.server = createServer((req, res) => {
      if (req.url === '/metrics' && this.config.ops.metricsToken) {
        this.serveMetrics(req.headers.authorization, res, this.config.ops.metricsToken);
        return;
      }
      if (req.url !== '/health') {
        res.writeHead(404).end();
        return;
      }
      void this.check().then((body) => {
        res.writeHead(body.status === 'ok' ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(this.config.workerPort, '0.0.0.0', resolve));
    this.logger.log(`worker health on http://127.0.0.1:${this.config.workerPort}/health`);
  }

  /**
   * `GET /metrics` with `Authorization: Bearer <METRICS_TOKEN>` (compared in constant time, before anything is read);
   * 401 otherwise. Without METRICS_TOKEN the path is a 404 like any other.
   */
  private serveMetrics(authorization: string | undefined, res: ServerResponse, token: string): void {
    if (!bearerMatches(authorization, token)) {
      res.writeHead(401, { 'www-authenticate': 'Bearer realm="metrics"' }).end();
      return;
    }
    void this.metrics.render().then(
      (body) => res.writeHead(200, { 'content-type': Registry.PROMETHEUS_CONTENT_TYPE, 'cache-control': 'no-store' }).end(body),
      () => res.writeHead(500).end());
  }

  async onApplicationShutdown(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.redis.disconnect();
  }
}
