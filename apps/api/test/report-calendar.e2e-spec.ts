import { ApiHarness, Org, startApi } from './harness';

/**
 * 报送日历 over a simulated October 2026 (the National Day holiday is 1–7 October): the month's report days of the
 * tasks with a reporting cycle, each received, due, missed or upcoming as the clock moves, and who sees which.
 */
describe('报送日历 GET /api/report-calendar', () => {
  let h: ApiHarness;
  const at = (day: string) => h.clock.set(`${day}T02:00:00Z`); // 10:00 in Beijing
  const ids: Record<string, string> = {};

  const createTask = async (name: string, lead: keyof Org['units'], reportCycle: object | null,
    office: 'officeA' | 'officeB' = 'officeA', unitUser: keyof Org['users'] = 'justiceA') => {
    const res = await h.as(office).post('/api/tasks', { title: `报送日历测试任务${name}`, planYear: 2026,
      leadUnitId: h.org.units[lead], deadline: '2026-12-31', reportCycle }).expect(201);
    await h.as(office).post(`/api/tasks/${res.body.id}/publish`).expect(200);
    await h.as(unitUser).post(`/api/tasks/${res.body.id}/acknowledge`).expect(200);
    ids[name] = res.body.id;
  };
  const report = (name: string, who: keyof Org['users'] = 'justiceA') =>
    h.as(who).post(`/api/tasks/${ids[name]}/progress`, { note: `${name}的定期报送`, percent: 30 }).expect(201);
  const calendar = async (who: keyof Org['users'], month = '2026-10') =>
    (await h.as(who).get(`/api/report-calendar?month=${month}`).expect(200)).body as {
      month: string; today: string; totals: Record<string, number>;
      items: Array<{ taskId: string; code: string; unitName: string; period: string; dueDate: string; state: string; receivedOn: string | null }>;
    };
  const lines = (items: Awaited<ReturnType<typeof calendar>>['items']) => items.map((i) =>
    [Object.keys(ids).find((k) => ids[k] === i.taskId), i.period, i.dueDate, i.state, i.receivedOn]);

  beforeAll(async () => {
    h = await startApi('2026-09-01T02:00:00Z');
    await createTask('按期', 'justiceA', { kind: 'monthly', day: 15 });
    await createTask('漏报', 'justiceA', { kind: 'monthly', day: 12 });
    await createTask('待报', 'justiceA', { kind: 'monthly', day: 23 });
    await createTask('顺延', 'justiceA', { kind: 'monthly', day: 1 }); // 1 October is National Day: due on the 8th
    await createTask('每周', 'financeA', { kind: 'weekly', day: 5 }, 'officeA', 'financeA');
    await createTask('后设', 'justiceA', null);
    await createTask('乙县', 'justiceB', { kind: 'monthly', day: 20 }, 'officeB', 'justiceB');
  });
  afterAll(() => h?.close());

  it('follows each report through the month as the clock moves: upcoming, due, received on time, missed, moved by the holiday', async () => {
    at('2026-09-25');
    const before = await calendar('officeA');
    expect(before).toMatchObject({ month: '2026-10', today: '2026-09-25',
      totals: { total: 9, upcoming: 9, due: 0, received: 0, missed: 0 } });
    expect(lines(before.items)).toEqual([
      ['每周', '2026-W40', '2026-10-08', 'upcoming', null], // Friday 2 October is a holiday: the report day moves on
      ['顺延', '2026-10', '2026-10-08', 'upcoming', null],
      ['每周', '2026-W41', '2026-10-09', 'upcoming', null],
      ['漏报', '2026-10', '2026-10-12', 'upcoming', null],
      ['按期', '2026-10', '2026-10-15', 'upcoming', null],
      ['每周', '2026-W42', '2026-10-16', 'upcoming', null],
      ['每周', '2026-W43', '2026-10-23', 'upcoming', null],
      ['待报', '2026-10', '2026-10-23', 'upcoming', null],
      ['每周', '2026-W44', '2026-10-30', 'upcoming', null],
    ]);

    at('2026-09-30');
    await report('待报'); // September's: not October's report
    at('2026-10-05');
    await h.as('officeA').patch(`/api/tasks/${ids['后设']}`, { reportCycle: { kind: 'monthly', day: 25 } }).expect(200);
    at('2026-10-08');
    await report('顺延'); // on the moved report day itself
    at('2026-10-09');
    await report('每周', 'financeA'); // W41's, a day too late for W40's (due the 8th)

    at('2026-10-12');
    const dueDay = await calendar('officeA');
    expect(lines(dueDay.items).find(([name]) => name === '漏报')).toEqual(['漏报', '2026-10', '2026-10-12', 'due', null]);

    at('2026-10-13');
    await report('按期');
    at('2026-10-14');
    await report('漏报'); // two days late: the period stays unreported

    at('2026-10-20');
    const now = await calendar('officeA');
    expect(now.today).toBe('2026-10-20');
    expect(lines(now.items)).toEqual([
      ['每周', '2026-W40', '2026-10-08', 'missed', null],
      ['顺延', '2026-10', '2026-10-08', 'received', '2026-10-08'],
      ['每周', '2026-W41', '2026-10-09', 'received', '2026-10-09'],
      ['漏报', '2026-10', '2026-10-12', 'missed', null],
      ['按期', '2026-10', '2026-10-15', 'received', '2026-10-13'],
      ['每周', '2026-W42', '2026-10-16', 'missed', null],
      ['每周', '2026-W43', '2026-10-23', 'due', null],
      ['待报', '2026-10', '2026-10-23', 'due', null],
      ['每周', '2026-W44', '2026-10-30', 'upcoming', null],
    ]);
    expect(now.totals).toEqual({ total: 9, received: 3, missed: 3, due: 2, upcoming: 1 });
    expect(now.items[1]).toMatchObject({ unitName: '甲县司法局', code: expect.any(String) });

    // a cycle set on 5 October asks for no October report (the month had begun), only from November on
    const november = await calendar('officeA', '2026-11');
    expect(lines(november.items).filter(([name]) => name === '后设')).toEqual([['后设', '2026-11', '2026-11-25', 'upcoming', null]]);
  });

  it('shows a department its own tasks only, a leader the units in charge, another county nothing of them', async () => {
    at('2026-10-20');
    const justice = await calendar('justiceA');
    expect(new Set(lines(justice.items).map(([name]) => name))).toEqual(new Set(['按期', '漏报', '待报', '顺延']));
    expect(justice.totals).toEqual({ total: 4, received: 2, missed: 1, due: 1, upcoming: 0 });
    const finance = await calendar('financeA');
    expect(finance.items.every((i) => i.taskId === ids['每周'])).toBe(true);
    expect(finance.totals.total).toBe(5);
    expect((await calendar('townA')).totals.total).toBe(0);

    expect(new Set(lines((await calendar('leaderA')).items).map(([name]) => name))).toEqual(new Set(['按期', '漏报', '待报', '顺延']));
    expect((await calendar('leaderA2')).items).toEqual([]);

    const countyB = await calendar('officeB');
    expect(lines(countyB.items)).toEqual([['乙县', '2026-10', '2026-10-20', 'due', null]]);
    expect((await calendar('justiceB')).totals).toEqual({ total: 1, received: 0, missed: 0, due: 1, upcoming: 0 });
    expect((await calendar('admin')).totals.total).toBe(10);
  });

  it('takes this month when none is asked, and refuses a malformed or far-off month naming 月份', async () => {
    at('2026-10-20');
    expect((await h.as('officeA').get('/api/report-calendar').expect(200)).body.month).toBe('2026-10');
    for (const month of ['2026-13', '202610', 'abc']) {
      const bad = await h.as('officeA').get(`/api/report-calendar?month=${month}`).expect(400);
      expect(bad.body.code).toBe('VALIDATION_FAILED');
      expect(bad.body.message).toContain('月份');
    }
    const far = await h.as('officeA').get('/api/report-calendar?month=2030-01').expect(400);
    expect(far.body).toMatchObject({ code: 'REPORT_CALENDAR_MONTH_OUT_OF_RANGE' });
    expect(far.body.message).toContain('月份');
    await h.as('officeA').get('/api/report-calendar?month=2027-10').expect(200); // a year ahead is within reach
    await h.anonymous.get('/api/report-calendar?month=2026-10').expect(401);
  });
});
