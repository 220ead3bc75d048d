import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '@app/config';
import { QueryRow, TaskStatus } from '@app/database';
import type { Actor } from '../organisation/actor';
import { businessMidnightSql, Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { SqlParams } from '../common/sql-params';
import { relationTo, taskScopeSetSql, taskScopeSql } from './task-access';
import { ON_TIME_SQL, OPEN_SQL, overdueAtSql } from './task-sql';
import { TaskStore } from './task-store';
import { TaskErrors } from './tasks.errors';
import { TASK_VIEW_COLUMNS, TASK_VIEW_JOINS, TaskView, dateString, toTaskView } from './task-view';
import { childrenOf, PARENT_REF_COLUMN } from './task-subtasks.queries';
import { allowedActions, leadsTask, TrafficLight } from './task-workflow';
import { REPORT_ROWS } from '../reports/report-projections';
import { CARRY_CHAIN_COLUMNS } from './task-outcomes.queries';

export interface TaskListQuery {
  status?: TaskStatus[];
  leadUnitId?: string;
  coOwnerUnitId?: string;
  planYear?: number;
  overdue?: boolean;
  light?: TrafficLight;
  q?: string;
  /** a report's id, or 'none' for tasks not made from a report (其他来源) */
  reportId?: string;
  /** a 工作重点's id, or 'none' for tasks under none */
  groupId?: string;
  /** YYYY-MM: the current deadline falls in this month */
  dueMonth?: string;
  /** YYYY-MM: completed (approved) in this month, Beijing time */
  completedMonth?: string;
  /** completed on or before the current deadline (true) or after it (false) */
  onTime?: boolean;
  /** YYYY-MM-DD: overdue at the end of that day (the dashboard's month-end figure) */
  overdueAt?: string;
  /**
   * the ledger's order: deadline first (default), latest deadline first, or latest change first (最近更新); the export's
   * is `plan`: plan year, 工作重点 in their order (tasks under none after them), then code
   */
  sort?: TaskSort | 'plan';
  after?: string;
  limit: number;
  /** the first page also counts the whole filtered list (a list's 共 N 条); later pages need not count again */
  withTotal?: boolean;
}

export const TASK_SORTS = ['deadline', '-deadline', '-updated'] as const;
export type TaskSort = (typeof TASK_SORTS)[number];

/** Each order with its keyset: the column compared, its type, and the direction the next page lies in. */
// the plan order's key as one text: 2026/000001/2026-003 (tasks under no group sort after the groups); "C" compares bytes
const PLAN_KEY = `((t.plan_year::text || '/' || lpad(COALESCE(tg.position, 999999)::text, 6, '0') || '/' || t.code) COLLATE "C")`;

const SORT_SQL: Record<TaskSort | 'plan', { key: string; type: 'date' | 'timestamptz' | 'text'; order: string; next: '>' | '<' }> = {
  deadline: { key: 't.current_deadline', type: 'date', order: 't.current_deadline, t.id', next: '>' },
  '-deadline': { key: 't.current_deadline', type: 'date', order: 't.current_deadline DESC, t.id DESC', next: '<' },
  '-updated': { key: 't.updated_at', type: 'timestamptz', order: 't.updated_at DESC, t.id DESC', next: '<' },
  plan: { key: PLAN_KEY, type: 'text', order: `${PLAN_KEY}, t.id`, next: '>' },
};

export interface TaskPage {
  items: TaskView[];
  nextCursor: string | null;
  total?: number;
}

export interface TaskStats {
  total: number;
  byStatus: Record<TaskStatus, number>;
  overdue: number;
  dueSoon: number;
}

export interface TaskUnitStats {
  unitId: string;
  unitName: string;
  total: number;
  open: number;
  overdue: number;
  dueSoon: number;
  completed: number;
}

export interface TaskHistoryEntry {
  id: string;
  at: Date;
  action: string;
  actor: { id: string; name: string; unitName: string | null } | null;
  fromStatus: TaskStatus | null;
  toStatus: TaskStatus | null;
  reason: string | null;
  changes: Record<string, { from: unknown; to: unknown }>;
}

/** The ledger's reads (台账): a task as its viewer sees it, the keyset-paged lists, their figures and the history. */
@Injectable()
export class TaskLedgerQueriesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly store: TaskStore,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async get(actor: Actor, taskId: string, em: EntityManager = this.dataSource.manager): Promise<TaskView> {
    // the row in the actor's scope with its pending extension, carry chain and parent, in one statement (every write
    // answers with this view, so it was six round trips of a POST progress's fifteen; docs/benchmarks.md)
    const p = new SqlParams();
    const [row]: QueryRow[] = await em.query(
      `SELECT ${TASK_VIEW_COLUMNS}, ${CARRY_CHAIN_COLUMNS}, ${PARENT_REF_COLUMN},
              pe.id AS pending_id, pe.requested_deadline AS pending_requested_deadline, pe.reason AS pending_reason,
              pe.created_at AS pending_created_at
         FROM task t ${TASK_VIEW_JOINS}
         LEFT JOIN LATERAL (SELECT x.id, x.requested_deadline, x.reason, x.created_at FROM task_extension x
                             WHERE x.task_id = t.id AND x.status = 'pending' LIMIT 1) pe ON true
        WHERE t.id = ${p.add(taskId)} AND ${taskScopeSql(actor, p)}`, p.values);
    // outside the scope as if it did not exist: existence is never leaked
    if (!row) throw TaskErrors.notFound(taskId);
    const today = this.clock.today();
    const view = toTaskView(row, today, this.config.tasks.dueSoonDays);
    const relation = relationTo(actor, { leadUnitId: view.leadUnit.id, jurisdictionId: view.jurisdictionId },
      view.coOwners.map((c) => c.unitId));
    const pending = row.pending_id ? { id: row.pending_id as string, requestedDeadline: dateString(row.pending_requested_deadline),
      reason: row.pending_reason as string, requestedAt: row.pending_created_at as Date } : null;
    view.pendingExtension = pending;
    view.sourceReport = await this.sourceOf(view, em);
    view.carriedFrom = row.carry_from_ref ?? null;
    view.carriedTo = row.carry_to_ref ?? null;
    view.parent = row.parent_ref ?? null;
    view.children = await childrenOf(em, taskId, today, this.config.tasks.dueSoonDays);
    view.allowedActions = allowedActions(relation, {
      status: view.status, hasPendingExtension: !!pending, deadlinePassed: view.currentDeadline < today,
      leaderInCharge: leadsTask(actor, { leadUnitId: view.leadUnit.id, responsibleLeaderId: view.responsibleLeader?.id ?? null }),
      awaitingReview: !!view.firstApproval, firstApprovedByViewer: view.firstApproval?.by.id === actor.userId,
    });
    return view;
  }

  /** The exact characters of the report the task came from (spans are JS string offsets, so slice here, not in SQL). */
  private async sourceOf(view: TaskView, em: EntityManager): Promise<TaskView['sourceReport']> {
    if (!view.reportId) return null;
    const [report] = await em.query(`SELECT id, title, file_name, text FROM ${REPORT_ROWS} r WHERE id = $1`, [view.reportId]);
    if (!report) return null;
    return { id: report.id, title: report.title ?? report.file_name, itemId: view.reportItemId,
      text: view.sourceSpan ? (report.text as string).slice(view.sourceSpan.start, view.sourceSpan.end) : null };
  }

  /**
   * Keyset-paged in the chosen order with the id as tie-break: (current_deadline, id) both ways, the order of the
   * deadline indexes, or (updated_at, id) newest first. The cursor carries the sort key as PostgreSQL wrote it, so
   * timestamps keep their microseconds, and names its order, so it cannot be replayed under another one.
   */
  async list(actor: Actor, query: TaskListQuery): Promise<TaskPage> {
    const sortName = query.sort ?? 'deadline';
    const c = new SqlParams();
    // the first page's total: the same conditions without the cursor and the limit
    const countSql = query.withTotal && !query.after
      ? `SELECT count(*)::int AS n FROM task t WHERE ${[taskScopeSql(actor, c), ...this.filters(query, c)].join(' AND ')}` : null;
    const [rows, counted] = await Promise.all([
      this.page(actor, query, sortName),
      countSql ? this.dataSource.query(countSql, c.values) as Promise<Array<{ n: number }>> : null,
    ]);
    const today = this.clock.today();
    const items = rows.slice(0, query.limit).map((r) => toTaskView(r, today, this.config.tasks.dueSoonDays));
    const last = rows[query.limit - 1];
    const nextCursor = rows.length > query.limit && last ? encodeCursor(sortName, String(last.sort_key), String(last.id)) : null;
    return counted ? { items, nextCursor, total: counted[0].n } : { items, nextCursor };
  }

  /**
   * One page's rows (limit + 1) in the sort's order. An office over several jurisdictions (a city and its counties)
   * pages each jurisdiction down its own (jurisdiction_id, key, id) index — the page's rows at most from each — and
   * merges them: `jurisdiction_id = ANY(…)` has no index in that order, so every page would read and sort the city's
   * whole ledger (170,000 tasks: 296 ms a page; merged, 14 ms on page 1 and 10 ms on page 1,000; docs/benchmarks.md).
   */
  private page(actor: Actor, query: TaskListQuery, sortName: TaskSort | 'plan'): Promise<Array<Record<string, unknown>>> {
    const sort = SORT_SQL[sortName];
    const p = new SqlParams();
    const merged = actor.role === 'office' && actor.jurisdictionIds.length > 1 && sortName !== 'plan';
    const where = [...(merged ? [] : [taskScopeSql(actor, p)]), ...this.filters(query, p)];
    if (query.after) {
      const [key, id] = decodeCursor(query.after, sortName);
      const keyParam = sort.type === 'text' ? `${p.add(key)}::text COLLATE "C"` : `${p.add(key)}::${sort.type}`;
      where.push(`(${sort.key}, t.id) ${sort.next} (${keyParam}, ${p.add(id)}::uuid)`);
    }
    const limit = p.add(query.limit + 1);
    const from = merged
      ? `(SELECT x.* FROM unnest(${p.add(actor.jurisdictionIds)}::uuid[]) AS j(id) CROSS JOIN LATERAL (SELECT t.* FROM task t
           WHERE ${['t.jurisdiction_id = j.id', ...where].join(' AND ')} ORDER BY ${sort.order} LIMIT ${limit}) x) t`
      : 'task t';
    return this.dataSource.query(
      `SELECT ${TASK_VIEW_COLUMNS}, ${sort.key}::text AS sort_key FROM ${from} ${TASK_VIEW_JOINS}
        ${merged ? '' : `WHERE ${where.join(' AND ')}`} ORDER BY ${sort.order} LIMIT ${limit}`,
      p.values,
    );
  }

  /**
   * The whole filtered ledger in the caller's scope, page by page in the query's order (deadline, id by default): the
   * list query with its keyset cursor, so an export of any size holds one page in memory at a time.
   */
  async *pages(actor: Actor, query: Omit<TaskListQuery, 'after' | 'limit'>, pageSize = 1000): AsyncGenerator<TaskView[]> {
    let after: string | undefined;
    do {
      const page = await this.list(actor, { ...query, after, limit: pageSize });
      if (page.items.length) yield page.items;
      after = page.nextCursor ?? undefined;
    } while (after);
  }

  async stats(actor: Actor, query: Omit<TaskListQuery, 'after' | 'limit'> = {}): Promise<TaskStats> {
    const p = new SqlParams();
    const where = [taskScopeSetSql(actor, p), ...this.filters(query, p)];
    const today = p.add(this.clock.today());
    const soon = p.add(this.config.tasks.dueSoonDays);
    const rows: Array<{ status: TaskStatus; n: string; overdue: string; due_soon: string }> = await this.dataSource.query(
      `SELECT t.status, count(*) AS n,
              count(*) FILTER (WHERE t.status IN ${OPEN_SQL} AND t.current_deadline < ${today}::date) AS overdue,
              count(*) FILTER (WHERE t.status IN ${OPEN_SQL} AND t.current_deadline >= ${today}::date
                                 AND t.current_deadline <= ${today}::date + ${soon}::int) AS due_soon
         FROM task t WHERE ${where.join(' AND ')} GROUP BY t.status`,
      p.values,
    );
    const byStatus = { draft: 0, assigned: 0, acknowledged: 0, submitted: 0, completed: 0, cancelled: 0 };
    let overdue = 0;
    let dueSoon = 0;
    for (const r of rows) {
      byStatus[r.status] = Number(r.n);
      overdue += Number(r.overdue);
      dueSoon += Number(r.due_soon);
    }
    return { total: Object.values(byStatus).reduce((a, b) => a + b, 0), byStatus, overdue, dueSoon };
  }

  /** Per lead unit, in the caller's scope: open, overdue, due soon and completed counts (the dashboard's unit chart). */
  async statsByUnit(actor: Actor, query: Omit<TaskListQuery, 'after' | 'limit'> = {}): Promise<TaskUnitStats[]> {
    const p = new SqlParams();
    const where = [taskScopeSetSql(actor, p), ...this.filters(query, p)];
    const today = p.add(this.clock.today());
    const soon = p.add(this.config.tasks.dueSoonDays);
    const rows: Array<Record<string, string>> = await this.dataSource.query(
      `SELECT t.lead_unit_id AS unit_id, lu.name AS unit_name, count(*) AS total,
              count(*) FILTER (WHERE t.status IN ${OPEN_SQL}) AS open,
              count(*) FILTER (WHERE t.status IN ${OPEN_SQL} AND t.current_deadline < ${today}::date) AS overdue,
              count(*) FILTER (WHERE t.status IN ${OPEN_SQL} AND t.current_deadline >= ${today}::date
                                 AND t.current_deadline <= ${today}::date + ${soon}::int) AS due_soon,
              count(*) FILTER (WHERE t.status = 'completed') AS completed
         FROM task t JOIN unit lu ON lu.id = t.lead_unit_id
        WHERE ${where.join(' AND ')} AND t.status <> 'draft'
        GROUP BY t.lead_unit_id, lu.name ORDER BY overdue DESC, open DESC, lu.name`,
      p.values,
    );
    return rows.map((r) => ({ unitId: r.unit_id, unitName: r.unit_name, total: Number(r.total), open: Number(r.open),
      overdue: Number(r.overdue), dueSoon: Number(r.due_soon), completed: Number(r.completed) }));
  }

  async history(actor: Actor, taskId: string): Promise<TaskHistoryEntry[]> {
    await this.store.loadScoped(actor, taskId);
    const rows: Array<QueryRow> = await this.dataSource.query(
      `SELECT e.*, u.display_name AS actor_name, un.name AS actor_unit_name
         FROM task_event e LEFT JOIN app_user u ON u.id = e.actor_id LEFT JOIN unit un ON un.id = e.actor_unit_id
        WHERE e.task_id = $1 ORDER BY e.id`,
      [taskId],
    );
    return rows.map((r) => ({
      id: String(r.id), at: r.at, action: r.action,
      actor: r.actor_id ? { id: r.actor_id, name: r.actor_name, unitName: r.actor_unit_name } : null,
      fromStatus: r.from_status, toStatus: r.to_status, reason: r.reason, changes: r.changes,
    }));
  }

  private filters(query: Omit<TaskListQuery, 'after' | 'limit'>, p: SqlParams): string[] {
    const where: string[] = [];
    if (query.status?.length) where.push(`t.status = ANY(${p.add(query.status)}::text[])`);
    if (query.leadUnitId) where.push(`t.lead_unit_id = ${p.add(query.leadUnitId)}`);
    if (query.coOwnerUnitId) {
      where.push(`EXISTS (SELECT 1 FROM task_co_owner c2 WHERE c2.task_id = t.id AND c2.unit_id = ${p.add(query.coOwnerUnitId)})`);
    }
    if (query.planYear) where.push(`t.plan_year = ${p.add(query.planYear)}`);
    if (query.overdue !== undefined || query.light) {
      const today = p.add(this.clock.today());
      const overdueSql = `(t.status IN ${OPEN_SQL} AND t.current_deadline < ${today}::date)`;
      if (query.overdue !== undefined) where.push(query.overdue ? overdueSql : `NOT ${overdueSql}`);
      if (query.light === 'red') where.push(overdueSql);
      if (query.light === 'yellow' || query.light === 'green') {
        const soonEnd = `${today}::date + ${p.add(this.config.tasks.dueSoonDays)}::int`;
        where.push(`t.status IN ${OPEN_SQL} AND t.current_deadline >= ${today}::date AND t.current_deadline ${query.light === 'yellow' ? '<=' : '>'} ${soonEnd}`);
      }
    }
    if (query.reportId) {
      where.push(query.reportId === 'none' ? 't.report_id IS NULL' : `t.report_id = ${p.add(query.reportId)}::uuid`);
    }
    if (query.groupId) {
      where.push(query.groupId === 'none' ? 't.group_id IS NULL' : `t.group_id = ${p.add(query.groupId)}::uuid`);
    }
    if (query.dueMonth) {
      const first = `${p.add(`${query.dueMonth}-01`)}::date`;
      where.push(`t.current_deadline >= ${first} AND t.current_deadline < (${first} + interval '1 month')::date`);
    }
    if (query.completedMonth) {
      const first = `${p.add(`${query.completedMonth}-01`)}::date`;
      where.push(`t.status = 'completed' AND t.completed_at >= ${businessMidnightSql(first)}
        AND t.completed_at < ${businessMidnightSql(`${first} + interval '1 month'`)}`);
    }
    if (query.onTime !== undefined) {
      where.push(query.onTime ? ON_TIME_SQL : `t.status = 'completed' AND NOT ${ON_TIME_SQL}`);
    }
    if (query.overdueAt) {
      const day = `${p.add(query.overdueAt)}::date`;
      where.push(overdueAtSql(businessMidnightSql(`${day} + 1`), day));
    }
    if (query.q) {
      const like = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      where.push(`(t.code || ' ' || t.title || ' ' || t.description) ILIKE ${p.add(like)}`);
    }
    return where;
  }
}

export function encodeCursor(sort: TaskSort | 'plan', key: string, id: string): string {
  return Buffer.from(`${sort}|${key}|${id}`).toString('base64url');
}

export function decodeCursor(cursor: string, sort: TaskSort | 'plan'): [string, string] {
  const [from, key, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  const type = SORT_SQL[sort].type;
  const keyOk = type === 'date' ? /^\d{4}-\d{2}-\d{2}$/.test(key ?? '') : type === 'text' ? Boolean(key)
    : !Number.isNaN(Date.parse(key ?? ''));
  if (from !== sort || !keyOk || !/^[0-9a-f-]{36}$/i.test(id ?? '')) {
    throw new DomainError('invalid', 'BAD_CURSOR', '分页游标无效，请从第一页重新查询');
  }
  return [key, id];
}

