import { Client } from 'pg';

export class DependencyUnavailableError extends Error {
  readonly readable = true;
}

/**
 * Checks PostgreSQL is reachable and creates the database when it is missing, so a first start on a fresh machine
 * needs no manual `createdb`. Failures become one readable message instead of a stack trace.
 */
export async function ensureDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const database = decodeURIComponent(url.pathname.replace(/^\//, '')) || 'postgres';
  const where = `${url.hostname}:${url.port || 5432}`;
  const probe = new Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5_000 });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    await probe.end();
    return;
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code !== '3D000') throw unreachable(where, err);
  }
  const adminUrl = new URL(databaseUrl);
  adminUrl.pathname = '/postgres';
  const admin = new Client({ connectionString: adminUrl.toString(), connectionTimeoutMillis: 5_000 });
  admin.on('error', () => undefined);
  try {
    await admin.connect();
    await admin.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`).catch((err: { code?: string }) => {
      if (err.code !== '42P04') throw err; // created meanwhile by another process
    });
  } catch (err) {
    throw unreachable(where, err);
  } finally {
    await admin.end().catch(() => undefined);
  }
}

function unreachable(where: string, err: unknown): DependencyUnavailableError {
  const reason = err instanceof Error ? err.message : String(err);
  return new DependencyUnavailableError(
    `无法连接 PostgreSQL（${where}）：${reason}\n` +
      `  本机服务：pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start\n` +
      `  或用 Docker：docker compose up -d postgres\n` +
      `  连接串由环境变量 DATABASE_URL 指定。`,
  );
}
