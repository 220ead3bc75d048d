import { getQueueToken } from '@nestjs/bullmq';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Queue } from 'bullmq';
import { AppConfig, ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { CadenceModule, ClockModule, DEFAULT_POLICY, FixedClock, NOTICE_EVENTS, RunBeatUseCase, WorkingCalendarService } from '@app/domain';
import { bullRoot, QueueName } from '@app/queues';
import { TEST_REDIS_URL, uniqueName } from '@app/testing';
import { ApiHarness, startApi } from './harness';

/**
 * The settings behind 管理 → 督办节奏 and 工作日: who may read and change a jurisdiction's cadence policy and its
 * working-day overrides, how bad input is refused with nothing stored, and that the beats follow what is saved.
 */
describe('cadence and working-day settings', () => {
  let h: ApiHarness;
  let a: string;
  let b: string;
  let cadence: INestApplicationContext;

  beforeAll(async () => {
    h = await startApi('2026-03-02T02:00:00Z');
    a = h.org.units.countyA;
    b = h.org.units.countyB;
    // what the worker runs the beats with, on the same database
    const config = AppConfig.fromEnv({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: h.db.url, REDIS_URL: TEST_REDIS_URL,
      QUEUE_PREFIX: uniqueName('cs') });
    cadence = await NestFactory.createApplicationContext({
      module: class CadenceSettingsTestModule {},
      imports: [ConfigModule.forRoot(config), DatabaseModule, ClockModule.forRoot(new FixedClock(new Date('2026-03-02T02:00:00Z'))),
        bullRoot(config, 'worker'),
        CadenceModule],
    }, { logger: false });
  });
  afterAll(async () => {
    await cadence?.get<Queue>(getQueueToken(QueueName.Notifications)).obliterate({ force: true });
    await cadence?.close();
    await h?.close();
  });

  const policyUrl = (id: string) => `/api/jurisdictions/${id}/cadence-policy`;
  const daysUrl = (id: string, rest = '?year=2026') => `/api/jurisdictions/${id}/working-days${rest}`;
  const stored = async () => h.dataSource.query(`SELECT jurisdiction_id, policy FROM cadence_policy ORDER BY jurisdiction_id`);
  const overrides = async () => h.dataSource.query(`SELECT jurisdiction_id, day, is_working, note FROM working_day_override
    ORDER BY jurisdiction_id, day`);
  const runBeat = (jurisdictionId: string, at: string) =>
    cadence.get(RunBeatUseCase).execute({ beat: 'daily-assign', at: new Date(at), jurisdictionId });

  it('is described in the OpenAPI document, in Chinese', async () => {
    const { paths } = (await h.anonymous.get('/api/docs-json').expect(200)).body;
    expect(paths['/api/jurisdictions/{id}/cadence-policy'].put.summary).toMatch(/^保存督办节奏与升级设置/);
    expect(paths['/api/jurisdictions/{id}/working-days'].get.summary).toMatch(/法定节假日/);
    expect(paths['/api/jurisdictions/{id}/working-days/{date}'].delete.summary).toMatch(/^删除本地工作日调整/);
  });

  describe('who may do what', () => {
    const every = (id: string) => [
      (c: ReturnType<ApiHarness['as']>) => c.get(policyUrl(id)),
      (c: ReturnType<ApiHarness['as']>) => c.put(policyUrl(id), { staleDays: 10 }),
      (c: ReturnType<ApiHarness['as']>) => c.get(daysUrl(id)),
      (c: ReturnType<ApiHarness['as']>) => c.put(daysUrl(id, '/2026-10-08'), { isWorking: false }),
      (c: ReturnType<ApiHarness['as']>) => c.delete(daysUrl(id, '/2026-10-08')),
    ];

    it('refuses departments and leaders (403), even for their own county, and changes nothing', async () => {
      for (const user of ['justiceA', 'townA', 'leaderA'] as const) {
        for (const call of every(a)) {
          const res = await call(h.as(user)).expect(403);
          expect(res.body).toMatchObject({ code: 'CADENCE_SETTINGS_FORBIDDEN', message: '只有法治办和系统管理员可以管理督办节奏和工作日设置' });
        }
      }
      expect(await stored()).toEqual([]);
      expect(await overrides()).toEqual([]);
    });

    it("answers 404 to an office asking about another county, a unit that is not a county, or an unknown id", async () => {
      for (const call of every(b)) {
        const res = await call(h.as('officeA')).expect(404);
        expect(res.body).toMatchObject({ code: 'JURISDICTION_NOT_FOUND', message: '行政区域不存在或不在您的管辖范围内' });
      }
      await h.as('officeA').get(policyUrl(h.org.units.officeA)).expect(404);
      await h.as('admin').get(policyUrl(h.org.units.justiceA)).expect(404);
      await h.as('admin').get(policyUrl('00000000-0000-4000-8000-000000000000')).expect(404);
      await h.as('admin').get(policyUrl('not-a-uuid')).expect(400);
      expect(await stored()).toEqual([]);
      expect(await overrides()).toEqual([]);
    });

    it('lets an office read and change its own county, and the admin any county', async () => {
      const own = await h.as('officeA').get(policyUrl(a)).expect(200);
      // issuerDefaults and leaders are new: what the documents carry when nothing is set, and the default leader's choices
      expect(own.body).toEqual({ jurisdictionId: a, jurisdictionName: '甲县人民政府', effective: DEFAULT_POLICY, own: {},
        defaults: DEFAULT_POLICY, updatedAt: null, noticeEvents: expect.any(Array), issuerDefaults: expect.any(Object),
        leaders: expect.any(Array) });
      // the workflow events whose channels the policy sets, each with its word and who hears of it
      expect(own.body.noticeEvents.map((e: { event: string }) => e.event)).toEqual([...NOTICE_EVENTS]);
      expect(own.body.noticeEvents[0]).toEqual({ event: 'publish', label: '交办', to: '牵头单位、配合单位、分管领导' });
      const other = await h.as('admin').put(policyUrl(b), { times: { escalate: '08:30' } }).expect(200);
      expect(other.body).toMatchObject({ jurisdictionId: b, jurisdictionName: '乙县人民政府', own: { times: { escalate: '08:30' } } });
      await h.as('officeB').get(policyUrl(b)).expect(200);
      await h.as('admin').put(daysUrl(a, '/2026-10-08'), { isWorking: false }).expect(200);
      await h.as('officeA').delete(daysUrl(a, '/2026-10-08')).expect(204);
      await h.as('admin').put(policyUrl(b), {}).expect(200);
    });
  });

  describe('the cadence policy', () => {
    it('stores the overrides as given and merges them over the defaults', async () => {
      const body = { times: { escalate: '08:30', 'daily-assign': '11:00' }, staleDays: 10, behindRatio: 0.5,
        ladder: [{ kind: 'urge', offset: 2, to: ['unit'], channels: ['inbox'] },
          { kind: 'supervise', offset: 6, to: ['leaders', 'office'], channels: ['inbox', 'email'] }],
        scoring: { overdue: 4, earlyDays: 10 } };
      const res = await h.as('officeA').put(policyUrl(a), body).expect(200);
      expect(res.body.own).toEqual(body);
      expect(res.body.effective).toEqual({ ...DEFAULT_POLICY, staleDays: 10, behindRatio: 0.5, ladder: body.ladder,
        times: { ...DEFAULT_POLICY.times, escalate: '08:30', 'daily-assign': '11:00' },
        scoring: { ...DEFAULT_POLICY.scoring, overdue: 4, earlyDays: 10 } });
      expect(res.body.defaults).toEqual(DEFAULT_POLICY);
      expect(Date.parse(res.body.updatedAt)).not.toBeNaN();
      expect((await h.as('admin').get(policyUrl(a)).expect(200)).body).toEqual(res.body);
    });

    it('is what the next beat run uses: daily-assign waits for the saved 11:00', async () => {
      const early = await runBeat(a, '2026-03-03T10:00:00+08:00');
      expect(early.jurisdictions[0]).toMatchObject({ skipped: true, reason: '未到 11:00（北京时间）' });
      const neighbour = await runBeat(b, '2026-03-03T10:00:00+08:00');
      expect(neighbour.jurisdictions[0]).toMatchObject({ skipped: false, period: '2026-03-03' });
    });

    // a ladder step, with what a case changes
    const step = (over: object = {}) => ({ kind: 'urge', offset: 1, to: ['unit'], channels: ['inbox'], ...over });
    it.each([
      ['times.escalate 应为 HH:mm 格式的时间', { times: { escalate: '8:30' } }],
      ['times.escalate 应为 HH:mm 格式的时间', { times: { escalate: '24:00' } }],
      ['times.escalate 应为 HH:mm 格式的时间', { times: { escalate: 900 } }],
      ['times.lunch 不是督办节拍的名称', { times: { lunch: '12:00' } }],
      ['times 应为对象', { times: '09:00' }],
      ['chaseAfterWorkingDays 应为 1–30 之间的整数', { chaseAfterWorkingDays: 0 }],
      ['chaseAfterWorkingDays 应为 1–30 之间的整数', { chaseAfterWorkingDays: 2.5 }],
      ['dueSoonWorkingDays 应为 1–30 之间的整数', { dueSoonWorkingDays: '3' }],
      ['dueSoonWorkingDays 应为 1–30 之间的整数', { dueSoonWorkingDays: 31 }],
      ['staleDays 应为 1–90 之间的整数', { staleDays: 91 }],
      ['staleDays 应为 1–90 之间的整数', { staleDays: null }],
      ['behindRatio 应为 0.1–1 之间的数', { behindRatio: 0.05 }],
      ['behindRatio 应为 0.1–1 之间的数', { behindRatio: 1.5 }],
      ['ladder 应为 1–8 个升级步骤', { ladder: [] }],
      ['ladder 应为 1–8 个升级步骤', { ladder: Array.from({ length: 9 }, (_, i) => step({ offset: i })) }],
      ['ladder[0].kind 应为 due_soon、urge、supervise、name 之一', { ladder: [step({ kind: 'shout' })] }],
      ['ladder[0].offset 应为 -30–60 之间的整数', { ladder: [step({ offset: 61 })] }],
      ['ladder[0].offset 应为 -30–60 之间的整数', { ladder: [step({ offset: -31 })] }],
      ['ladder[0].offset 应为 -30–60 之间的整数', { ladder: [step({ offset: 1.5 })] }],
      ['ladder[1].offset 应大于前一步骤的 offset（按时间先后排列）',
        { ladder: [step({ offset: 5 }), step({ kind: 'supervise', offset: 5 })] }],
      ['ladder[1].kind 与前面的步骤重复', { ladder: [step(), step({ offset: 3 })] }],
      ['ladder[0].to[0] 应为 unit、leaders、office、all 之一', { ladder: [step({ to: ['mayor'] })] }],
      ['ladder[0].to 不能有重复项', { ladder: [step({ to: ['unit', 'unit'] })] }],
      ['ladder[0].channels[0] 应为 inbox、email、webhook 之一', { ladder: [step({ channels: ['sms'] })] }],
      ['ladder[0].channels 应为数组', { ladder: [{ kind: 'urge', offset: 1, to: ['unit'] }] }],
      ['ladder[0].delay 是不允许的字段', { ladder: [step({ delay: 2 })] }],
      ['scoring.base 应为 0–1000 之间的数', { scoring: { base: 1001 } }],
      ['scoring.overdue 应为 0–1000 之间的数', { scoring: { overdue: -1 } }],
      ['scoring.earlyDays 应为 0–90 之间的整数', { scoring: { earlyDays: 91 } }],
      ['scoring.bonus 是不允许的字段', { scoring: { bonus: 1 } }],
      ['unsignedLadder.supervise 应大于签收催办的工作日数 chaseAfterWorkingDays（3）', { unsignedLadder: { supervise: 3 } }],
      ['unsignedLadder.supervise 应大于签收催办的工作日数 chaseAfterWorkingDays（7）', { chaseAfterWorkingDays: 7, unsignedLadder: {} }],
      ['unsignedLadder.name 应大于 unsignedLadder.supervise（6）', { unsignedLadder: { name: 6 } }],
      ['unsignedLadder.name 应为 3–60 之间的整数', { unsignedLadder: { supervise: 6, name: 61 } }],
      ['unsignedLadder.chase 是不允许的字段', { unsignedLadder: { chase: 3 } }],
      ['unsignedLadder 应为对象', { unsignedLadder: [6, 10] }],
      ['holidays 是不允许的字段', { holidays: [] }],
      ['policy 应为对象', []],
    ])('refuses with CADENCE_POLICY_INVALID, storing nothing: %s', async (message, body) => {
      const before = await stored();
      const res = await h.as('officeA').put(policyUrl(a), body as object).expect(400);
      expect(res.body.code).toBe('CADENCE_POLICY_INVALID');
      expect(res.body.message).toContain(`督办节奏设置有误：${message}`);
      expect(res.body.details.fields[0]).toEqual({ field: message.split(' ')[0], message: expect.stringContaining(message) });
      expect(await stored()).toEqual(before);
    });

    it('keeps the unsigned ladder\'s defaults for a policy stored before it, and merges one step given alone', async () => {
      const prior = (await h.as('officeA').get(policyUrl(a)).expect(200)).body.own;
      // a policy as stored before the unsigned ladder existed: no key, the defaults
      const old = await h.as('officeA').put(policyUrl(a), { chaseAfterWorkingDays: 2 }).expect(200);
      expect(old.body.effective).toMatchObject({ chaseAfterWorkingDays: 2, unsignedLadder: { supervise: 6, name: 10 } });
      const res = await h.as('officeA').put(policyUrl(a), { unsignedLadder: { name: 15 } }).expect(200);
      expect(res.body.own).toEqual({ unsignedLadder: { name: 15 } });
      expect(res.body.effective.unsignedLadder).toEqual({ supervise: 6, name: 15 });
      expect(res.body.defaults.unsignedLadder).toEqual({ supervise: 6, name: 10 });
      await h.as('officeA').put(policyUrl(a), prior).expect(200);
    });

    it('lists every bad field at once, and keeps the good ones of that request out as well', async () => {
      const before = await stored();
      const res = await h.as('admin').put(policyUrl(a), { staleDays: 20, times: { escalate: '25:00' }, behindRatio: 2 }).expect(400);
      expect(res.body.details.fields.map((f: { field: string }) => f.field)).toEqual(['times.escalate', 'behindRatio']);
      expect(await stored()).toEqual(before);
    });

    it('sets the issuer once: its full name and 机关代字, with defaults from the office and the county when unset', async () => {
      const none = await h.as('officeA').get(policyUrl(a)).expect(200);
      const [office] = await h.dataSource.query(`SELECT name FROM unit WHERE id = $1`, [h.org.units.officeA]);
      expect(none.body.issuerDefaults).toEqual({ name: office.name, code: '甲法治办' });
      expect(none.body.leaders.map((l: { id: string }) => l.id).sort())
        .toEqual([h.org.users.leaderA.id, h.org.users.leaderA2.id].sort());
      const body = { issuerName: '甲县全面依法治县委员会办公室', issuerCode: '甲法治委办', defaultLeaderId: h.org.users.leaderA2.id };
      const res = await h.as('officeA').put(policyUrl(a), body).expect(200);
      expect(res.body.own).toEqual(body);
      expect(res.body.effective).toMatchObject(body);
    });

    it.each([
      ['issuerName', '发文机关全称', { issuerName: 'Office of A' }],
      ['issuerName', '发文机关全称', { issuerName: '甲' }],
      ['issuerName', '发文机关全称', { issuerName: '甲'.repeat(41) }],
      ['issuerCode', '机关代字', { issuerCode: '甲法治办1' }],
      ['issuerCode', '机关代字', { issuerCode: '甲法治办〔' }],
      ['issuerCode', '机关代字', { issuerCode: 7 }],
      ['defaultLeaderId', '默认督办领导', { defaultLeaderId: 'leaderA' }],
    ])('refuses a bad %s, naming it as %s', async (field, word, body) => {
      const before = await stored();
      const res = await h.as('officeA').put(policyUrl(a), body).expect(400);
      expect(res.body).toMatchObject({ code: 'CADENCE_POLICY_INVALID', message: expect.stringContaining(`督办节奏设置有误：${word}应为`) });
      expect(res.body.details.fields[0].field).toBe(field);
      expect(await stored()).toEqual(before);
    });

    it('takes as default leader only an active leader of the county', async () => {
      const before = await stored();
      for (const id of [h.org.users.justiceA.id, h.org.users.officeB.id, '00000000-0000-4000-8000-000000000000']) {
        const res = await h.as('officeA').put(policyUrl(a), { defaultLeaderId: id }).expect(400);
        expect(res.body).toMatchObject({ code: 'CADENCE_POLICY_INVALID', message: '督办节奏设置有误：默认督办领导应为本辖区在职的领导账号' });
      }
      expect(await stored()).toEqual(before);
    });

    it('goes back to the defaults with {}', async () => {
      const res = await h.as('officeA').put(policyUrl(a), {}).expect(200);
      expect(res.body).toMatchObject({ own: {}, effective: DEFAULT_POLICY, defaults: DEFAULT_POLICY });
      expect(res.body.updatedAt).toEqual(expect.any(String));
      expect((await runBeat(a, '2026-03-04T10:00:00+08:00')).jurisdictions[0]).toMatchObject({ skipped: false });
    });
  });

  describe('working days', () => {
    it('lists 2026 as chinese-days has it: weekday holidays and make-up weekends, sorted', async () => {
      const res = await h.as('officeA').get(daysUrl(a)).expect(200);
      expect(res.body).toMatchObject({ year: 2026, covered: true });
      const autumn = res.body.days.filter((d: { date: string }) => d.date >= '2026-09-01' && d.date <= '2026-10-31');
      const day = (date: string, isWorking: boolean, source: string, name: string) => ({ date, isWorking, source, name, note: null });
      expect(autumn).toEqual([
        day('2026-09-20', true, 'makeup', '国庆节'), // a Sunday worked for National Day
        day('2026-09-25', false, 'holiday', '中秋'),
        day('2026-10-01', false, 'holiday', '国庆节'),
        day('2026-10-02', false, 'holiday', '国庆节'), // 10-03 and 10-04 are a weekend anyway: not listed
        day('2026-10-05', false, 'holiday', '国庆节'),
        day('2026-10-06', false, 'holiday', '国庆节'),
        day('2026-10-07', false, 'holiday', '国庆节'),
        day('2026-10-10', true, 'makeup', '国庆节'), // a Saturday
      ]);
      const dates = res.body.days.map((d: { date: string }) => d.date);
      expect(dates).toEqual([...dates].sort());
      expect(dates).toEqual(expect.arrayContaining(['2026-01-02', '2026-01-04', '2026-02-16', '2026-02-28']));
    });

    it('says when chinese-days does not have a year, and refuses years outside 2000–2100', async () => {
      expect((await h.as('officeA').get(daysUrl(a, '?year=2027')).expect(200)).body).toEqual({ year: 2027, covered: false, source: null, days: [] });
      for (const q of ['?year=1999', '?year=2101', '?year=abc', '?year=2026.5']) {
        expect((await h.as('officeA').get(daysUrl(a, q)).expect(400)).body.code).toBe('VALIDATION_FAILED');
      }
    });

    it('makes National Day a working day for county A only, and the daily beat runs there that day', async () => {
      const res = await h.as('officeA').put(daysUrl(a, '/2026-10-01'), { isWorking: true, note: '县里集中办公' }).expect(200);
      expect(res.body).toEqual({ date: '2026-10-01', isWorking: true, note: '县里集中办公' });
      await h.as('officeA').put(daysUrl(a, '/2026-10-09'), { isWorking: false }).expect(200);
      await h.as('officeA').put(daysUrl(a, '/2027-05-06'), { isWorking: false, note: '  ' }).expect(200);

      const listed = (await h.as('officeA').get(daysUrl(a)).expect(200)).body.days;
      expect(listed.filter((d: { date: string }) => d.date >= '2026-10-01' && d.date <= '2026-10-09')).toEqual([
        { date: '2026-10-01', isWorking: true, source: 'override', name: '国庆节', note: '县里集中办公' },
        { date: '2026-10-02', isWorking: false, source: 'holiday', name: '国庆节', note: null },
        { date: '2026-10-05', isWorking: false, source: 'holiday', name: '国庆节', note: null },
        { date: '2026-10-06', isWorking: false, source: 'holiday', name: '国庆节', note: null },
        { date: '2026-10-07', isWorking: false, source: 'holiday', name: '国庆节', note: null },
        { date: '2026-10-09', isWorking: false, source: 'override', name: null, note: null },
      ]);
      expect((await h.as('officeA').get(daysUrl(a, '?year=2027')).expect(200)).body.days).toEqual([
        { date: '2027-05-06', isWorking: false, source: 'override', name: null, note: null }]);
      // county B keeps the national calendar
      expect((await h.as('officeB').get(daysUrl(b)).expect(200)).body.days
        .find((d: { date: string }) => d.date === '2026-10-01')).toMatchObject({ source: 'holiday', isWorking: false });

      // the beats read the overrides on every run: no restart, no cache
      const calA = (await cadence.get(WorkingCalendarService).forJurisdictions([a])).get(a)!;
      expect([calA.isWorkingDay('2026-10-01'), calA.isWorkingDay('2026-10-09')]).toEqual([true, false]);
      expect((await runBeat(a, '2026-10-01T10:00:00+08:00')).jurisdictions[0]).toMatchObject({ skipped: false, period: '2026-10-01' });
      expect((await runBeat(b, '2026-10-01T10:00:00+08:00')).jurisdictions[0])
        .toMatchObject({ skipped: true, reason: '2026-10-01 非工作日' });
      expect((await runBeat(a, '2026-10-09T10:00:00+08:00')).jurisdictions[0])
        .toMatchObject({ skipped: true, reason: '2026-10-09 非工作日' });
      expect((await runBeat(b, '2026-10-09T10:00:00+08:00')).jurisdictions[0]).toMatchObject({ skipped: false });
    });

    it('changes an override in place and deletes it (204), then 404 for one that is not there', async () => {
      const res = await h.as('admin').put(daysUrl(a, '/2026-10-09'), { isWorking: true, note: '补班' }).expect(200);
      expect(res.body).toEqual({ date: '2026-10-09', isWorking: true, note: '补班' });
      expect((await overrides()).filter((o: { day: string }) => o.day === '2026-10-09')).toEqual([
        { jurisdiction_id: a, day: '2026-10-09', is_working: true, note: '补班' }]);
      await h.as('officeA').delete(daysUrl(a, '/2026-10-09')).expect(204);
      await h.as('officeA').delete(daysUrl(a, '/2026-10-01')).expect(204);
      const gone = await h.as('officeA').delete(daysUrl(a, '/2026-10-01')).expect(404);
      expect(gone.body).toMatchObject({ code: 'WORKING_DAY_OVERRIDE_NOT_FOUND', message: '2026-10-01 没有本地工作日调整' });
      expect((await cadence.get(WorkingCalendarService).forJurisdictions([a])).get(a)!.isWorkingDay('2026-10-01')).toBe(false);
      expect(await overrides()).toEqual([{ jurisdiction_id: a, day: '2027-05-06', is_working: false, note: null }]);
    });

    it('refuses bad dates and bodies with 400, storing nothing', async () => {
      const before = await overrides();
      for (const date of ['2026-02-30', '20261001', '2026-1-5', '1999-12-31', 'today']) {
        const res = await h.as('officeA').put(daysUrl(a, `/${date}`), { isWorking: false }).expect(400);
        expect(res.body).toMatchObject({ code: 'WORKING_DAY_INVALID_DATE', message: expect.stringContaining('YYYY-MM-DD') });
        await h.as('officeA').delete(daysUrl(a, `/${date}`)).expect(400);
      }
      for (const body of [{}, { isWorking: 'yes' }, { isWorking: true, note: '长'.repeat(101) }, { isWorking: true, extra: 1 }]) {
        expect((await h.as('officeA').put(daysUrl(a, '/2026-10-12'), body).expect(400)).body.code).toBe('VALIDATION_FAILED');
      }
      await h.as('officeA').put(daysUrl(a, '/2026-10-12'), { isWorking: false, note: '长'.repeat(100) }).expect(200);
      await h.as('officeA').delete(daysUrl(a, '/2026-10-12')).expect(204);
      expect(await overrides()).toEqual(before);
    });
  });
});
