import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { createDataSource } from '@app/database';
import { createTestDatabase, TEST_REDIS_URL, TestDatabase, uniqueName } from '@app/testing';
import { insertTask, seedJurisdiction } from '../../worker/test/cadence-fixture';

const cli = join(__dirname, '..', '..', '..', 'dist', 'apps', 'cli', 'src', 'main.js');

/** `cadence run all --from --to`: every due beat of every day, in order, in one process; stdout is JSON and only JSON. */
describe('npm run cli -- cadence run all --from … --to …', () => {
  let db: TestDatabase;
  let ds: DataSource;
  const run = (args: string[]) => new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [cli, 'cadence', 'run', ...args], {
      env: { PATH: process.env.PATH, DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: uniqueName('cli'),
        LOG_LEVEL: 'info' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await createDataSource(db.url).initialize();
    const s = await seedJurisdiction(ds);
    await insertTask(ds, s, { unit: s.units.a, assignedAt: '2025-12-31T15:00:00+08:00', deadline: '2026-01-06' });
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('runs New Year 2026 day by day: nothing on the holidays, the month and week beats on the make-up Sunday, once', async () => {
    const first = await run(['all', '--from', '2025-12-31', '--to', '2026-01-08']);
    expect(first.code).toBe(0);
    const out = JSON.parse(first.stdout); // the whole of stdout is the JSON document
    const days = (beat: string) => out.runs.filter((r: { beat: string }) => r.beat === beat).map((r: { date: string }) => r.date);
    expect(days('daily-assign')).toEqual(['2025-12-31', '2026-01-04', '2026-01-05', '2026-01-06', '2026-01-07', '2026-01-08']);
    // November's bulletin had never run on this database: due on the first working day seen; December's on the 4th
    // (1–3 January are 元旦, Sunday the 4th is a make-up working day)
    expect(out.runs.filter((r: { beat: string }) => r.beat === 'monthly-bulletin').map((r: { date: string; period: string }) =>
      `${r.date} ${r.period}`)).toEqual(['2025-12-31 2025-11', '2026-01-04 2025-12']);
    expect(days('escalate')).toContain('2026-01-07'); // the task fell due on the 6th
    expect(out.documents).toBeGreaterThan(0);
    // its slip came on the make-up Sunday 01-04; the three working days to sign it are 01-05 to 01-07, the slip's day
    // not counted: the 签收催办单 on Thursday 01-08. The 逾期催办单 of the day after its deadline is titled apart.
    const chases = await ds.query(`SELECT kind, title, (issued_at AT TIME ZONE 'Asia/Shanghai')::date::text AS day
      FROM supervision_document WHERE kind IN ('assign_slip', 'ack_chase', 'urge') ORDER BY issued_at, kind`);
    expect(chases).toEqual([{ kind: 'assign_slip', title: '交办单', day: '2026-01-04' },
      { kind: 'urge', title: '逾期催办单', day: '2026-01-07' }, { kind: 'ack_chase', title: '签收催办单', day: '2026-01-08' }]);

    const again = await run(['all', '--from', '2025-12-31', '--to', '2026-01-08']);
    expect(JSON.parse(again.stdout)).toMatchObject({ ran: 0, documents: 0, notifications: 0 });
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM beat_run WHERE beat = 'monthly-bulletin' AND period = '2025-12'`);
    expect(n).toBe(1);
  });

  it('refuses a reversed range and an unknown beat with a Chinese message on stderr and exit status 1', async () => {
    const reversed = await run(['all', '--from', '2026-01-08', '--to', '2026-01-01']);
    expect(reversed).toMatchObject({ code: 1, stdout: '' });
    expect(reversed.stderr).toContain('晚于');
    const unknown = await run(['all', '--at', '2026-01-05T10:00:00+08:00']);
    expect(unknown).toMatchObject({ code: 1, stdout: '' });
    expect(unknown.stderr).toContain('未知的节拍');
  });
});
