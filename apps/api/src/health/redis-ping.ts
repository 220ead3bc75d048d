import { Injectable, OnModuleDestroy } from '@nestjs/common';
import Redis from 'ioredis';
import { AppConfig } from '@app/config';
import { redisOptions } from '@app/queues';

/** The API's own Redis connection for health checks, closed with the app. */
@Injectable()
export class RedisPing implements OnModuleDestroy {
  private readonly client: Redis;

  constructor(config: AppConfig) {
    this.client = new Redis(redisOptions(config.redisUrl, 'producer'));
    this.client.on('error', () => undefined); // reported through /health instead
  }

  async ping(): Promise<void> {
    await this.client.ping();
  }

  onModuleDestroy(): void {
    this.client.disconnect();
  }
}
