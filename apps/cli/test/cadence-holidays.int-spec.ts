import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { createDataSource } from '@app/database';
import { Actor, FixedClock, NationalCalendarService } from '@app/domain';
import { createTestDatabase, TEST_REDIS_URL, TestDatabase, uniqueName } from '@app/testing';

const cli = join(__dirname, '..', '..', '..', 'dist', 'apps', 'cli', 'src', 'main.js');
const notice2027 = readFileSync(join(__dirname, '..', '..', '..', 'libs', 'domain', 'src', 'calendar', 'fixtures', 'notice-2027.txt'), 'utf8');

/**
 * The beats on 春节 2027, which chinese-days does not know: a Monday like any other until the 2027 notice is entered,
 * a non-working day after. Through `npm run cli -- cadence run daily-assign --at …`, the operator's tool.
 */
describe('npm run cli -- cadence run, before and after the 2027 notice is entered', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let admin: Actor;
  const prefix = uniqueName('hol');
  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await createDataSource(db.url).initialize();
    const [unit] = await ds.query(`INSERT INTO unit (id, code, name, kind, jurisdiction_id, path)
      SELECT g, 'J', '青山县', 'jurisdiction', g, g || '/' FROM gen_random_uuid() g RETURNING id, path`);
    const [user] = await ds.query(`INSERT INTO app_user (username, display_name, password_hash, role, unit_id)
      VALUES ('admin', '系统管理员', 'x', 'admin', $1) RETURNING id`, [unit.id]);
    admin = { userId: user.id, username: 'admin', displayName: '系统管理员', role: 'admin', unitId: unit.id, unitName: '青山县',
      jurisdictionId: unit.id, jurisdictionPath: unit.path, jurisdictionIds: [unit.id], leaderUnitIds: [] };
  });
  afterAll(async () => {
    await ds?.destroy();
    const redis = new Redis(TEST_REDIS_URL);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
    await db?.drop();
  });

  const run = (at: string) => {
    const out = spawnSync(process.execPath, [cli, 'cadence', 'run', 'daily-assign', '--at', at], {
      env: { PATH: process.env.PATH, DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: prefix, LOG_LEVEL: 'silent' },
      encoding: 'utf8', timeout: 60_000 });
    expect(out.status).toBe(0);
    return JSON.parse(out.stdout.slice(out.stdout.indexOf('{'))) as { jurisdictions: Array<{ skipped: boolean; reason: string | null }> };
  };

  it('skips 春节 2027 as a non-working day once the notice is entered, and runs on its make-up Sunday', async () => {
    // Monday 2027-02-08, 09:30 in Beijing: without the notice, a working day
    expect(run('2027-02-08T01:30:00Z').jurisdictions[0]).toMatchObject({ skipped: false });

    await new NationalCalendarService(ds, new FixedClock(new Date('2026-12-06T02:00:00Z'))).apply(admin, 2027, notice2027);

    expect(run('2027-02-09T01:30:00Z').jurisdictions[0]).toEqual(expect.objectContaining({ skipped: true,
      reason: '2027-02-09 非工作日' }));
    expect(run('2027-10-04T01:30:00Z').jurisdictions[0]).toMatchObject({ skipped: true, reason: '2027-10-04 非工作日' });
    expect(run('2027-02-14T01:30:00Z').jurisdictions[0]).toMatchObject({ skipped: false }); // Sunday, 调休上班
  });
});
