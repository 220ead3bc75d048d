import 'reflect-metadata';
import { Logger as NestLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { AppConfig, exitOnStartupFailure, isSupervisedChild, superviseProcesses } from '@app/config';
import { ensureDatabase } from '@app/database';
import { ensureRedis } from '@app/queues';
import { WorkerModule } from './worker.module';

// The worker never migrates: `npm start` / the compose `migrate` service and the API do.
async function bootstrap(): Promise<void> {
  const config = AppConfig.fromEnv();
  await ensureDatabase(config.databaseUrl);
  await ensureRedis(config.redis);
  if (config.processes.worker > 1 && !isSupervisedChild()) {
    // WORKER_PROCESSES: this process only supervises; each child is a whole worker (see docs/operations.md)
    await superviseProcesses({ name: 'worker', count: config.processes.worker, stopWithinMs: config.worker.drainMs + 1_000 });
    return;
  }
  const app = await NestFactory.createApplicationContext(WorkerModule.register(config), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  await app.init();
  new NestLogger('Bootstrap').log('duban worker started');
}

bootstrap().catch(exitOnStartupFailure('worker'));
