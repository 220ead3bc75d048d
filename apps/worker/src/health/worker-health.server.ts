import { createServer, Server } from 'node:http';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { AppConfig } from '@app/config';
import { redisOptions } from '@app/queues';

/**
 * A bare `GET /health` on WORKER_PORT for orchestrators (docker-compose healthcheck): the worker has no HTTP stack,
 * so this answers whether its PostgreSQL and Redis connections work.
 */
@Injectable()
export class WorkerHealthServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WorkerHealthServer.name);
  private server?: Server;
  private readonly redis: Redis;

  constructor(private readonly config: AppConfig, private readonly dataSource: DataSource) {
    this.redis = new Redis({ ...redisOptions(config.redisUrl, 'producer') });
    this.redis.on('error', () => undefined);
  }

  async check(): Promise<{ status: 'ok' | 'error'; database: string; redis: string }> {
    const database = await this.dataSource.query('SELECT 1').then(() => 'up', () => 'down');
    const redis = await this.redis.ping().then(() => 'up', () => 'down');
    return { status: database === 'up' && redis === 'up' ? 'ok' : 'error', database, redis };
  }

  async onApplicationBootstrap(): Promise<void> {
    this.server = createServer((req, res) => {
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

  async onApplicationShutdown(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.redis.disconnect();
  }
}
