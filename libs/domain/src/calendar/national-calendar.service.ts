import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import type { Actor } from '../organisation/actor';
import { calendarCoverageWarning, uncoveredYearsAround } from './day-calendar';
import { HOLIDAY_NOTICE_MAX_BYTES, HolidayNotice, parseHolidayNotice } from './holiday-notice';
import {
  CalendarDifference, CHINESE_DAYS_YEARS, differencesFromChineseDays, NationalDays, nationalDays, useNationalDays, YearSource,
  yearSource,
} from './national-days';

export const NationalCalendarErrors = {
  forbiddenView: () =>
    new DomainError('forbidden', 'NATIONAL_CALENDAR_FORBIDDEN', '只有法治办和系统管理员可以查看全国节假日安排'),
  forbiddenEdit: () =>
    new DomainError('forbidden', 'NATIONAL_CALENDAR_FORBIDDEN', '全国节假日安排全国统一，只有系统管理员可以录入或撤销'),
  textEmpty: () =>
    new DomainError('invalid', 'NATIONAL_CALENDAR_NOTICE_EMPTY', '通知正文不能为空：请粘贴国务院办公厅关于部分节假日安排的通知', { field: 'text' }),
  textTooLong: (bytes: number) => new DomainError('invalid', 'NATIONAL_CALENDAR_NOTICE_TOO_LONG',
    `通知正文过长（${Math.ceil(bytes / 1024)} KB）：最多 200 KB，请只粘贴通知本身`, { field: 'text', bytes }),
  invalidYear: (year: number) => new DomainError('invalid', 'NATIONAL_CALENDAR_INVALID_YEAR',
    `年份“${year}”无效：应为 2000–2100 年`, { field: 'year', year }),
  unreadable: (warnings: string[]) => new DomainError('invalid', 'NATIONAL_CALENDAR_NOTICE_UNREADABLE',
    `未能从通知正文中读出放假安排：${warnings.join('；') || '没有读到任何日期'}`, { field: 'text', warnings }),
  yearMismatch: (year: number, parsed: number) => new DomainError('invalid', 'NATIONAL_CALENDAR_YEAR_MISMATCH',
    `年份不一致：要应用的是 ${year} 年，通知正文安排的是 ${parsed} 年`, { field: 'year', year, parsed }),
  warningsUnconfirmed: (warnings: string[]) => new DomainError('conflict', 'NATIONAL_CALENDAR_WARNINGS_UNCONFIRMED',
    `通知正文有 ${warnings.length} 处需要核对，请确认后再应用：${warnings.join('；')}`, { warnings }),
  yearNotFound: (year: number) =>
    new DomainError('not_found', 'NATIONAL_CALENDAR_YEAR_NOT_FOUND', `没有录入过 ${year} 年的放假安排`, { year }),
};

/** How a year's national holidays are known. */
export interface YearCoverageView {
  year: number;
  source: YearSource;
  /** chinese-days has the year too (the entered notice is used, the two are compared) */
  inChineseDays: boolean;
  title: string | null;
  appliedAt: string | null;
  appliedByName: string | null;
  /** days where the entered notice and chinese-days disagree */
  differences: CalendarDifference[];
}

export interface NationalCalendarOverview {
  today: string;
  /** last, this and next year, plus every entered year, ascending */
  years: YearCoverageView[];
  uncoveredYears: number[];
  warning: string | null;
}

export interface NoticeReview extends HolidayNotice {
  /** the notice's days against chinese-days, when chinese-days has the year */
  differences: CalendarDifference[];
  /** what applying it replaces: the year as it is known now */
  current: YearCoverageView | null;
}

export interface EnteredYearView extends YearCoverageView {
  days: Array<{ date: string; isWorking: boolean; note: string | null }>;
  warnings: string[];
  noticeText: string;
}

