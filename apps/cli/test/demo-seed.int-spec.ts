import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Client } from 'pg';
import { createTestDatabase, TEST_REDIS_URL, TestDatabase } from '@app/testing';

const cli = join(__dirname, '..', '..', '..', 'dist', 'apps', 'cli', 'src', 'main.js');

describe('npm run cli -- demo:seed', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db?.drop());

  const run = () => spawnSync(process.execPath, [cli, 'demo:seed'], {
    env: { PATH: process.env.PATH, DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL }, encoding: 'utf8', timeout: 60_000,
  });

  it('loads a county with users per role, an imported report and its tasks, once', async () => {
    const first = run();
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    const summary = JSON.parse(first.stdout);
    expect(summary).toMatchObject({ county: '青山县人民政府', password: 'duban-demo', tasks: 4 });
    const again = run();
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('演示数据已存在');

    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      const roles = await client.query(`SELECT role, count(*)::int AS n FROM app_user GROUP BY role ORDER BY role`);
      expect(roles.rows).toEqual([{ role: 'department', n: 11 }, { role: 'leader', n: 2 }, { role: 'office', n: 1 }]);
      const tasks = await client.query(`SELECT status, count(*)::int AS n FROM task WHERE report_id IS NOT NULL GROUP BY status
        ORDER BY status`);
      expect(tasks.rows).toEqual([{ status: 'assigned', n: 2 }, { status: 'draft', n: 2 }]);
    } finally {
      await client.end();
    }
  });
});
