import { Client } from 'pg';
import { createDataSource, runMigrations } from '@app/database';

/** A number as the benchmarks print it: thousands separated, `digits` decimals. */
export const fmt = (v: number, digits: number) => v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** `url` with another database name. */
export const databaseAt = (url: string, name: string) => Object.assign(new URL(url), { pathname: `/${name}` }).toString();

/**
 * Creates the database `template` on the server of `pg` (a URL of any database there), migrates it, runs `fn` (whose
 * runs clone it with `CREATE DATABASE … TEMPLATE`), and drops it whatever happens.
 */
export async function withMigratedTemplate(pg: string, template: string, fn: () => Promise<void>): Promise<void> {
  const admin = new Client({ connectionString: pg });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${template}`);
  try {
    const ds = await createDataSource(databaseAt(pg, template)).initialize();
    await runMigrations(ds);
    await ds.destroy();
    await fn();
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
    await admin.end();
  }
}
