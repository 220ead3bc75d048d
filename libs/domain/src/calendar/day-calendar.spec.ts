import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseHolidayNotice } from './holiday-notice';
import { COVERED_YEARS, NationalDays, NO_ENTERED_DAYS, useNationalDays } from './national-days';
import {
  calendarCoverageWarning, DayCalendar, isoWeekKey, monthKeyShifted, periodRange, previousMonthKey, previousQuarterKey, uncoveredYearsAround,
} from './day-calendar';

describe('the working-day calendar of mainland China', () => {
  const sut = new DayCalendar();

  it('knows National Day 2025 (10-01…08) and the make-up working Sunday 2025-09-28 and Saturday 10-11', () => {
    for (let d = 1; d <= 8; d++) expect(sut.isWorkingDay(`2025-10-0${d}`)).toBe(false);
    expect(sut.isWorkingDay('2025-09-28')).toBe(true); // Sunday, 调休
    expect(sut.isWorkingDay('2025-10-11')).toBe(true); // Saturday, 调休
    expect(sut.isWorkingDay('2025-10-09')).toBe(true);
    expect(sut.isWorkingDay('2025-10-12')).toBe(false);
  });

  it('knows 2026: Spring Festival 02-15…23 off, make-up Saturday 02-28, New Year 01-01…03', () => {
    expect(sut.isWorkingDay('2026-02-16')).toBe(false);
    expect(sut.isWorkingDay('2026-02-23')).toBe(false);
    expect(sut.isWorkingDay('2026-02-24')).toBe(true);
    expect(sut.isWorkingDay('2026-02-28')).toBe(true);
    expect(sut.isWorkingDay('2026-01-02')).toBe(false);
    expect(sut.isWorkingDay('2026-01-04')).toBe(true); // Sunday, 调休
  });

  it('finds the first working day of a week, month or quarter that starts with a holiday', () => {
    expect(sut.firstWorkingDayOf('week', '2025-10-08')).toBe('2025-10-09'); // week of Mon 10-06: all holiday until Thu
    expect(sut.firstWorkingDayOf('week', '2025-09-30')).toBe('2025-09-29');
    expect(sut.firstWorkingDayOf('month', '2025-10-20')).toBe('2025-10-09');
    expect(sut.firstWorkingDayOf('quarter', '2025-11-30')).toBe('2025-10-09');
    expect(sut.firstWorkingDayOf('month', '2026-01-15')).toBe('2026-01-04'); // a make-up Sunday
    expect(sut.firstWorkingDayOf('week', '2026-02-25')).toBe('2026-02-24');
  });

  it('adds and counts working days across holidays', () => {
    expect(sut.addWorkingDays('2025-09-30', 1)).toBe('2025-10-09');
    expect(sut.addWorkingDays('2025-10-09', -1)).toBe('2025-09-30');
    expect(sut.addWorkingDays('2025-09-26', 1)).toBe('2025-09-28');
    expect(sut.addWorkingDays('2025-09-26', 0)).toBe('2025-09-26');
    expect(sut.workingDaysBetween('2025-09-30', '2025-10-10')).toBe(2);
    expect(sut.workingDaysBetween('2025-10-10', '2025-09-30')).toBe(-2);
  });

  it('applies a jurisdiction override over the national data', () => {
    const local = new DayCalendar([{ date: '2025-10-09', isWorking: false, note: '本地停工' }, { date: '2025-10-04', isWorking: true }]);
    expect(local.isWorkingDay('2025-10-09')).toBe(false);
    expect(local.isWorkingDay('2025-10-04')).toBe(true);
    expect(local.firstWorkingDayOf('week', '2025-10-08')).toBe('2025-10-10');
  });

  it('falls back to Monday–Friday for a year the data does not cover, and says so', () => {
    const warned: number[] = [];
    const cal = new DayCalendar([], (y) => warned.push(y));
    expect(cal.isWorkingDay('2027-10-01')).toBe(true); // a Friday: no data for National Day 2027
    expect(cal.isWorkingDay('2027-10-02')).toBe(false);
    expect(warned).toEqual([2027]);
    expect([...cal.uncoveredYears]).toEqual([2027]);
  });

  it('reports the years around today that the holiday data does not cover (the data ends with 2026)', () => {
    expect(uncoveredYearsAround('2025-06-01')).toEqual([]);
    expect(uncoveredYearsAround('2026-03-02')).toEqual([2027]);
    expect(uncoveredYearsAround('2028-01-01')).toEqual([2027, 2028, 2029]);
    expect(uncoveredYearsAround('2004-01-01')).toEqual([2003]);
    expect(calendarCoverageWarning([])).toBeNull();
    expect(calendarCoverageWarning([2027, 2028])).toMatch(/^节假日数据（chinese-days）未覆盖 2027、2028 年：这些年份按周一至周五计算工作日/);
  });

  describe('with a year entered from the State Council notice', () => {
    const notice = parseHolidayNotice(readFileSync(join(__dirname, 'fixtures', 'notice-2027.txt'), 'utf8'));
    const national: NationalDays = {
      days: new Map(notice.days.map((d) => [d.date, { isWorking: d.isWorking, note: d.name }])),
      years: new Map([[2027, { year: 2027, title: notice.title, appliedAt: '2026-12-06T02:00:00.000Z', appliedByName: '管理员' }]]),
    };
    afterEach(() => useNationalDays(NO_ENTERED_DAYS));

    it('skips the entered holidays, works the make-up days, and no longer reports the year as uncovered', () => {
      const warned: number[] = [];
      const cal = new DayCalendar([], (y) => warned.push(y), national);
      expect(cal.isWorkingDay('2027-02-08')).toBe(false); // Monday of 春节
      expect(cal.isWorkingDay('2027-02-14')).toBe(true); // Sunday, 调休
      expect(cal.isWorkingDay('2027-10-01')).toBe(false);
      expect(cal.isWorkingDay('2027-03-01')).toBe(true); // a Monday the notice does not name
      expect(cal.firstWorkingDayOf('week', '2027-02-10')).toBe('2027-02-14');
      expect(warned).toEqual([]);
    });

    it('keeps the jurisdiction’s overrides on top of the entered days', () => {
      const cal = new DayCalendar([{ date: '2027-02-14', isWorking: false }], undefined, national);
      expect(cal.isWorkingDay('2027-02-14')).toBe(false);
    });

    it('counts the entered year as covered once this process has loaded it', () => {
      expect(uncoveredYearsAround('2026-12-06')).toEqual([2027]);
      useNationalDays(national);
      expect(COVERED_YEARS.has(2027)).toBe(true);
      expect(uncoveredYearsAround('2026-12-06')).toEqual([]);
      expect(new DayCalendar().isWorkingDay('2027-02-08')).toBe(false); // the default is the loaded calendar
    });

    it('uses an entered year instead of chinese-days’ data for the same year, day by day', () => {
      const moved: NationalDays = { days: new Map([['2026-10-08', { isWorking: false, note: '国庆节' }]]),
        years: new Map([[2026, { year: 2026, title: null, appliedAt: '2026-12-06T02:00:00.000Z', appliedByName: '管理员' }]]) };
      const cal = new DayCalendar([], undefined, moved);
      expect(cal.isWorkingDay('2026-10-08')).toBe(false);
      expect(cal.isWorkingDay('2026-10-01')).toBe(true); // not in the entered notice: a Thursday like any other
    });
  });

  it('names periods', () => {
    expect(isoWeekKey('2025-09-28')).toBe('2025-W39');
    expect(isoWeekKey('2026-01-01')).toBe('2026-W01');
    expect(isoWeekKey('2024-12-30')).toBe('2025-W01');
    expect(previousMonthKey('2026-01-05')).toBe('2025-12');
    expect(previousQuarterKey('2025-10-09')).toBe('2025Q3');
    expect(monthKeyShifted('2026-12-07', -24)).toBe('2024-12');
    expect(monthKeyShifted('2026-12-07', 1)).toBe('2027-01');
    expect(monthKeyShifted('2026-01-31', -1)).toBe('2025-12');
    expect(periodRange('2025Q3')).toEqual({ from: '2025-07-01', to: '2025-09-30' });
    expect(periodRange('2024-02')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
  });
});
