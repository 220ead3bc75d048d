import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { daysBetween, UnitsService, UsersService } from '@app/domain';
import { TEST_REDIS_URL, uniqueName } from '@app/testing';
import { ApiHarness, PASSWORD, startApi } from '../../api/test/harness';

const cli = join(__dirname, '..', '..', '..', 'dist', 'apps', 'cli', 'src', 'main.js');
const WEIGHTS = [0.2, 0.2, 0.3, 0.3];

type Row = Record<string, any>; // query rows of many shapes

/**
 * A year of supervision in one county, as an office lives it: the office publishes nine tasks in January, the
 * departments sign for them, report, ask for an extension, finish early, late or not at all, over the API at
 * afternoon times; between their actions the CLI runs every beat of every day (`cadence run all`), holidays and
 * make-up days included, until the fourth quarter's review in January 2027. Then the documents of the year are read
 * back for what the office would check: no empty reminder, ties ranked 并列, every 督办 reaching a leader and the unit,
 * a pending extension pausing the ladder while the office is reminded of it.
 */
describe('a year of supervision (CLI every day of 2026, departments acting over the API)', () => {
  let h: ApiHarness;
  let ds: DataSource;
  const tokens: Record<string, string> = {};
  const units: Record<string, string> = {};
  const tasks: Record<string, { id: string; code: string }> = {};
  const groups: Record<string, string[]> = {};
  const prefix = uniqueName('year');
  let cursor = '2026-01-01';
  const cliRuns: Array<{ from: string; to: string; ran: number; documents: number }> = [];

  const runCli = (from: string, to: string) => new Promise<Row>((resolve, reject) => {
    const child = spawn(process.execPath, [cli, 'cadence', 'run', 'all', '--from', from, '--to', to], {
      env: { PATH: process.env.PATH, DATABASE_URL: h.db.url, REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: prefix, LOG_LEVEL: 'warn' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('exit', (code) => code === 0 ? resolve(JSON.parse(stdout)) : reject(new Error(`cadence run ${from}..${to}: ${code} ${stderr}`)));
  });

  /** Runs the beats up to and including `day` (its 09:00 and 10:00 beats come before any afternoon action). */
  async function beatsThrough(day: string) {
    if (day < cursor) return;
    const out = await runCli(cursor, day);
    cliRuns.push({ from: cursor, to: day, ran: out.ran, documents: out.documents });
    const next = new Date(`${day}T00:00:00Z`);
    next.setUTCDate(next.getUTCDate() + 1);
    cursor = next.toISOString().slice(0, 10);
  }

  /** `who` acts on `day` at `time` Beijing time, after that day's beats. */
  async function at(day: string, time: string, act: () => Promise<unknown>) {
    await beatsThrough(day);
    h.clock.set(`${day}T${time}:00+08:00`);
    await act();
  }

  const api = (who: string) => ({
    post: (url: string, body: object = {}) => h.anonymous.post(url).set('authorization', `Bearer ${tokens[who]}`).send(body),
    put: (url: string, body: object = {}) => h.anonymous.put(url).set('authorization', `Bearer ${tokens[who]}`).send(body),
    get: (url: string) => h.anonymous.get(url).set('authorization', `Bearer ${tokens[who]}`),
  });
  const step = (who: string, task: string, action: string, body: object = {}) =>
    api(who).post(`/api/tasks/${tasks[task].id}/${action}`, body).expect((r) => {
      if (r.status >= 300) throw new Error(`${who} ${action} ${task}: ${r.status} ${JSON.stringify(r.body)}`);
    });

  beforeAll(async () => {
    h = await startApi('2026-01-05T07:00:00Z');
    ds = h.dataSource;
    const o = h.org;
    Object.assign(units, { office: o.units.officeA, justice: o.units.justiceA, finance: o.units.financeA, town: o.units.townA });
    Object.assign(tokens, { office: o.users.officeA.token, justice: o.users.justiceA.token, finance: o.users.financeA.token,
      town: o.users.townA.token });
    // five more units of 甲县, each with its clerk; 生态环境 has leaderA in charge, the others none
    const more: Array<[string, string, string, 'department' | 'township']> = [['market', 'A-SCJ', '甲县市场监督管理局', 'department'],
      ['env', 'A-STJ', '甲县生态环境分局', 'department'], ['enforce', 'A-ZFJ', '甲县综合行政执法局', 'department'],
      ['edu', 'A-JYJ', '甲县教育局', 'department'], ['town2', 'A-XZ2', '甲县河口镇', 'township']];
    for (const [key, code, name, kind] of more) {
      units[key] = (await h.app.get(UnitsService).create(null, { code, name, kind, parentId: o.units.countyA })).id;
      await h.app.get(UsersService).create(null, { username: `clerk-${key}`, displayName: `clerk-${key}`, password: PASSWORD,
        role: 'department', unitId: units[key] });
      tokens[key] = (await h.anonymous.post('/api/auth/login').send({ username: `clerk-${key}`, password: PASSWORD }).expect(200)).body.accessToken;
    }
    await ds.query(`INSERT INTO leader_unit (user_id, unit_id) VALUES ($1, $2)`, [o.users.leaderA.id, units.env]);
    // units without a leader in charge (财政, 市场监管, 执法, 教育, 河口镇): their 督办 goes to leaderA2
    // the year-end 收官 quarters weigh more in the annual 考核
    await api('office').put(`/api/jurisdictions/${o.units.countyA}/cadence-policy`, { defaultLeaderId: o.users.leaderA2.id,
      annualWeights: WEIGHTS }).expect(200);
  }, 60_000);
  afterAll(() => h?.close());

  it('runs 2026 and finds every document the office would expect', async () => {
    const plan: Array<[string, string, string]> = [ // key, lead unit, deadline
      ['T1', 'justice', '2026-03-31'], ['T2', 'finance', '2026-04-30'], ['T3', 'town', '2026-06-30'],
      ['T4', 'market', '2026-05-29'], ['T5', 'env', '2026-09-30'], ['T6', 'enforce', '2026-10-30'],
      ['T7', 'edu', '2026-12-31'], ['T8', 'town2', '2026-06-30'], ['T9', 'justice', '2026-11-30']];
    await at('2026-01-06', '15:00', async () => {
      for (const [key, unit, deadline] of plan) {
        const res = await api('office').post('/api/tasks', { title: `${key} 法治政府建设年度任务`, description: '按年度计划推进。',
          planYear: 2026, leadUnitId: units[unit], deadline }).expect(201);
        tasks[key] = { id: res.body.id, code: res.body.code };
        await step('office', key, 'publish');
      }
      // 定期报送: 教育局 and 综合行政执法局 report every month by the 20th (from February: the cycle is set mid-month)
      await api('office').post('/api/tasks/report-cycle', { ids: [tasks.T7.id, tasks.T6.id], cycle: { kind: 'monthly', day: 20 } })
        .expect(200);
      // the plan's 工作重点: two groups, T9 left under none
      for (const [title, keys] of [['深化行政执法改革', ['T1', 'T2', 'T4', 'T6']], ['夯实基层法治基础', ['T3', 'T5', 'T7', 'T8']]] as const) {
        const group = (await api('office').post('/api/task-groups', { planYear: 2026, title }).expect(201)).body;
        groups[title] = keys.map((k) => tasks[k].id);
        await api('office').post('/api/tasks/group', { ids: groups[title], groupId: group.id }).expect(200);
      }
    });
    // the slips go out on the 7th at 09:00; everyone but 城关镇 signs that afternoon
    await at('2026-01-07', '15:00', async () => {
      for (const [key, unit] of plan) if (unit !== 'town') await step(unit, key, 'acknowledge');
    });
    // 教育局 reports every month around the 15th; the others now and then
    const monthly = ['01-15', '02-12', '03-16', '04-15', '05-14', '06-16', '07-15', '08-13', '09-15', '10-15', '11-16', '12-09'];
    const events: Array<[string, string, () => Promise<unknown>]> = monthly.map((md, i) => [`2026-${md}`, '11:00',
      () => step('edu', 'T7', 'progress', { note: `第${i + 1}次月度报送`, percent: Math.min(95, 8 * (i + 1)) })]);
    events.push(
      ['2026-03-18', '14:00', () => step('justice', 'T1', 'submit', { note: '已完成' })],
      ['2026-03-18', '16:30', () => step('office', 'T1', 'approve')],
      ['2026-03-18', '15:00', () => step('env', 'T5', 'progress', { note: '方案已印发', percent: 40 })],
      // 市场监管 asks to move its deadline; the office sits on it for two months
      ['2026-05-20', '10:30', () => step('market', 'T4', 'extensions', { newDeadline: '2026-09-30', reason: '需等待省级标准出台' })],
      ['2026-06-16', '14:00', () => step('finance', 'T2', 'submit', { note: '已完成，逾期原因已说明' })],
      ['2026-06-16', '16:30', () => step('office', 'T2', 'approve')],
      ['2026-06-23', '14:00', () => step('town2', 'T8', 'submit', { note: '已完成' })],
      ['2026-06-23', '16:30', () => step('office', 'T8', 'approve')],
      ['2026-07-21', '16:00', async () => {
        const t = (await api('office').get(`/api/tasks/${tasks.T4.id}`).expect(200)).body;
        await api('office').post(`/api/tasks/${tasks.T4.id}/extensions/${t.pendingExtension.id}/approve`).expect(200);
      }],
      ['2026-08-11', '14:00', () => step('env', 'T5', 'submit', { note: '提前完成' })],
      ['2026-08-11', '16:30', () => step('office', 'T5', 'approve')],
      ['2026-09-15', '14:30', () => step('market', 'T4', 'submit', { note: '已按新标准完成' })],
      ['2026-09-15', '16:30', () => step('office', 'T4', 'approve')],
      ['2026-10-20', '14:00', () => step('enforce', 'T6', 'submit', { note: '已完成' })],
      ['2026-10-20', '16:30', () => step('office', 'T6', 'approve')],
      // 司法局's second task comes back once before it is closed
      ['2026-11-10', '14:00', () => step('justice', 'T9', 'submit', { note: '已完成' })],
      ['2026-11-11', '10:00', () => step('office', 'T9', 'return', { reason: '缺少佐证材料' })],
      ['2026-11-17', '14:00', () => step('justice', 'T9', 'submit', { note: '已补充佐证材料' })],
      ['2026-11-17', '16:30', () => step('office', 'T9', 'approve')],
      ['2026-12-15', '14:00', () => step('edu', 'T7', 'submit', { note: '全年任务完成' })],
      ['2026-12-15', '16:30', () => step('office', 'T7', 'approve')],
    );
    events.sort((a, b) => `${a[0]} ${a[1]}`.localeCompare(`${b[0]} ${b[1]}`));
    for (const [day, time, act] of events) await at(day, time, act);
    await beatsThrough('2027-01-08'); // the December bulletin and the fourth quarter's review

    const docs: Row[] = await ds.query(`SELECT d.id, d.kind, d.unit_id, d.period, d.number, d.title, d.content, d.body_text,
        (d.issued_at AT TIME ZONE 'Asia/Shanghai')::date::text AS day
      FROM supervision_document d JOIN unit j ON j.id = d.jurisdiction_id WHERE j.code = 'A' ORDER BY d.issued_at, d.number`);
    const byKind = (kind: string) => docs.filter((d) => d.kind === kind);
    const marks: Row[] = await ds.query(`SELECT m.kind, m.task_id, m.ref, (m.created_at AT TIME ZONE 'Asia/Shanghai')::date::text AS day
      FROM supervision_mark m`);
    const taskOf = Object.fromEntries(Object.entries(tasks).map(([k, t]) => [t.id, k]));
    writeSummary(docs, marks, taskOf);

    // --- the beats ran all year: a slip per unit, twelve bulletins, four quarterly reviews per unit
    expect(byKind('assign_slip').map((d) => d.day)).toEqual(Array(8).fill('2026-01-07'));
    expect(byKind('bulletin').map((d) => d.period)).toEqual(['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06',
      '2026-07', '2026-08', '2026-09', '2026-10', '2026-11', '2026-12']);
    expect(new Set(byKind('assessment').map((d) => d.period))).toEqual(new Set(['2026Q1', '2026Q2', '2026Q3', '2026Q4']));

    // --- every bulletin gives the 工作重点's figures, which add up to the county's
    for (const b of byKind('bulletin')) {
      expect(b.content.focus.map((f: Row) => f.title)).toEqual(['深化行政执法改革', '夯实基层法治基础', '未分组']);
      for (const k of ['total', 'due', 'dueCompleted', 'overdue']) {
        expect(b.content.focus.reduce((n: number, f: Row) => n + f[k], 0)).toBe(b.content.totals[k]);
      }
      expect(b.body_text).toContain('深化行政执法改革');
    }
    const june = byKind('bulletin').find((b) => b.period === '2026-06')!;
    // by the end of June: T1 and T2 done, T4 overdue (extension pending) in the first; T3 overdue, T8 done in the second
    expect(june.content.focus[0]).toMatchObject({ total: 4, due: 3, dueCompleted: 2, overdue: 1 });
    expect(june.content.focus[1]).toMatchObject({ total: 4, due: 2, dueCompleted: 1, overdue: 1 });

    // --- no empty reminders: every 工作提醒 lists something to do, and none on the morning of the unit's own slip
    const reminders = byKind('work_reminder');
    expect(reminders.length).toBeGreaterThan(10);
    for (const r of reminders) {
      expect((r.content.items?.length ?? 0) + (r.content.decisions?.length ?? 0)).toBeGreaterThan(0);
      expect(r.body_text).not.toMatch(/需要关注0项|逾期0项/);
    }
    const slipDay = new Map(marks.filter((m) => m.kind === 'assign_slip').map((m) => [m.task_id, m.day]));
    for (const r of reminders) for (const item of r.content.items ?? []) expect(slipDay.get(item.taskId)! < r.day).toBe(true);
    // the monthly reporter is never 久未反馈; 城关镇's unsigned task is flagged as such
    const flagged = (key: string, flag: string) => reminders.filter((r) => (r.content.items ?? [])
      .some((i: Row) => i.taskId === tasks[key].id && i.flags.includes(flag))).map((r) => r.day);
    expect(flagged('T7', 'stale')).toEqual([]);
    expect(flagged('T3', 'unsigned').length).toBeGreaterThan(20);
    expect(flagged('T9', 'returned')).toEqual(['2026-11-16']);
    // 进度滞后 only for a shortfall of a whole progress step (10 points) below 70 % of the straight line
    const behind = reminders.flatMap((r) => (r.content.items ?? []).filter((i: Row) => i.flags.includes('behind'))
      .map((i: Row) => ({ due: 70 * Math.min(1, daysBetween('2026-01-06', r.day) / daysBetween('2026-01-06', i.deadline)), progress: i.progress })));
    expect(behind.length).toBeGreaterThan(20);
    for (const b of behind) expect(b.due - b.progress).toBeGreaterThanOrEqual(10);
    expect(flagged('T6', 'behind')[0] >= '2026-02-09').toBe(true); // 0 % on a task due in October: behind from February

    // --- reporting cycles: the monthly reporter is never chased; the unit that never reports gets one 催报单 a month
    const reportChases = byKind('report_chase');
    expect(reportChases.filter((d) => d.unit_id === units.edu)).toEqual([]);
    expect(flagged('T7', 'report_missed')).toEqual([]);
    const enforceChases = reportChases.filter((d) => d.unit_id === units.enforce).map((d) => d.day.slice(0, 7));
    expect(enforceChases).toEqual(['2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09']);
    for (const b of byKind('bulletin')) {
      const named = (b.content.missedReports ?? []).filter((m: Row) => m.code === tasks.T6.code).length;
      expect([b.period, named]).toEqual([b.period, enforceChases.includes(b.period) ? 1 : 0]);
    }
    expect(flagged('T6', 'report_missed').length).toBeGreaterThan(20);
    // each 催报 costs the unit a point (scoring.reportMissed) in its quarter's 考核, with the task named
    const missedLines = byKind('assessment').filter((d) => d.unit_id === units.enforce).map((d) =>
      [d.period, d.content.lines.filter((l: Row) => l.reason === '定期报送逾期未报').map((l: Row) => `${l.code} ${l.points}`)]);
    expect(Object.fromEntries(missedLines)).toEqual({ '2026Q1': Array(2).fill(`${tasks.T6.code} -1`),
      '2026Q2': Array(3).fill(`${tasks.T6.code} -1`), '2026Q3': Array(3).fill(`${tasks.T6.code} -1`), '2026Q4': [] });
    expect(flagged('T6', 'stale')).toEqual([]); // a task with a cycle is judged by its reports, not by staleDays

    // --- rankings: units equal on what is ranked share the rank (1, 2, 2, 4), and the text says 并列
    const key = (u: Row) => `${u.completionRate ?? 1}|${u.overdue}|${u.onTimeRate ?? 1}`;
    let tiedBulletins = 0;
    for (const b of byKind('bulletin')) {
      const us: Row[] = b.content.units;
      for (const u of us) {
        const better = us.filter((v) => key(v) !== key(u) && rankedAbove(v, u)).length;
        expect(u.rank).toBe(better + 1);
        expect(u.tied).toBe(us.filter((v) => key(v) === key(u)).length > 1);
      }
      if (us.some((u) => u.tied)) {
        tiedBulletins++;
        expect(b.body_text).toContain('并列第');
      }
    }
    expect(tiedBulletins).toBeGreaterThan(6);

    // --- every 督办通知单 reaches a leader by name (the one in charge, else the default leader), the unit and the office
    const supervise = docs.filter((d) => d.kind === 'supervise' || d.kind === 'ack_supervise');
    expect(new Set(supervise.map((d) => d.kind))).toEqual(new Set(['supervise', 'ack_supervise']));
    const leadersOf: Row[] = await ds.query(`SELECT unit_id, array_agg(user_id::text) AS users FROM leader_unit GROUP BY unit_id`);
    const leaderMap = new Map(leadersOf.map((r) => [r.unit_id, r.users as string[]]));
    for (const d of supervise) {
      const to: Row[] = await ds.query(`SELECT recipient_unit_id AS unit, recipient_user_id AS "user" FROM notification WHERE document_id = $1`, [d.id]);
      const expectedLeaders = leaderMap.get(d.unit_id) ?? [h.org.users.leaderA2.id];
      expect(to.filter((n) => n.user).map((n) => n.user).sort()).toEqual([...expectedLeaders].sort());
      expect(to.some((n) => !n.user && n.unit === d.unit_id)).toBe(true);
      expect(to.some((n) => !n.user && n.unit === units.office)).toBe(true);
      expect(d.body_text).not.toContain('分管领导：');
      expect(d.body_text).toMatch(/同志：/);
    }
    // 财政局 has no leader in charge: its 督办 is addressed to the default leader by name
    expect(supervise.find((d) => d.unit_id === units.finance)?.body_text).toContain('leaderA2同志：');

    // --- a pending extension pauses the ladder and reminds the office
    const t4Steps = marks.filter((m) => m.task_id === tasks.T4.id && ['urge', 'supervise', 'name'].includes(m.kind));
    expect(t4Steps.filter((m) => m.day >= '2026-05-20' && m.day <= '2026-07-21')).toEqual([]);
    const officeAsks = reminders.filter((r) => r.unit_id === units.office).flatMap((r) => (r.content.decisions ?? [])
      .filter((x: Row) => x.taskId === tasks.T4.id && x.what === 'extension').map((x: Row) => [r.day, x.waitedDays]));
    expect(officeAsks.length).toBeGreaterThanOrEqual(6); // every week from 25 May to 20 July
    for (const [day, waited] of officeAsks) expect(waited).toBe(daysBetween('2026-05-20', day));
    expect(june.content.overdue.find((o: Row) => o.code === tasks.T4.code)).toMatchObject({ extensionPending: true });
    expect(june.body_text).toContain('已申请延期待审批，暂停催办');
    // …and a task past its deadline without one climbs the whole ladder: 财政局's T2 was named
    expect(marks.some((m) => m.task_id === tasks.T2.id && m.kind === 'name')).toBe(true);

    // --- a task never signed for climbs its own ladder: 签收催办单, 督办 to the leader in charge, named in the bulletin
    const t3 = (kind: string) => marks.filter((m) => m.task_id === tasks.T3.id && m.kind === kind).map((m) => m.day);
    expect(t3('ack_chase')).toHaveLength(1);
    expect(t3('ack_supervise')).toHaveLength(1);
    expect(t3('ack_name')).toHaveLength(1);
    expect(t3('ack_chase')[0] < t3('ack_supervise')[0] && t3('ack_supervise')[0] < t3('ack_name')[0]).toBe(true);
    const townSupervise = supervise.find((d) => d.kind === 'ack_supervise' && d.unit_id === units.town)!;
    expect(townSupervise.body_text).toContain('leaderA2同志：'); // 城关镇's leader in charge
    expect(townSupervise.body_text).toContain('未签收');
    const namedIn = byKind('bulletin').filter((b) => (b.content.unsigned ?? []).some((u: Row) => u.code === tasks.T3.code));
    expect(namedIn).toHaveLength(1);
    expect(namedIn[0].body_text).toContain(`“T3 法治政府建设年度任务”（${tasks.T3.code}`);
    // the office holds 城关镇 to account for it, from the tasks named that year
    await at('2027-01-08', '15:00', async () => {
      const named = (await api('office').get(`/api/accountability/named-tasks?unitId=${units.town}&year=2026`).expect(200)).body;
      expect(JSON.stringify(named)).toContain(tasks.T3.id);
      await api('office').post('/api/accountability', { unitId: units.town, year: 2026, taskId: tasks.T3.id, measure: '约谈',
        reason: '交办任务全年未签收，被点名通报', decidedOn: '2027-01-08' }).expect(201);
    });

    // --- the annual 考核: each unit's four quarters as issued, weighted 0.2/0.2/0.3/0.3, every deduction of the year
    const annual = (await api('office').get('/api/assessments/annual?year=2026').expect(200)).body;
    expect(annual.units).toHaveLength(8);
    const quarterly = byKind('assessment');
    for (const u of annual.units) {
      const issued = ['2026Q1', '2026Q2', '2026Q3', '2026Q4'].map((q) => quarterly.find((d) => d.unit_id === u.unitId && d.period === q));
      expect(u.quarters).toEqual(issued.map((d) => d!.content.score));
      expect(u.score).toBeCloseTo(issued.reduce((n, d, i) => n + WEIGHTS[i] * d!.content.score, 0), 9);
      expect(u.lines).toHaveLength(issued.reduce((n, d) => n + d!.content.lines.length, 0));
    }
    const town = annual.units.find((u: Row) => u.unitId === units.town);
    expect(town.accountability).toEqual([expect.objectContaining({ measure: '约谈', taskId: tasks.T3.id })]);
    expect(town.rank).toBe(annual.units.length); // the unit that never signed is last
    expect(annual.units.filter((u: Row) => u.tied).length).toBeGreaterThan(0);
    // a department sees its own line only
    const own = (await api('town').get('/api/assessments/annual?year=2026').expect(200)).body;
    expect(own.units.map((u: Row) => u.unitId)).toEqual([units.town]);
  }, 600_000);

  /** Whether `a` ranks above `b` by the bulletin's order (completion, fewer overdue, on time; no rate counts as full). */
  function rankedAbove(a: Row, b: Row): boolean {
    const ca = a.completionRate ?? 1;
    const cb = b.completionRate ?? 1;
    if (ca !== cb) return ca > cb;
    if (a.overdue !== b.overdue) return a.overdue < b.overdue;
    return (a.onTimeRate ?? 1) > (b.onTimeRate ?? 1);
  }

  /** The year at a glance for the closing note and for whoever reads the test's output. */
  function writeSummary(docs: Row[], marks: Row[], taskOf: Record<string, string>) {
    const dir = join(__dirname, '..', '..', '..', 'test-output');
    mkdirSync(dir, { recursive: true });
    const count = (xs: Row[], k: string) => xs.reduce((m, x) => ({ ...m, [x[k]]: (m[x[k]] ?? 0) + 1 }), {} as Record<string, number>);
    const reminders = docs.filter((d) => d.kind === 'work_reminder');
    writeFileSync(join(dir, 'year-simulation.json'), JSON.stringify({ cliRuns, documents: count(docs, 'kind'),
      // per unit, how often each flag (or the office's pending decision) was the reason for a 工作提醒 line
      reminders: Object.fromEntries(Object.entries(units).map(([name, id]) => [name, count(reminders.filter((r) => r.unit_id === id)
        .flatMap((r) => [...(r.content.items ?? []).flatMap((i: Row) => i.flags), ...(r.content.decisions ?? []).map((x: Row) => x.what)])
        .map((flag) => ({ flag })), 'flag')])),
      marks: marks.map((m) => `${m.day} ${m.kind} ${taskOf[m.task_id] ?? m.task_id}`).sort(),
      texts: Object.fromEntries(['bulletin', 'supervise', 'ack_supervise', 'assessment', 'work_reminder'].map((k) => [k, docs.filter((d) => d.kind === k).map((d) => d.body_text)])),
    }, null, 2));
  }
});
