import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { freePort } from './own-services';

export interface BuiltApi {
  process: ChildProcess;
  /** http://127.0.0.1:<port> */
  base: string;
  /** a Bearer token for a user the test created */
  login(username: string, password: string): Promise<string>;
}

/**
 * The built API (`dist/…/main.js`) as a process of its own on a free port, on the given database (already migrated)
 * and Redis (a REDIS_URL, or the variables of a cluster or sentinels); resolves once its /health answers 200. For fault
 * suites that measure the process (memory, latency) or run it on a Redis of their own kind. `env` adds or overrides
 * variables (API_PROCESSES, a known ADMIN_PASSWORD).
 */
export async function startBuiltApi(main: string, databaseUrl: string, redis: string | Record<string, string>,
  env: Record<string, string> = {}): Promise<BuiltApi> {
  const port = await freePort();
  const child = spawn(process.execPath, [main], { stdio: ['ignore', 'ignore', 'inherit'], env: { PATH: process.env.PATH,
    DATABASE_URL: databaseUrl, ...(typeof redis === 'string' ? { REDIS_URL: redis } : redis), PORT: String(port), NODE_ENV: 'test', LOG_LEVEL: 'silent',
    MIGRATE_ON_BOOT: 'false', JWT_SECRET: randomUUID() + randomUUID(), ADMIN_USERNAME: 'admin', ADMIN_PASSWORD: randomUUID(), ...env } });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; !(await fetch(`${base}/health`).then((r) => r.ok, () => false)); i++) {
    if (i > 300) throw new Error('the API did not come up');
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    process: child,
    base,
    async login(username, password) {
      const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password }) });
      return ((await res.json()) as { accessToken: string }).accessToken;
    },
  };
}
