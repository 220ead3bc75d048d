import { DayCalendar } from '../calendar/day-calendar';
import { DomainError } from '../common/domain-error';
import { countsAsReport, lastDuePeriod, parseReportCycle, reportCycleLabel, reportPeriod, reportPeriodsDueIn, sameCycle } from './report-cycle';

// China's 2025–2026 calendar (chinese-days): 2026-02-28 is a Saturday worked (调休), 2026-12-20 a Sunday,
// 2026-01-31 a Saturday off, 2026-10-01…07 the National Day holiday
const calendar = new DayCalendar();
const monthly = (day: number) => ({ kind: 'monthly' as const, day });

describe('reportPeriod', () => {
  it('gives the month, its key and the day of the month', () => {
    expect(reportPeriod(monthly(20), '2026-11-05', calendar)).toEqual({ key: '2026-11', start: '2026-11-01', end: '2026-11-30',
      due: '2026-11-20' });
  });

  it('takes the last day of a month shorter than the day (the 31st in February)', () => {
    expect(reportPeriod(monthly(31), '2025-02-10', calendar).due).toBe('2025-02-28');
    expect(reportPeriod(monthly(30), '2026-02-10', calendar).due).toBe('2026-02-28'); // a Saturday worked: stays
    expect(reportPeriod(monthly(31), '2026-04-03', calendar).due).toBe('2026-04-30');
  });

  it('moves a report day on a weekend or holiday to the next working day (顺延), past the period end if need be', () => {
    expect(reportPeriod(monthly(20), '2026-12-01', calendar).due).toBe('2026-12-21');
    expect(reportPeriod(monthly(31), '2026-01-31', calendar)).toMatchObject({ key: '2026-01', end: '2026-01-31', due: '2026-02-02' });
    expect(reportPeriod({ kind: 'weekly', day: 5 }, '2026-09-29', calendar)).toEqual({ key: '2026-W40', start: '2026-09-28',
      end: '2026-10-04', due: '2026-10-08' });
  });

  it('reads a quarterly day in the quarter’s last month and a weekly day as the weekday', () => {
    expect(reportPeriod({ kind: 'quarterly', day: 24 }, '2026-07-01', calendar)).toEqual({ key: '2026Q3', start: '2026-07-01',
      end: '2026-09-30', due: '2026-09-24' });
    expect(reportPeriod({ kind: 'quarterly', day: 25 }, '2026-07-01', calendar).due).toBe('2026-09-28'); // 中秋节
    expect(reportPeriod({ kind: 'quarterly', day: 20 }, '2026-12-31', calendar).due).toBe('2026-12-21');
    expect(reportPeriod({ kind: 'weekly', day: 3 }, '2026-12-13', calendar)).toEqual({ key: '2026-W50', start: '2026-12-07',
      end: '2026-12-13', due: '2026-12-09' });
  });
});

describe('lastDuePeriod', () => {
  it('is this period once its report day has passed, else the one before', () => {
    expect(lastDuePeriod(monthly(20), '2026-12-22', calendar).key).toBe('2026-12');
    expect(lastDuePeriod(monthly(20), '2026-12-21', calendar).key).toBe('2026-11'); // the moved day itself has not passed
    expect(lastDuePeriod(monthly(20), '2027-01-04', calendar).key).toBe('2026-12');
  });

  it('steps back over a report day moved into the next period', () => {
    expect(lastDuePeriod(monthly(31), '2026-02-02', calendar).key).toBe('2025-12');
    expect(lastDuePeriod(monthly(31), '2026-02-03', calendar).key).toBe('2026-01');
  });
});

describe('reportPeriodsDueIn', () => {
  it('lists the periods whose (moved) report day falls in the range, a period of the month before included', () => {
    // 2026-01-31 (Saturday) moves to 2 February: January's report is due in February, with February's own
    expect(reportPeriodsDueIn(monthly(31), '2026-02-01', '2026-02-28', calendar).map((p) => [p.key, p.due]))
      .toEqual([['2026-01', '2026-02-02'], ['2026-02', '2026-02-28']]);
    // …and January has no report day of its own (31 December 2025 was in December)
    expect(reportPeriodsDueIn(monthly(31), '2026-01-01', '2026-01-31', calendar)).toEqual([]);
  });

  it('gives every week whose report day is in the month, and a quarter only in its last month', () => {
    expect(reportPeriodsDueIn({ kind: 'weekly', day: 5 }, '2026-10-01', '2026-10-31', calendar).map((p) => [p.key, p.due]))
      .toEqual([['2026-W40', '2026-10-08'], ['2026-W41', '2026-10-09'], ['2026-W42', '2026-10-16'], ['2026-W43', '2026-10-23'],
        ['2026-W44', '2026-10-30']]); // the National Day week's Friday moves to Thursday 8 October
    expect(reportPeriodsDueIn({ kind: 'quarterly', day: 20 }, '2026-11-01', '2026-11-30', calendar)).toEqual([]);
    expect(reportPeriodsDueIn({ kind: 'quarterly', day: 20 }, '2026-12-01', '2026-12-31', calendar).map((p) => p.due))
      .toEqual(['2026-12-21']);
  });
});

describe('countsAsReport', () => {
  const dec = reportPeriod(monthly(20), '2026-12-01', calendar);
  it('counts an update in the period up to the (moved) report day, not before the period nor after the day', () => {
    expect(countsAsReport(dec, '2026-12-19')).toBe(true);
    expect(countsAsReport(dec, '2026-12-21')).toBe(true);
    expect(countsAsReport(dec, '2026-12-01')).toBe(true);
    expect(countsAsReport(dec, '2026-11-30')).toBe(false);
    expect(countsAsReport(dec, '2026-12-22')).toBe(false);
  });
});

describe('parseReportCycle', () => {
  const error = (v: unknown) => { try { parseReportCycle(v); } catch (e) { return e as DomainError; } throw new Error('accepted'); };

  it('accepts the three kinds and null, and names them in Chinese', () => {
    expect(parseReportCycle({ kind: 'monthly', day: 20 })).toEqual(monthly(20));
    expect(parseReportCycle(null)).toBeNull();
    expect(reportCycleLabel({ kind: 'weekly', day: 5 })).toBe('每周五前');
    expect(reportCycleLabel(monthly(20))).toBe('每月20日前');
    expect(reportCycleLabel({ kind: 'quarterly', day: 25 })).toBe('每季末月25日前');
  });

  it('refuses another kind naming 报送周期, and a day out of range naming 报送日', () => {
    expect(error({ kind: 'daily', day: 1 })).toMatchObject({ kind: 'invalid', code: 'TASK_REPORT_CYCLE_INVALID' });
    expect(error({ kind: 'daily', day: 1 }).message).toContain('报送周期');
    expect(error({ kind: 'weekly', day: 6 }).message).toContain('报送日');
    expect(error({ kind: 'monthly', day: 32 }).message).toContain('报送日');
    expect(error({ kind: 'monthly', day: 1.5 }).details).toEqual({ field: 'day' });
    expect(error({ kind: 'quarterly' }).message).toContain('报送日');
  });
});

describe('sameCycle', () => {
  it('compares kind and day, whatever the key order jsonb gives back', () => {
    expect(sameCycle(JSON.parse('{"day": 5, "kind": "weekly"}'), { kind: 'weekly', day: 5 })).toBe(true);
    expect(sameCycle(monthly(20), monthly(21))).toBe(false);
    expect(sameCycle(null, undefined)).toBe(true);
    expect(sameCycle(null, monthly(20))).toBe(false);
  });
});
