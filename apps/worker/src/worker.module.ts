import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig, ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { CadenceModule, Clock, ClockModule } from '@app/domain';
import { bullRoot, QueueName } from '@app/queues';
import { WorkerHealthServer } from './health/worker-health.server';
import { WorkerMetrics } from './health/worker-metrics';
import { CadenceProcessor } from './processors/cadence.processor';
import { NotificationsProcessor } from './processors/notifications.processor';
import { CadenceScheduler } from './schedulers/cadence.scheduler';
import { QueueReconciler } from './schedulers/queue-reconciler';
import { GracefulShutdown } from './shutdown/graceful-shutdown';

/** The worker: the same domain under another root module, with queues and without HTTP routes. */
@Module({})
export class WorkerModule {
  /** `clock`: the system's, or a test's (the reconciler's catch-up runs the beats due at the clock's time). */
  static register(config: AppConfig, clock?: Clock): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot({ pinoHttp: { level: config.logLevel } }),
        DatabaseModule,
        ClockModule.forRoot(clock),
        bullRoot(config, 'worker'),
        BullModule.registerQueue({ name: QueueName.Cadence }),
        CadenceModule,
      ],
      providers: [WorkerMetrics, WorkerHealthServer, CadenceScheduler, QueueReconciler, CadenceProcessor, NotificationsProcessor, GracefulShutdown],
    };
  }
}
