import { addDaysToDate, businessDateSql } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { DayCalendar, isoWeekKey, monthKey, periodEnd, periodStart, quarterKey } from '../calendar/day-calendar';

/**
 * 定期报送: a task's reporting cycle (docs/cadence.md “Reporting cycles”). `day` is the weekday (1 = Monday … 5 =
 * Friday) of a weekly cycle, the day of the month (1–31) of a monthly one, and the day of the quarter's last month
 * (1–31: 3月、6月、9月、12月) of a quarterly one — “每季末月20日前”, as county offices ask for quarterly reports.
 */
export type ReportCycleKind = 'weekly' | 'monthly' | 'quarterly';
export interface ReportCycle { kind: ReportCycleKind; day: number }

/** One period of a cycle: its key (the `ref` of its 催报 mark), its days and its report day. */
export interface ReportPeriod {
  /** 2026-W50, 2026-12 or 2026Q4 */
  key: string;
  start: string;
  end: string;
  /** the report day: the nominal day (the month's last day when it has fewer), moved on to the next working day */
  due: string;
}

const KIND_UNIT = { weekly: 'week', monthly: 'month', quarterly: 'quarter' } as const;
const KEY = { weekly: isoWeekKey, monthly: monthKey, quarterly: quarterKey } as const;
const MAX_DAY: Record<ReportCycleKind, number> = { weekly: 5, monthly: 31, quarterly: 31 };
export const REPORT_CYCLE_KINDS: readonly ReportCycleKind[] = ['weekly', 'monthly', 'quarterly'];

const invalid = (field: string, message: string) =>
  new DomainError('invalid', 'TASK_REPORT_CYCLE_INVALID', message, { field });

/** The cycle as sent (null clears it), checked: a 4xx naming 报送周期 or 报送日 otherwise. */
export function parseReportCycle(value: unknown): ReportCycle | null {
  if (value === null) return null;
  const v = value as { kind?: unknown; day?: unknown };
  if (typeof v !== 'object' || !REPORT_CYCLE_KINDS.includes(v.kind as ReportCycleKind)) {
    throw invalid('kind', '报送周期只能是每周（weekly）、每月（monthly）或每季度（quarterly）');
  }
  const kind = v.kind as ReportCycleKind;
  if (typeof v.day !== 'number' || !Number.isInteger(v.day) || v.day < 1 || v.day > MAX_DAY[kind]) {
    throw invalid('day', kind === 'weekly' ? '报送日须为周一至周五（1–5）'
      : `报送日须为${kind === 'monthly' ? '每月' : '季末月'}的 1–31 日（小月按月末计）`);
  }
  return { kind, day: v.day };
}

/** 每周五前 / 每月20日前 / 每季末月20日前. */
export function reportCycleLabel(c: ReportCycle | null | undefined): string {
  if (!c) return '';
  if (c.kind === 'weekly') return `每周${'一二三四五六日'[c.day - 1]}前`;
  return `${c.kind === 'monthly' ? '每月' : '每季末月'}${c.day}日前`;
}

/** The period of `cycle` containing `date`, with its report day. */
export function reportPeriod(cycle: ReportCycle, date: string, calendar: DayCalendar): ReportPeriod {
  const unit = KIND_UNIT[cycle.kind];
  const start = periodStart(unit, date);
  const end = periodEnd(unit, date);
  let due: string;
  if (cycle.kind === 'weekly') due = addDaysToDate(start, cycle.day - 1);
  else {
    const month = cycle.kind === 'monthly' ? start.slice(0, 7) : end.slice(0, 7);
    const last = periodEnd('month', `${month}-01`);
    due = `${month}-${String(Math.min(cycle.day, Number(last.slice(8)))).padStart(2, '0')}`;
  }
  // 遇节假日顺延: a report day on a weekend or holiday is the next working day
  while (!calendar.isWorkingDay(due)) due = addDaysToDate(due, 1);
  return { key: KEY[cycle.kind](start), start, end, due };
}

/** The latest period whose report day is before `date` (the one a 催报 or 久未报送 is about). */
export function lastDuePeriod(cycle: ReportCycle, date: string, calendar: DayCalendar): ReportPeriod {
  let p = reportPeriod(cycle, date, calendar);
  // a report day moved past its period's end can still lie ahead: step back until one has passed
  while (p.due >= date) p = reportPeriod(cycle, addDaysToDate(p.start, -1), calendar);
  return p;
}

/** A progress update (its Beijing date) is the period's report when made within the period and by its report day. */
export const countsAsReport = (period: ReportPeriod, progressDate: string) =>
  progressDate >= period.start && progressDate <= period.due;

/** Whether two cycles (or none) are the same, whatever the key order jsonb gave back. */
export const sameCycle = (a: ReportCycle | null | undefined, b: ReportCycle | null | undefined) =>
  (a ?? null) === (b ?? null) || (!!a && !!b && a.kind === b.kind && a.day === b.day);

/**
 * The periods of `cycle` whose report day (holidays moved) falls from `from` to `to`, in order (报送日历: a month's
 * report days). A moved report day may lie past its period's end, so the walk starts a month before `from`.
 */
export function reportPeriodsDueIn(cycle: ReportCycle, from: string, to: string, calendar: DayCalendar): ReportPeriod[] {
  const out: ReportPeriod[] = [];
  for (let p = reportPeriod(cycle, addDaysToDate(from, -31), calendar); p.start <= to;
    p = reportPeriod(cycle, addDaysToDate(p.end, 1), calendar)) {
    if (p.due >= from && p.due <= to) out.push(p);
  }
  return out;
}

/**
 * In SQL, with the task as `t` and a period as `rc` (its first day `rc.start`): the period asks the task for a report
 * when the cycle was set by its first day and the task was assigned before it (a cycle set, or a task assigned,
 * mid-period starts with the next period). The beats' 催报 and 报送日历 read it alike.
 */
export const REPORT_REQUIRED_SQL = `rc.start >= t.report_cycle_since AND ${businessDateSql('t.assigned_at')} < rc.start`;
