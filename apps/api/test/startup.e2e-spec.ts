import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

// Runs the built entry points the way `npm start` does (npm test builds first).
const root = join(__dirname, '..', '..', '..');
const entry = (app: string) => join(root, 'dist', 'apps', app, 'src', 'main.js');

function start(app: string, env: Record<string, string>) {
  return spawnSync(process.execPath, [entry(app)], {
    env: { PATH: process.env.PATH, NODE_ENV: 'development', LOG_LEVEL: 'silent', ...env },
    encoding: 'utf8', timeout: 20_000,
  });
}

describe('start-up failures are one readable message and a non-zero exit', () => {
  beforeAll(() => {
    if (!existsSync(entry('api'))) throw new Error('dist is missing: run `npm run build` (npm test does)');
  });

  it.each(['api', 'worker'])('%s names PostgreSQL, its address and how to start it', (app) => {
    const run = start(app, { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/duban' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('无法连接 PostgreSQL（127.0.0.1:1）');
    expect(run.stderr).toContain('docker compose up -d postgres');
    expect(run.stderr).not.toMatch(/^\s+at /m); // no stack trace
  });

  it.each(['api', 'worker'])('%s names Redis, its address and how to start it', (app) => {
    const run = start(app, { REDIS_URL: 'redis://127.0.0.1:1' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('无法连接 Redis（127.0.0.1:1）');
    expect(run.stderr).toContain('docker compose up -d redis');
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });

  it('lists every bad configuration value by name, never by value', () => {
    const run = start('api', { PORT: 'eighty', NODE_ENV: 'production', DATABASE_URL: 'mysql://secret-password@x/db' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('PORT: PORT 必须是 0–65535 之间的整数');
    expect(run.stderr).not.toMatch(/must|should/);
    expect(run.stderr).toContain('JWT_SECRET');
    expect(run.stderr).toContain('DATABASE_URL');
    expect(run.stderr).not.toContain('secret-password');
  });
});
