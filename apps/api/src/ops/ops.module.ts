import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { OrganisationModule } from '@app/domain';
import { bullRoot, QueueName } from '@app/queues';
import { ApiMetrics } from './api-metrics';
import { QueueBoard } from './queue-board';
import { QueueBoardController } from './queue-board.controller';

/**
 * What the office's IT staff run the service with: /metrics and the admin's queue board. The API only reads the queues
 * (no workers here), on producer connections that fail fast when Redis is away.
 */
@Module({})
export class OpsModule {
  static register(config: AppConfig): DynamicModule {
    return {
      module: OpsModule,
      imports: [
        bullRoot(config, 'producer'),
        BullModule.registerQueue({ name: QueueName.Cadence }, { name: QueueName.Notifications }),
        OrganisationModule,
      ],
      controllers: [QueueBoardController],
      providers: [ApiMetrics, QueueBoard],
      // the queues too: the workflow's notices are dispatched on this same producer connection (ApiModule)
      exports: [ApiMetrics, QueueBoard, BullModule],
    };
  }
}