/** Reads the entered national calendar (two small tables: a few dozen rows a year). */
export async function loadNationalDays(db: DataSource | EntityManager): Promise<NationalDays> {
  const [years, days]: [
    Array<{ year: number; title: string | null; applied_at: Date; applied_by_name: string }>,
    Array<{ day: string; is_working: boolean; note: string | null }>,
  ] = await Promise.all([
    db.query(`SELECT year, title, applied_at, applied_by_name FROM national_calendar_year`),
    db.query(`SELECT day, is_working, note FROM national_calendar_day`),
  ]);
  return {
    years: new Map(years.map((y) => [y.year, { year: y.year, title: y.title, appliedAt: new Date(y.applied_at).toISOString(),
      appliedByName: y.applied_by_name }])),
    days: new Map(days.map((d) => [d.day, { isWorking: d.is_working, note: d.note }])),
  };
}

/**
 * The national working-day calendar entered from the State Council's annual notice: paste, review, apply (the admin;
 * an office may look). The beats read it through WorkingCalendarService, which reloads it with every calendar it builds.
 * Applying a year replaces that year's entered days; chinese-days' data for the year is kept and compared, never
 * overwritten.
 */
@Injectable()
export class NationalCalendarService implements OnApplicationBootstrap {
  private readonly logger = new Logger(NationalCalendarService.name);

  constructor(private readonly dataSource: DataSource, private readonly clock: Clock) {}

  /** The API's deadlines and pages read COVERED_YEARS from the start, not only after the first /health. */
  async onApplicationBootstrap(): Promise<void> {
    await this.refresh();
  }

  /** Reloads the entered calendar into this process (COVERED_YEARS, new DayCalendars); keeps the last one on failure. */
  async refresh(): Promise<NationalDays> {
    try {
      const national = await loadNationalDays(this.dataSource);
      useNationalDays(national);
      return national;
    } catch (err) {
      this.logger.warn(`全国节假日安排读取失败，沿用上次读取的数据：${err instanceof Error ? err.message : String(err)}`);
      return nationalDays();
    }
  }

  /** For /health and the page: which years around today are covered, and from where. No actor: /health is public. */
  async coverage(): Promise<NationalCalendarOverview> {
    const national = await this.refresh();
    const today = this.clock.today();
    const thisYear = Number(today.slice(0, 4));
    const years = [...new Set([thisYear - 1, thisYear, thisYear + 1, ...national.years.keys()])].sort((a, b) => a - b);
    const uncoveredYears = uncoveredYearsAround(today);
    return { today, years: years.map((y) => this.yearCoverage(y, national)), uncoveredYears,
      warning: calendarCoverageWarning(uncoveredYears) };
  }

  async overview(actor: Actor): Promise<NationalCalendarOverview> {
    this.mayView(actor);
    return this.coverage();
  }

  async enteredYear(actor: Actor, year: number): Promise<EnteredYearView> {
    this.mayView(actor);
    checkYear(year);
    const national = await this.refresh();
    const [row]: Array<{ warnings: string[]; notice_text: string }> = await this.dataSource.query(
      `SELECT warnings, notice_text FROM national_calendar_year WHERE year = $1`, [year]);
    if (!row || !national.years.has(year)) throw NationalCalendarErrors.yearNotFound(year);
    const days: Array<{ date: string; is_working: boolean; note: string | null }> = await this.dataSource.query(
      `SELECT day AS date, is_working, note FROM national_calendar_day WHERE year = $1 ORDER BY day`, [year]);
    return { ...this.yearCoverage(year, national), days: days.map((d) => ({ date: d.date, isWorking: d.is_working, note: d.note })),
      warnings: row.warnings, noticeText: row.notice_text };
  }

  /** Reads a pasted notice for review; stores nothing. */
  async preview(actor: Actor, text: string, expectedYear?: number): Promise<NoticeReview> {
    this.mayEdit(actor);
    if (expectedYear !== undefined) checkYear(expectedYear);
    const notice = read(text, expectedYear);
    const national = await this.refresh();
    if (notice.year === null) return { ...notice, differences: [], current: null };
    return { ...notice, differences: noticeDifferences(notice), current: this.yearCoverage(notice.year, national) };
  }

