import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '../organisation/actor';
import { businessMidnightSql, Clock } from '../common/clock';
import { SqlParams } from '../common/sql-params';
import { taskScopeSetSql } from './task-access';
import { ON_TIME_SQL, OPEN_SQL, overdueAtSql } from './task-sql';
import type { QueryRow } from '@app/database';
import { REPORT_ROWS } from '../reports/report-projections';

export interface DashboardQuery {
  leadUnitId?: string;
  planYear?: number;
}

/** One imported report's tasks, or (reportId null) the tasks not made from a report: 其他来源. */
export interface TaskReportStats {
  reportId: string | null;
  title: string;
  reportYear: number | null;
  planYear: number | null;
  total: number;
  open: number;
  completed: number;
  onTime: number;
  overdue: number;
  /** completed / total, null without tasks */
  completionRate: number | null;
}

export interface TaskMonthStats {
  /** YYYY-MM */
  month: string;
  /** past: the month has ended; current: today is in it; future: not begun */
  period: 'past' | 'current' | 'future';
  due: number;
  completed: number;
  onTime: number;
  /** past: overdue at the month's end; current: overdue today; future: null */
  overdue: number | null;
  /** the day the overdue figure is taken at (the month's last day, or today) */
  overdueAsOf: string | null;
}

/**
 * The dashboard's progress per imported report and its trend by month, in the caller's scope (the same rows as the
 * ledger: office its jurisdictions, a department its tasks as lead or co-owner, a leader the units in charge; in the
 * index-friendly form for aggregates, taskScopeSetSql).
 * Published tasks only; cancelled ones count nowhere except where they were overdue before being cancelled.
 */
@Injectable()
export class TaskDashboardService {
  constructor(private readonly dataSource: DataSource, private readonly clock: Clock) {}

  async byReport(actor: Actor, query: DashboardQuery = {}): Promise<TaskReportStats[]> {
    const p = new SqlParams();
    const where = [taskScopeSetSql(actor, p), ...this.filters(query, p), `t.status NOT IN ('draft', 'cancelled')`];
    const today = p.add(this.clock.today());
    const rows: Array<QueryRow> = await this.dataSource.query(
      `SELECT r.id AS report_id, COALESCE(r.title, r.file_name) AS title, r.report_year, r.plan_year,
              count(*)::int AS total,
              (count(*) FILTER (WHERE t.status IN ${OPEN_SQL}))::int AS open,
              (count(*) FILTER (WHERE t.status = 'completed'))::int AS completed,
              (count(*) FILTER (WHERE ${ON_TIME_SQL}))::int AS on_time,
              (count(*) FILTER (WHERE t.status IN ${OPEN_SQL} AND t.current_deadline < ${today}::date))::int AS overdue
         FROM task t LEFT JOIN ${REPORT_ROWS} r ON r.id = t.report_id
        WHERE ${where.join(' AND ')}
        GROUP BY r.id, r.title, r.file_name, r.report_year, r.plan_year, r.created_at -- a subquery's key implies nothing
        ORDER BY r.id IS NULL, r.report_year DESC NULLS LAST, r.created_at DESC, r.id`,
      p.values,
    );
    return rows.map((r) => ({
      reportId: r.report_id, title: r.report_id ? r.title : '其他来源', reportYear: r.report_year, planYear: r.plan_year,
      total: r.total, open: r.open, completed: r.completed, onTime: r.on_time, overdue: r.overdue,
      completionRate: r.total ? Math.round((r.completed / r.total) * 1000) / 1000 : null,
    }));
  }

  /**
   * Per month of `year`: tasks due (current deadline in the month), completed in the month (approval date, Beijing),
   * of those completed on time, and overdue — at the month's end for a month that has ended, today for this month.
   * Without a year, this year.
   */
  async byMonth(actor: Actor, yearOrThis?: number, query: Pick<DashboardQuery, 'leadUnitId'> = {}): Promise<TaskMonthStats[]> {
    const today = this.clock.today();
    const year = yearOrThis ?? Number(today.slice(0, 4));
    const p = new SqlParams();
    const where = [taskScopeSetSql(actor, p), ...this.filters(query, p), `t.status <> 'draft'`];
    const y = p.add(year);
    const todaySql = `${p.add(today)}::date`;
    const yearStart = `make_date(${y}::int, 1, 1)`;
    const yearEnd = `make_date(${y}::int, 12, 31)`;
    // the months' bounds as instants once, not per task and month
    const next = 'm.next_at';
    const rows: Array<Record<string, number>> = await this.dataSource.query(
      `WITH m AS (
         SELECT month, first, next, next - 1 AS last, ${businessMidnightSql('first')} AS first_at, ${businessMidnightSql('next')} AS next_at
           FROM (SELECT g AS month, make_date(${y}::int, g, 1) AS first, (make_date(${y}::int, g, 1) + interval '1 month')::date AS next
                   FROM generate_series(1, 12) g) b
       ), c AS (
         -- every task that can count in some month of the year; old closed ones are left out before the 12-fold join
         SELECT t.status, t.current_deadline, t.assigned_at, t.completed_at, t.cancelled_at
           FROM task t
          WHERE ${where.join(' AND ')}
            AND ((t.current_deadline <= ${yearEnd}
                  AND (t.current_deadline >= ${yearStart} OR t.status IN ${OPEN_SQL}
                       OR t.completed_at >= ${businessMidnightSql(yearStart)} OR t.cancelled_at >= ${businessMidnightSql(yearStart)}))
              OR (t.status = 'completed' AND t.completed_at >= ${businessMidnightSql(yearStart)}
                  AND t.completed_at < ${businessMidnightSql(`${yearEnd} + 1`)}))
       )
       SELECT m.month,
              (count(*) FILTER (WHERE t.status <> 'cancelled' AND t.current_deadline >= m.first AND t.current_deadline < m.next))::int AS due,
              (count(*) FILTER (WHERE t.status = 'completed' AND t.completed_at >= m.first_at AND t.completed_at < ${next}))::int AS completed,
              (count(*) FILTER (WHERE t.status = 'completed' AND t.completed_at >= m.first_at AND t.completed_at < ${next}
                                  AND ${ON_TIME_SQL}))::int AS on_time,
              (count(*) FILTER (WHERE ${overdueAtSql(next, 'm.last')}))::int AS overdue_at_end,
              (count(*) FILTER (WHERE t.status IN ${OPEN_SQL} AND t.current_deadline < ${todaySql}))::int AS overdue_now
         FROM m LEFT JOIN c t ON true
        GROUP BY m.month ORDER BY m.month`,
      p.values,
    );
    return rows.map((r) => {
      const month = `${year}-${String(r.month).padStart(2, '0')}`;
      const lastDay = lastDayOf(year, r.month);
      const period = lastDay < today ? 'past' : month <= today.slice(0, 7) ? 'current' : 'future';
      return {
        month, period, due: r.due, completed: r.completed, onTime: r.on_time,
        overdue: period === 'past' ? r.overdue_at_end : period === 'current' ? r.overdue_now : null,
        overdueAsOf: period === 'past' ? lastDay : period === 'current' ? today : null,
      };
    });
  }

  private filters(query: DashboardQuery, p: SqlParams): string[] {
    const where: string[] = [];
    if (query.leadUnitId) where.push(`t.lead_unit_id = ${p.add(query.leadUnitId)}`);
    if (query.planYear) where.push(`t.plan_year = ${p.add(query.planYear)}`);
    return where;
  }
}

function lastDayOf(year: number, month: number): string {
  const d = new Date(Date.UTC(year, month, 0));
  return d.toISOString().slice(0, 10);
}
