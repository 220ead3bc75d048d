import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { AppConfig, exitOnStartupFailure, isSupervisedChild, superviseProcesses } from '@app/config';
import { createDataSource, ensureDatabase, runMigrations } from '@app/database';
import { UsersService } from '@app/domain';
import { ensureRedis } from '@app/queues';
import { createApiApp } from './setup-app';

async function bootstrap(): Promise<void> {
  const config = AppConfig.fromEnv();
  await ensureDatabase(config.databaseUrl);
  await ensureRedis(config.redis);
  if (config.migrateOnBoot) {
    const dataSource = await createDataSource(config.databaseUrl).initialize();
    try {
      await runMigrations(dataSource);
    } finally {
      await dataSource.destroy();
    }
  }
  const logger = new Logger('Bootstrap');
  if (config.auth.jwtSecretGenerated) {
    logger.warn('JWT_SECRET is not set: using a random secret, tokens will not survive a restart');
  }
  if (config.processes.api > 1 && !isSupervisedChild()) {
    // API_PROCESSES: this process migrated (above) and only supervises; the children share PORT and one JWT secret,
    // so a token one of them signed is good on every other; the first listens before the next starts (first admin)
    await superviseProcesses({ name: 'api', count: config.processes.api, stopWithinMs: config.worker.drainMs + 1_000,
      oneAtATime: true, env: { JWT_SECRET: config.auth.jwtSecret, MIGRATE_ON_BOOT: 'false' } });
    return;
  }
  const app = await createApiApp(config);
  if (config.firstAdmin) {
    const created = await app.get(UsersService).ensureFirstAdmin(config.firstAdmin.username, config.firstAdmin.password);
    if (created && config.firstAdmin.isDefault) {
      logger.warn(`first admin created with the development default: ${config.firstAdmin.username} / ${config.firstAdmin.password}`);
    }
  }
  await app.listen({ port: config.port, host: '0.0.0.0' });
  logger.log(`duban API listening on http://127.0.0.1:${config.port} (docs: /api/docs, health: /health)`);
}

bootstrap().catch(exitOnStartupFailure('api'));
