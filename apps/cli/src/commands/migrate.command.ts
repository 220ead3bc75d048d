import type { Command } from 'commander';
import { AppConfig } from '@app/config';
import { createDataSource, ensureDatabase, runMigrations } from '@app/database';

export function registerMigrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('create the database when missing and apply pending migrations')
    .action(async () => {
      const config = AppConfig.fromEnv();
      await ensureDatabase(config.databaseUrl);
      const dataSource = await createDataSource(config.databaseUrl).initialize();
      try {
        const applied = await runMigrations(dataSource);
        process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'database is up to date\n');
      } finally {
        await dataSource.destroy();
      }
    });
}
