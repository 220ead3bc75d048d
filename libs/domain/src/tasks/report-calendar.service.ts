import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { WorkingCalendarService } from '../calendar/working-calendar.service';
import { monthKeyShifted, periodEnd } from '../calendar/day-calendar';
import { businessDateSql, businessMidnightSql, Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { SqlParams } from '../common/sql-params';
import type { Actor } from '../organisation/actor';
import { REPORT_REQUIRED_SQL, ReportCycle, reportCycleLabel, reportPeriodsDueIn } from './report-cycle';
import { taskScopeSetSql } from './task-access';
import { OPEN_SQL } from './task-sql';

/** 报送日历: where one report of a task stands (docs/cadence.md “The reporting calendar”). */
export type ReportCalendarState = 'received' | 'missed' | 'due' | 'upcoming';
export const REPORT_CALENDAR_STATES: readonly ReportCalendarState[] = ['received', 'due', 'missed', 'upcoming'];

export interface ReportCalendarItem {
  taskId: string;
  code: string;
  title: string;
  unitId: string;
  unitName: string;
  cycleLabel: string;
  /** the period's key: 2026-W50, 2026-12, 2026Q4 */
  period: string;
  periodStart: string;
  /** the report day, a weekend or holiday moved to the next working day */
  dueDate: string;
  state: ReportCalendarState;
  /** the Beijing date of the progress update that is the period's report (the first one), when received */
  receivedOn: string | null;
}

export interface ReportCalendar {
  month: string;
  today: string;
  totals: Record<ReportCalendarState | 'total', number>;
  items: ReportCalendarItem[];
}

/** How far from this month a calendar may be asked for: two years back, one ahead. */
export const REPORT_CALENDAR_MONTHS_BACK = 24;
export const REPORT_CALENDAR_MONTHS_AHEAD = 12;

/**
 * The reports the actor's open tasks with a reporting cycle owe in one month, with where each stands today. Three
 * statements whatever the number of tasks: the distinct (jurisdiction, cycle) pairs in scope, their jurisdictions'
 * working calendars, then the tasks joined to their periods (computed by the pure report-cycle.ts, as the beats do)
 * with each period's first counting progress update found through ix_task_progress_task.
 */
@Injectable()
export class ReportCalendarService {
  constructor(private readonly dataSource: DataSource, private readonly calendars: WorkingCalendarService,
    private readonly clock: Clock) {}

  async month(actor: Actor, month?: string): Promise<ReportCalendar> {
    const today = this.clock.today();
    const asked = month ?? today.slice(0, 7);
    const [earliest, latest] = [monthKeyShifted(today, -REPORT_CALENDAR_MONTHS_BACK), monthKeyShifted(today, REPORT_CALENDAR_MONTHS_AHEAD)];
    if (asked < earliest || asked > latest) {
      throw new DomainError('invalid', 'REPORT_CALENDAR_MONTH_OUT_OF_RANGE',
        `月份须在 ${earliest} 至 ${latest} 之间（前两年至后一年）`, { field: 'month', earliest, latest });
    }
    const from = `${asked}-01`;
    const to = periodEnd('month', from);

    const p = new SqlParams();
    const scope = this.scope(actor, p);
    const pairs: Array<{ jurisdiction_id: string; cycle: ReportCycle }> = await this.dataSource.query(
      `SELECT DISTINCT t.jurisdiction_id, t.report_cycle AS cycle FROM task t
        WHERE ${scope} AND t.status IN ${OPEN_SQL} AND t.report_cycle IS NOT NULL`, p.values);
    const empty = { month: asked, today, totals: { total: 0, received: 0, due: 0, missed: 0, upcoming: 0 }, items: [] };
    if (!pairs.length) return empty;

    const calendars = await this.calendars.forJurisdictions([...new Set(pairs.map((r) => r.jurisdiction_id))]);
    const periods = pairs.flatMap((r) => reportPeriodsDueIn(r.cycle, from, to, calendars.get(r.jurisdiction_id)!)
      .map((period) => ({ jurisdiction: r.jurisdiction_id, cycle: JSON.stringify(r.cycle), ...period })));
    if (!periods.length) return empty;

    const q = new SqlParams();
    const rows: Array<{ task_id: string; code: string; title: string; unit_id: string; unit_name: string; cycle: ReportCycle;
      key: string; start: string; due: string; received_on: string | null }> = await this.dataSource.query(
      `SELECT t.id AS task_id, t.code, t.title, t.lead_unit_id AS unit_id, u.name AS unit_name, t.report_cycle AS cycle,
              rc.key, rc.start::text AS start, rc.due::text AS due, r.on::text AS received_on
         FROM unnest(${q.add(periods.map((x) => x.jurisdiction))}::uuid[], ${q.add(periods.map((x) => x.cycle))}::jsonb[],
                     ${q.add(periods.map((x) => x.key))}::text[], ${q.add(periods.map((x) => x.start))}::date[],
                     ${q.add(periods.map((x) => x.due))}::date[]) AS rc(jurisdiction_id, cycle, key, start, due)
         JOIN task t ON t.jurisdiction_id = rc.jurisdiction_id AND t.report_cycle = rc.cycle
         JOIN unit u ON u.id = t.lead_unit_id
         LEFT JOIN LATERAL (
           SELECT ${businessDateSql('p.created_at')} AS on FROM task_progress p
            WHERE p.task_id = t.id AND p.unit_id = t.lead_unit_id AND p.created_at <= ${q.add(this.clock.now())}
              AND p.created_at >= ${businessMidnightSql('rc.start')} AND p.created_at < ${businessMidnightSql('rc.due + 1')}
            ORDER BY p.created_at LIMIT 1) r ON true
        WHERE ${this.scope(actor, q)} AND t.status IN ${OPEN_SQL}
          AND ${REPORT_REQUIRED_SQL}
        ORDER BY rc.due, u.code, t.code, rc.key`, q.values);

    const items = rows.map((r): ReportCalendarItem => ({
      taskId: r.task_id, code: r.code, title: r.title, unitId: r.unit_id, unitName: r.unit_name, cycleLabel: reportCycleLabel(r.cycle),
      period: r.key, periodStart: r.start, dueDate: r.due, receivedOn: r.received_on,
      state: r.received_on ? 'received' : r.due < today ? 'missed' : r.start <= today ? 'due' : 'upcoming',
    }));
    const totals = { ...empty.totals, total: items.length };
    for (const i of items) totals[i.state] += 1;
    return { month: asked, today, totals, items };
  }

  /** The tasks whose reports the actor follows: a department only those it leads (the lead unit reports). */
  private scope(actor: Actor, p: SqlParams): string {
    const scope = taskScopeSetSql(actor, p);
    return actor.role === 'department' ? `${scope} AND t.lead_unit_id = ${p.add(actor.unitId)}` : scope;
  }
}
