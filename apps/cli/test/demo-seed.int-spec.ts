import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import Redis from 'ioredis';
import { Client } from 'pg';
import { createTestDatabase, TEST_REDIS_URL, TestDatabase, uniqueName } from '@app/testing';

const cli = join(__dirname, '..', '..', '..', 'dist', 'apps', 'cli', 'src', 'main.js');

describe('npm run cli -- demo:seed', () => {
  let db: TestDatabase;
  let client: Client;
  const prefix = uniqueName('demo');
  beforeAll(async () => {
    db = await createTestDatabase();
    client = new Client({ connectionString: db.url });
  });
  afterAll(async () => {
    await client?.end().catch(() => undefined);
    const redis = new Redis(TEST_REDIS_URL);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
    await db?.drop();
  });

  const run = () => spawnSync(process.execPath, [cli, 'demo:seed', '--today', '2026-11-20'], {
    env: { PATH: process.env.PATH, DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: prefix }, encoding: 'utf8',
    timeout: 120_000,
  });
  const rows = async (sql: string) => (await client.query(sql)).rows;

  it('loads a county, users per role, a report and a hundred days of work, once', async () => {
    const first = run();
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ county: '青山县人民政府', city: '青州市人民政府', password: 'duban-demo', tasks: 12,
      subtasks: 3, from: '2026-08-10', to: '2026-11-20' });
    const again = run();
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('演示数据已存在');

    await client.connect();
    expect(await rows(`SELECT role, count(*)::int AS n FROM app_user GROUP BY role ORDER BY role`))
      .toEqual([{ role: 'department', n: 12 }, { role: 'leader', n: 2 }, { role: 'office', n: 2 }]);
    // every state a walk-through should meet, on the tasks the story gave it to
    expect(await rows(`SELECT status, count(*)::int AS n FROM task GROUP BY status ORDER BY status`)).toEqual([
      { status: 'acknowledged', n: 9 }, { status: 'assigned', n: 1 }, { status: 'completed', n: 2 },
      { status: 'draft', n: 2 }, { status: 'submitted', n: 1 }]);
    expect(await rows(`SELECT title, return_count AS returns, completed_at::date <= current_deadline AS "onTime"
      FROM task WHERE status = 'completed' ORDER BY code`)).toEqual([
      { title: expect.stringContaining('执法人员培训'), returns: 1, onTime: true },
      { title: expect.stringContaining('执法记录仪'), returns: 0, onTime: false }]);
    expect(await rows(`SELECT count(*)::int AS n FROM task WHERE report_id IS NOT NULL`)).toEqual([{ n: 4 }]);
    expect(await rows(`SELECT status FROM task_extension`)).toEqual([{ status: 'pending' }]);
    expect(await rows(`SELECT count(*)::int AS n FROM evidence_file`)).toEqual([{ n: 4 }]);

    // the cadence ran every day: slips, a chase for the slip nobody signed, escalation of the overdue task up to the
    // leaders, three monthly bulletins and the third quarter's assessment
    const kinds = Object.fromEntries((await rows(`SELECT kind, count(*)::int AS n FROM supervision_document GROUP BY kind`))
      .map((r) => [r.kind, r.n]));
    expect(kinds).toMatchObject({ assign_slip: expect.any(Number), ack_chase: 1, urge: expect.any(Number),
      supervise: expect.any(Number), due_soon: expect.any(Number), work_reminder: expect.any(Number) });
    expect(await rows(`SELECT DISTINCT period FROM supervision_document WHERE kind = 'bulletin' ORDER BY period`))
      .toEqual([{ period: '2026-08' }, { period: '2026-09' }, { period: '2026-10' }]);
    expect(await rows(`SELECT DISTINCT period FROM supervision_document WHERE kind = 'assessment'`)).toEqual([{ period: '2026Q3' }]);
    // the overdue 司法所 task of 司法局 and the township's review task were chased (催办) and then supervised (督办); so
    // were the village's late sub-task, and the 青石镇 sub-task the 抽查 reopened after its deadline
    expect(await rows(`SELECT u.code, d.kind FROM supervision_document d JOIN unit u ON u.id = d.unit_id
      WHERE d.kind IN ('urge', 'supervise', 'ack_chase') ORDER BY d.issued_at, d.kind DESC`)).toEqual([
      { code: 'QS-ZRZY', kind: 'ack_chase' }, { code: 'QS-GAJ', kind: 'urge' }, { code: 'QS-CGZ-DG', kind: 'urge' },
      { code: 'QS-QSZ', kind: 'urge' }, { code: 'QS-QSZ', kind: 'supervise' }, { code: 'QS-CGZ-DG', kind: 'supervise' },
      { code: 'QS-SFJ', kind: 'urge' },
      { code: 'QS-SFJ', kind: 'supervise' }, { code: 'QS-CGZ', kind: 'urge' }, { code: 'QS-CGZ', kind: 'supervise' }]);
    expect(await rows(`SELECT u.username, count(*)::int AS n FROM notification n JOIN app_user u ON u.id = n.recipient_user_id
      WHERE n.kind = 'supervise' GROUP BY u.username ORDER BY 1`)).toEqual([{ username: 'leader1', n: 1 }]);
    expect(await rows(`SELECT count(*)::int AS n FROM notification n JOIN unit u ON u.id = n.recipient_unit_id
      WHERE u.code = 'QS-ZRZY' AND n.kind = 'ack_chase'`)).toEqual([{ n: 1 }]);

    // 分解落实, two levels: the petitions bureau's task to two townships, 城关镇's part to its village, whose part ran late
    // and was chased at the village itself
    expect(await rows(`SELECT c.code LIKE p.code || '-__' AS coded, u.code AS unit, c.status, c.current_deadline < '2026-11-20' AS late
      FROM task c JOIN task p ON p.id = c.parent_task_id JOIN unit u ON u.id = c.lead_unit_id ORDER BY c.code`)).toEqual([
      { coded: true, unit: 'QS-CGZ', status: 'acknowledged', late: false },
      { coded: true, unit: 'QS-CGZ-DG', status: 'acknowledged', late: true },
      { coded: true, unit: 'QS-QSZ', status: 'acknowledged', late: true }]);
    expect(await rows(`SELECT DISTINCT d.kind FROM supervision_document d JOIN unit u ON u.id = d.unit_id
      WHERE u.code = 'QS-CGZ-DG' AND d.kind IN ('assign_slip', 'urge', 'supervise') ORDER BY 1`)).toEqual([{ kind: 'assign_slip' }, { kind: 'supervise' }, { kind: 'urge' }]);
    // 定期报送: the market bureau reports by the 15th and is never chased; the petitions bureau is chased each month
    expect(await rows(`SELECT u.code, d.period FROM supervision_document d JOIN unit u ON u.id = d.unit_id
      WHERE d.kind = 'report_chase' ORDER BY d.issued_at`)).toEqual([
      { code: 'QS-XFJ', period: '2026-09-21' }, { code: 'QS-XFJ', period: '2026-10-21' }]);
    // 复核: the leader in charge confirmed the office's approval of the recorder task
    expect(await rows(`SELECT u.username, t.status FROM task t JOIN app_user u ON u.id = t.first_approved_by
      WHERE t.status = 'completed' AND t.title LIKE '%执法记录仪%'`)).toEqual([{ username: 'fzb', status: 'completed' }]);
    expect(await rows(`SELECT e.action, u.username FROM task_event e JOIN task t ON t.id = e.task_id JOIN app_user u ON u.id = e.actor_id
      WHERE t.title LIKE '%执法记录仪%' AND e.action IN ('first_approve', 'confirm') ORDER BY e.id`)).toEqual([
      { action: 'first_approve', username: 'fzb' }, { action: 'confirm', username: 'leader1' }]);
    // 督察抽查 of September's close-outs: the township's failed and its task was reopened with the finding
    expect(await rows(`SELECT c.month, c.seed, t.title LIKE '青石镇%' AS township, i.result FROM spot_check_item i
      JOIN spot_check c ON c.id = i.spot_check_id JOIN task t ON t.id = i.task_id ORDER BY township`)).toEqual([
      { month: '2026-09', seed: 'qingshan-demo', township: false, result: 'passed' },
      { month: '2026-09', seed: 'qingshan-demo', township: true, result: 'failed' }]);
  }, 300_000); // two CLI runs of up to 120 s each on a loaded box
});
