import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Module, OnApplicationShutdown } from '@nestjs/common';
import type { ConnectionOptions } from 'bullmq';
import type { Cluster } from 'ioredis';
import type { RedisTarget } from '@app/config';
import { bullConnectionOptions, createRedis, RedisRole } from './redis';

/**
 * The one Cluster client a process's queues share: BullMQ cannot make a Cluster client from options, so it is given
 * this one (its workers duplicate it for their blocking connections and close those). A shared client is not BullMQ's
 * to close: it is quit here once the workers have stopped.
 */
class SharedClusterClient implements OnApplicationShutdown {
  readonly client: Cluster;

  constructor(redis: RedisTarget, role: RedisRole) {
    this.client = createRedis(redis, role) as Cluster;
    this.client.on('error', () => undefined); // BullMQ reports its own connections' errors
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.quit().catch(() => this.client.disconnect());
  }
}

@Module({})
class SharedClusterModule {
  static register(redis: RedisTarget, role: RedisRole): DynamicModule {
    return { module: SharedClusterModule,
      providers: [{ provide: SharedClusterClient, useFactory: () => new SharedClusterClient(redis, role) }],
      exports: [SharedClusterClient] };
  }
}

/**
 * `BullModule.forRoot` on duban's Redis, whichever kind it is, with the configured prefix (in braces on a Cluster, so
 * each queue's keys hash to one slot: BullMQ's scripts touch several keys at once). Every app, command and test that
 * runs queues takes its root from here.
 */
export function bullRoot(config: { redis: RedisTarget; queuePrefix: string }, role: RedisRole): DynamicModule {
  const options = bullConnectionOptions(config.redis, role);
  if (options) return BullModule.forRoot({ connection: options as ConnectionOptions, prefix: config.queuePrefix });
  return BullModule.forRootAsync({
    imports: [SharedClusterModule.register(config.redis, role)],
    inject: [SharedClusterClient],
    useFactory: (shared: SharedClusterClient) => ({ connection: shared.client as unknown as ConnectionOptions, prefix: config.queuePrefix }),
  });
}
