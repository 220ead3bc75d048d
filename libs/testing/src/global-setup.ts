import 'reflect-metadata';
// relative paths: Jest resolves globalSetup without moduleNameMapper
import { createDataSource } from '../../database/src/data-source';
import { runMigrations } from '../../database/src/migrate';
import { ensureRedis } from '../../queues/src/redis';
import { databaseUrl, TEMPLATE_DB_ENV, TEST_REDIS_URL, uniqueName, withAdminClient } from './test-env';

/** Migrates one template database per run; every test file clones it (CREATE DATABASE … TEMPLATE). */
export default async function globalSetup(): Promise<void> {
  await ensureRedis({ mode: 'single', url: TEST_REDIS_URL });
  const name = uniqueName('duban_tpl');
  await withAdminClient((c) => c.query(`CREATE DATABASE ${name}`));
  const ds = await createDataSource(databaseUrl(name)).initialize();
  try {
    await runMigrations(ds);
  } finally {
    await ds.destroy();
  }
  process.env[TEMPLATE_DB_ENV] = name;
}
