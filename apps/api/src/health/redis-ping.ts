import { Injectable, OnModuleDestroy } from '@nestjs/common';
import type { Cluster, Redis } from 'ioredis';
import { AppConfig } from '@app/config';
import { createRedis } from '@app/queues';

/** The API's own Redis connection for health checks, closed with the app. */
@Injectable()
export class RedisPing implements OnModuleDestroy {
  private readonly client: Redis | Cluster;

  constructor(config: AppConfig) {
    this.client = createRedis(config.redis, 'producer');
    this.client.on('error', () => undefined); // reported through /health instead
  }

  /** Fails after `timeoutMs` instead of waiting on a server that accepts the connection but does not answer. */
  async ping(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Redis did not answer PING within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await Promise.race([this.client.ping(), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  onModuleDestroy(): void {
    this.client.disconnect();
  }
}