  /**
   * Applies a pasted notice as the national calendar of `year`: read again here (what was reviewed is not trusted
   * from the client), refused when it names another year or reads nothing, and — when the reader reported anything —
   * only with `confirmWarnings`. Replaces the year's entered days in one transaction.
   */
  async apply(actor: Actor, year: number, text: string, confirmWarnings = false): Promise<YearCoverageView> {
    this.mayEdit(actor);
    checkYear(year);
    const notice = read(text, year);
    if (notice.year === null || !notice.days.length) throw NationalCalendarErrors.unreadable(notice.warnings);
    if (notice.year !== year) throw NationalCalendarErrors.yearMismatch(year, notice.year);
    if (notice.warnings.length && !confirmWarnings) throw NationalCalendarErrors.warningsUnconfirmed(notice.warnings);
    await this.dataSource.transaction(async (em) => {
      await em.query(`INSERT INTO national_calendar_year (year, source, title, notice_text, warnings, applied_at, applied_by,
          applied_by_name) VALUES ($1, 'notice', $2, $3, $4, $5, $6, $7)
        ON CONFLICT (year) DO UPDATE SET source = EXCLUDED.source, title = EXCLUDED.title, notice_text = EXCLUDED.notice_text,
          warnings = EXCLUDED.warnings, applied_at = EXCLUDED.applied_at, applied_by = EXCLUDED.applied_by,
          applied_by_name = EXCLUDED.applied_by_name`,
      [year, notice.title, text, JSON.stringify(notice.warnings), this.clock.now(), actor.userId, actor.displayName]);
      await em.query(`DELETE FROM national_calendar_day WHERE year = $1`, [year]);
      // a day another year's notice named too (never in practice) goes to the notice applied last
      await em.query(`INSERT INTO national_calendar_day (day, year, is_working, note)
        SELECT d, $1, w, n FROM unnest($2::date[], $3::boolean[], $4::text[]) AS t(d, w, n)
        ON CONFLICT (day) DO UPDATE SET year = EXCLUDED.year, is_working = EXCLUDED.is_working, note = EXCLUDED.note`,
      [year, notice.days.map((d) => d.date), notice.days.map((d) => d.isWorking), notice.days.map((d) => d.name)]);
    });
    this.logger.log(`${year} 年全国节假日安排已由 ${actor.username} 录入：${notice.days.length} 天`);
    return this.yearCoverage(year, await this.refresh());
  }

  /** Withdraws an entered year: it goes back to chinese-days, or to Monday–Friday when chinese-days lacks it. */
  async remove(actor: Actor, year: number): Promise<void> {
    this.mayEdit(actor);
    checkYear(year);
    const [, affected]: [unknown, number] = await this.dataSource.query(`DELETE FROM national_calendar_year WHERE year = $1`, [year]);
    if (!affected) throw NationalCalendarErrors.yearNotFound(year);
    this.logger.log(`${year} 年全国节假日安排已由 ${actor.username} 撤销`);
    await this.refresh();
  }

  private yearCoverage(year: number, national: NationalDays): YearCoverageView {
    const entered = national.years.get(year);
    return { year, source: yearSource(year, national), inChineseDays: CHINESE_DAYS_YEARS.has(year), title: entered?.title ?? null,
      appliedAt: entered?.appliedAt ?? null, appliedByName: entered?.appliedByName ?? null,
      differences: differencesFromChineseDays(year, national) };
  }

  private mayView(actor: Actor): void {
    if (actor.role !== 'admin' && actor.role !== 'office') throw NationalCalendarErrors.forbiddenView();
  }

  private mayEdit(actor: Actor): void {
    if (actor.role !== 'admin') throw NationalCalendarErrors.forbiddenEdit();
  }
}

function checkYear(year: number): void {
  if (!Number.isInteger(year) || year < 2000 || year > 2100) throw NationalCalendarErrors.invalidYear(year);
}

function read(text: string, expectedYear?: number): HolidayNotice {
  if (!text?.trim()) throw NationalCalendarErrors.textEmpty();
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > HOLIDAY_NOTICE_MAX_BYTES) throw NationalCalendarErrors.textTooLong(bytes);
  return parseHolidayNotice(text, expectedYear);
}

/** The notice under review against chinese-days (as if it were applied). */
function noticeDifferences(notice: HolidayNotice): CalendarDifference[] {
  const year = notice.year!;
  const asEntered: NationalDays = {
    days: new Map(notice.days.map((d) => [d.date, { isWorking: d.isWorking, note: d.name }])),
    years: new Map([[year, { year, title: notice.title, appliedAt: '', appliedByName: '' }]]),
  };
  return differencesFromChineseDays(year, asEntered);
}
