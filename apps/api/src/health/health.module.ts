import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import Redis from 'ioredis';
import { AppConfig } from '@app/config';
import { redisOptions } from '@app/queues';
import { HealthController } from './health.controller';

@Module({
  imports: [TerminusModule.forRoot({ logger: false })],
  controllers: [HealthController],
  providers: [{
    provide: Redis,
    inject: [AppConfig],
    useFactory: (c: AppConfig) => new Redis({ ...redisOptions(c.redisUrl, 'producer'), lazyConnect: false }),
  }],
})
export class HealthModule {}
