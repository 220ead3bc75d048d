import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiHarness, startApi } from './harness';

const notice = (year: number) =>
  readFileSync(join(__dirname, '..', '..', '..', 'libs', 'domain', 'src', 'calendar', 'fixtures', `notice-${year}.txt`), 'utf8');

/**
 * 管理 → 全国节假日: in December 2026 the holiday data ends with 2026. The admin pastes the State Council's 2027
 * notice, reviews what duban read, applies it; /health stops warning about 2027 and the working-day calendar knows
 * 春节 2027. An entered year that chinese-days also has is compared with it, not overwritten.
 */
describe('the national holiday calendar entered from the State Council notice', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApi('2026-12-06T02:00:00Z');
  });
  afterAll(() => h?.close());

  const calendarHealth = async () => (await h.anonymous.get('/health').expect(200)).body.details.calendar;

  it('lets an office look but only the admin enter or withdraw; departments not at all', async () => {
    await h.as('officeA').get('/api/national-calendar').expect(200);
    const office = await h.as('officeA').post('/api/national-calendar/preview', { text: notice(2027) }).expect(403);
    expect(office.body).toMatchObject({ statusCode: 403, code: 'NATIONAL_CALENDAR_FORBIDDEN', message: expect.stringMatching(/系统管理员/) });
    await h.as('officeA').put('/api/national-calendar/years/2027', { text: notice(2027) }).expect(403);
    await h.as('officeA').delete('/api/national-calendar/years/2027').expect(403);
    await h.as('justiceA').get('/api/national-calendar').expect(403);
  });

  it('refuses an empty or oversized paste, naming the field in Chinese', async () => {
    const empty = await h.as('admin').post('/api/national-calendar/preview', { text: '  ' }).expect(400);
    expect(empty.body).toMatchObject({ code: 'NATIONAL_CALENDAR_NOTICE_EMPTY', message: expect.stringMatching(/^通知正文不能为空/) });
    const big = await h.as('admin').post('/api/national-calendar/preview', { text: '放假'.repeat(35_000) }).expect(400);
    expect(big.body).toMatchObject({ code: 'NATIONAL_CALENDAR_NOTICE_TOO_LONG', message: expect.stringMatching(/^通知正文过长.*200 KB/) });
    const nothing = await h.as('admin').put('/api/national-calendar/years/2027', { text: '各位同事：下周一正常上班。' }).expect(400);
    expect(nothing.body.code).toBe('NATIONAL_CALENDAR_NOTICE_UNREADABLE');
  });

  it('parses, shows for review, applies; /health stops warning about 2027 and says where it came from', async () => {
    const before = await calendarHealth();
    expect(before).toMatchObject({ uncoveredYears: [2027], warning: expect.stringMatching(/未覆盖 2027 年/) });
    expect(before.years).toEqual([{ year: 2025, source: 'chinese-days' }, { year: 2026, source: 'chinese-days' },
      { year: 2027, source: null }]);

    const review = (await h.as('admin').post('/api/national-calendar/preview', { text: notice(2027), year: 2027 }).expect(200)).body;
    expect(review).toMatchObject({ year: 2027, title: '国务院办公厅关于2027年部分节假日安排的通知', warnings: [], differences: [],
      current: { year: 2027, source: null } });
    expect(review.items.map((i: { name: string }) => i.name)).toEqual(['元旦', '春节', '清明节', '劳动节', '端午节', '中秋节', '国庆节']);
    expect(review.items[1]).toMatchObject({ holidays: [{ from: '2027-02-05', to: '2027-02-13', days: 9, statedDays: 9 }],
      makeupDays: ['2027-02-14', '2027-02-20'] });
    // nothing stored by a preview
    expect((await calendarHealth()).uncoveredYears).toEqual([2027]);

    const mismatch = await h.as('admin').put('/api/national-calendar/years/2028', { text: notice(2027) }).expect(400);
    expect(mismatch.body).toMatchObject({ code: 'NATIONAL_CALENDAR_YEAR_MISMATCH', message: '年份不一致：要应用的是 2028 年，通知正文安排的是 2027 年' });

    const applied = (await h.as('admin').put('/api/national-calendar/years/2027', { text: notice(2027) }).expect(200)).body;
    expect(applied).toMatchObject({ year: 2027, source: 'notice', appliedAt: '2026-12-06T02:00:00.000Z', appliedByName: 'admin',
      differences: [] });

    const after = await calendarHealth();
    expect(after).toEqual({ status: 'up', uncoveredYears: [], years: [{ year: 2025, source: 'chinese-days' },
      { year: 2026, source: 'chinese-days' }, { year: 2027, source: 'notice', appliedAt: '2026-12-06T02:00:00.000Z', appliedBy: 'admin' }] });

    // the office sees it read-only, and the jurisdiction's 工作日 tab lists 春节 2027 from the notice
    const overview = (await h.as('officeA').get('/api/national-calendar').expect(200)).body;
    expect(overview.years.find((y: { year: number }) => y.year === 2027)).toMatchObject({ source: 'notice', appliedByName: 'admin' });
    const days = (await h.as('officeA').get(`/api/jurisdictions/${h.org.units.countyA}/working-days?year=2027`).expect(200)).body;
    expect(days).toMatchObject({ year: 2027, covered: true, source: 'notice' });
    expect(days.days).toContainEqual({ date: '2027-02-08', isWorking: false, source: 'holiday', name: '春节', note: null });
    expect(days.days).toContainEqual({ date: '2027-02-14', isWorking: true, source: 'makeup', name: '春节', note: null });
    const entered = (await h.as('officeA').get('/api/national-calendar/years/2027').expect(200)).body;
    expect(entered.days).toHaveLength(35); // 29 days off, 6 make-up days
    expect(entered.noticeText).toBe(notice(2027));
  });

  it('applies a notice with warnings only once the admin confirms them', async () => {
    const text = notice(2027).replace('2月14日（周日）', '2月14日（周一）');
    const refused = await h.as('admin').put('/api/national-calendar/years/2027', { text }).expect(409);
    expect(refused.body).toMatchObject({ code: 'NATIONAL_CALENDAR_WARNINGS_UNCONFIRMED',
      details: { warnings: ['“春节”中的 2027-02-14 写的是周一，实际是星期日，请核对'] } });
    await h.as('admin').put('/api/national-calendar/years/2027', { text, confirmWarnings: true }).expect(200);
    const entered = (await h.as('admin').get('/api/national-calendar/years/2027').expect(200)).body;
    expect(entered.warnings).toEqual(['“春节”中的 2027-02-14 写的是周一，实际是星期日，请核对']);
  });

  it('keeps chinese-days when a year it has is entered too, uses the entered one, and shows the differences', async () => {
    const moved = notice(2026).replace('10月1日（周四）至7日（周三）放假调休，共7天', '10月1日（周四）至8日（周四）放假调休，共8天');
    const review = (await h.as('admin').post('/api/national-calendar/preview', { text: moved }).expect(200)).body;
    expect(review.differences).toEqual([{ date: '2026-10-08', entered: false, chineseDays: true }]);
    await h.as('admin').put('/api/national-calendar/years/2026', { text: moved }).expect(200);
    const health = await calendarHealth();
    expect(health.years.find((y: { year: number }) => y.year === 2026)).toEqual({ year: 2026, source: 'notice',
      appliedAt: '2026-12-06T02:00:00.000Z', appliedBy: 'admin', differencesFromChineseDays: ['2026-10-08'] });
    const overview = (await h.as('admin').get('/api/national-calendar').expect(200)).body;
    expect(overview.years.find((y: { year: number }) => y.year === 2026)).toMatchObject({ source: 'notice', inChineseDays: true,
      differences: [{ date: '2026-10-08', entered: false, chineseDays: true }] });

    // withdrawn: back to chinese-days, nothing lost
    await h.as('admin').delete('/api/national-calendar/years/2026').expect(204);
    await h.as('admin').delete('/api/national-calendar/years/2026').expect(404);
    expect((await calendarHealth()).years.find((y: { year: number }) => y.year === 2026)).toEqual({ year: 2026, source: 'chinese-days' });
  });
});
