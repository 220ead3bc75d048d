import { getQueueToken } from '@nestjs/bullmq';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Queue } from 'bullmq';
import { AppConfig, ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { BeatName, bullRoot, QueueName } from '@app/queues';
import { CadenceModule, ClockModule, FixedClock, RunBeatUseCase } from '@app/domain';
import { TEST_REDIS_URL, uniqueName } from '@app/testing';

/** The worker's beats on an API harness's database (its own queue prefix), run "as of" the instants a test names. */
export async function startCadence(databaseUrl: string, prefix: string) {
  const config = AppConfig.fromEnv({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: databaseUrl, REDIS_URL: TEST_REDIS_URL,
    QUEUE_PREFIX: uniqueName(prefix) });
  const app: INestApplicationContext = await NestFactory.createApplicationContext({
    module: class TestCadenceModule {},
    imports: [ConfigModule.forRoot(config), DatabaseModule, ClockModule.forRoot(new FixedClock(new Date())), bullRoot(config, 'worker'),
      CadenceModule],
  }, { logger: false });
  const queue = app.get<Queue>(getQueueToken(QueueName.Notifications));
  return {
    run: (beat: BeatName, at: Date) => app.get(RunBeatUseCase).execute({ beat, at }),
    close: async () => {
      await queue.obliterate({ force: true });
      await app.close();
    },
  };
}
