import { createDataSource, runMigrations } from '@app/database';
import { OwnPostgres, OwnRedis, startOwnPostgres, startOwnRedis } from '@app/testing';
import { ApiHarness, startApi } from './harness';

export interface OwnApiHarness extends ApiHarness {
  pg: OwnPostgres;
  redis: OwnRedis;
}

/** The API as `startApi` builds it, on a migrated database and a Redis of the suite's own, free to restart and pause. */
export async function startApiOnOwnServices(now?: string): Promise<OwnApiHarness> {
  const [pg, redis] = await Promise.all([startOwnPostgres(), startOwnRedis()]);
  const databaseUrl = await pg.createDatabase('duban_fault');
  const ds = await createDataSource(databaseUrl).initialize();
  try {
    await runMigrations(ds);
  } finally {
    await ds.destroy();
  }
  const h = await startApi(now, { DATABASE_URL: databaseUrl, REDIS_URL: redis.url });
  return {
    ...h, pg, redis,
    close: async () => {
      await h.close();
      await Promise.all([pg.destroy(), redis.destroy()]);
    },
  };
}
