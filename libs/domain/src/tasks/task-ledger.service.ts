import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '@app/config';
import { QueryRow, TaskCoOwnerEntity, TaskEntity, TaskPriority, TaskStatus, UnitEntity } from '@app/database';
import type { Actor } from '../organisation/actor';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { SqlParams } from '../common/sql-params';
import { taskScopeSetSql, taskScopeSql } from './task-access';
import { TaskStore } from './task-store';
import { TASK_VIEW_COLUMNS, TASK_VIEW_JOINS, TaskView, dateString, toTaskView } from './task-view';
import { allowedActions, leadsTask, OPEN_STATUSES, TASK_OPERATIONS, TrafficLight } from './task-workflow';
import { TaskErrors } from './tasks.errors';

export interface CreateTaskInput {
  title: string;
  description?: string;
  planYear: number;
  leadUnitId: string;
  coOwnerUnitIds?: string[];
  responsibleLeaderId?: string | null;
  deadline: string;
  priority?: TaskPriority;
  source?: string | null;
  /** required for admins, who belong to no jurisdiction of their own */
  jurisdictionId?: string;
  reportId?: string | null;
  reportItemId?: string | null;
  sourceSpan?: { start: number; end: number } | null;
  /** set by the Excel ledger import: the row's key, unique per jurisdiction */
  importKey?: string | null;
}

export interface EditTaskInput {
  title?: string;
  description?: string;
  priority?: TaskPriority;
  responsibleLeaderId?: string | null;
  coOwnerUnitIds?: string[];
  source?: string | null;
  deadline?: string;
  expectedVersion?: number;
}

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
  /** YYYY-MM: the current deadline falls in this month */
  dueMonth?: string;
  /** YYYY-MM: completed (approved) in this month, Beijing time */
  completedMonth?: string;
  /** completed on or before the current deadline (true) or after it (false) */
  onTime?: boolean;
  /** YYYY-MM-DD: overdue at the end of that day (the dashboard's month-end figure) */
  overdueAt?: string;
  /** the ledger's order: deadline first (default), latest deadline first, or latest change first (最近更新) */
  sort?: TaskSort;
  after?: string;
  limit: number;
}

export const TASK_SORTS = ['deadline', '-deadline', '-updated'] as const;
export type TaskSort = (typeof TASK_SORTS)[number];

/** Each order with its keyset: the column compared, its type, and the direction the next page lies in. */
const SORT_SQL: Record<TaskSort, { key: string; type: 'date' | 'timestamptz'; order: string; next: '>' | '<' }> = {
  deadline: { key: 't.current_deadline', type: 'date', order: 't.current_deadline, t.id', next: '>' },
  '-deadline': { key: 't.current_deadline', type: 'date', order: 't.current_deadline DESC, t.id DESC', next: '<' },
  '-updated': { key: 't.updated_at', type: 'timestamptz', order: 't.updated_at DESC, t.id DESC', next: '<' },
};

export interface TaskPage {
  items: TaskView[];
  nextCursor: string | null;
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

const OPEN_SQL = `('${OPEN_STATUSES.join("', '")}')`;

/** A date's first instant in Beijing, as timestamptz (completed_at and friends are instants). */
export const beijingMidnight = (dateSql: string) => `((${dateSql})::timestamp AT TIME ZONE 'Asia/Shanghai')`;

/** Completed (approved) on or before the current deadline, by the Beijing date of the approval. */
export const ON_TIME_SQL = `(t.status = 'completed' AND (t.completed_at AT TIME ZONE 'Asia/Shanghai')::date <= t.current_deadline)`;

/**
 * Overdue at the instant `end` (SQL, timestamptz) with `lastDay` (SQL date) its eve: published before, deadline on or
 * before that day, neither completed nor cancelled by then — the monthly bulletin's month-end rule.
 */
export const overdueAtSql = (end: string, lastDay: string) =>
  `(t.assigned_at < ${end} AND t.current_deadline <= ${lastDay}
    AND NOT (t.status = 'completed' AND t.completed_at < ${end}) AND NOT (t.status = 'cancelled' AND t.cancelled_at < ${end}))`;

/** The ledger (台账): creating and editing tasks, and every read of them. */
@Injectable()
export class TaskLedgerService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly store: TaskStore,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async create(actor: Actor, input: CreateTaskInput, em?: EntityManager): Promise<TaskView> {
    const [id] = await (em ? this.createMany(actor, [input], em)
      : this.dataSource.transaction((tx) => this.createMany(actor, [input], tx)));
    return this.get(actor, id, em);
  }

  /**
   * Drafts of one jurisdiction in a few set-based statements (one for `create`; 5,000 for the Excel import, in
   * seconds where a task at a time took minutes): units, leaders and deadlines checked, codes taken from the counter
   * in one step per plan year, then tasks, co-owners and their 'create' events inserted `CHUNK` rows at a time. Runs inside the caller's
   * transaction; `onChunk` hears how many are written so far. Returns the new ids in input order.
   */
  async createMany(actor: Actor, inputs: CreateTaskInput[], em: EntityManager,
    onChunk: (written: number) => void = () => undefined): Promise<string[]> {
    this.assertOffice(actor, '创建任务');
    if (!inputs.length) return [];
    const jurisdictionId = await this.resolveJurisdiction(em, actor, inputs[0].jurisdictionId);
    if (inputs.some((i) => (i.jurisdictionId ?? inputs[0].jurisdictionId) !== inputs[0].jurisdictionId)) {
      throw TaskErrors.jurisdictionRequired();
    }
    const coOwners = inputs.map((i) => [...new Set(i.coOwnerUnitIds ?? [])]);
    inputs.forEach((i, k) => {
      if (coOwners[k].includes(i.leadUnitId)) throw TaskErrors.leadAsCoOwner();
      this.assertFutureDeadline(i.deadline);
    });
    await this.assertUnits(em, jurisdictionId, [...new Set([...inputs.map((i) => i.leadUnitId), ...coOwners.flat()])], null);
    for (const leaderId of new Set(inputs.map((i) => i.responsibleLeaderId).filter((x): x is string => !!x))) {
      await this.assertLeader(em, leaderId, jurisdictionId);
    }
    const codes: string[] = new Array(inputs.length);
    for (const year of new Set(inputs.map((i) => i.planYear))) {
      const at = inputs.flatMap((i, k) => (i.planYear === year ? [k] : []));
      const [{ last_seq: last }] = await em.query(
        `INSERT INTO task_code_counter (jurisdiction_id, plan_year, last_seq) VALUES ($1, $2, $3)
         ON CONFLICT (jurisdiction_id, plan_year) DO UPDATE SET last_seq = task_code_counter.last_seq + EXCLUDED.last_seq
         RETURNING last_seq`, [jurisdictionId, year, at.length]);
      at.forEach((k, n) => { codes[k] = `${year}-${String(last - at.length + 1 + n).padStart(3, '0')}`; });
    }
    const ids = inputs.map(() => randomUUID());
    const now = this.clock.now();
    const CHUNK = 250;
    for (let from = 0; from < inputs.length; from += CHUNK) {
      const part = inputs.slice(from, from + CHUNK);
      const col = <T>(f: (i: CreateTaskInput, k: number) => T) => part.map((i, n) => f(i, from + n));
      await em.query(
        `INSERT INTO task (id, jurisdiction_id, code, plan_year, title, description, source, report_id, report_item_id,
                           source_span_start, source_span_end, import_key, lead_unit_id, responsible_leader_id,
                           original_deadline, current_deadline, priority, status, created_by, created_at, updated_at)
         SELECT r.id, $1, r.code, r.plan_year, r.title, r.description, r.source, r.report_id, r.report_item_id, r.span_start,
                r.span_end, r.import_key, r.lead, r.leader, r.deadline, r.deadline, r.priority, 'draft', $2, $3, $3
           FROM unnest($4::uuid[], $5::text[], $6::int[], $7::text[], $8::text[], $9::text[], $10::uuid[], $11::uuid[],
                       $12::int[], $13::int[], $14::text[], $15::uuid[], $16::uuid[], $17::date[], $18::text[])
             AS r(id, code, plan_year, title, description, source, report_id, report_item_id, span_start, span_end,
                  import_key, lead, leader, deadline, priority)`,
        [jurisdictionId, actor.userId, now, col((_, k) => ids[k]), col((_, k) => codes[k]), col((i) => i.planYear),
          col((i) => i.title), col((i) => i.description ?? ''), col((i) => i.source ?? null), col((i) => i.reportId ?? null),
          col((i) => i.reportItemId ?? null), col((i) => i.sourceSpan?.start ?? null), col((i) => i.sourceSpan?.end ?? null),
          col((i) => i.importKey ?? null), col((i) => i.leadUnitId), col((i) => i.responsibleLeaderId ?? null),
          col((i) => i.deadline), col((i) => i.priority ?? 'normal')]);
      const pairs = part.flatMap((_, n) => coOwners[from + n].map((unitId) => [ids[from + n], unitId]));
      if (pairs.length) {
        await em.query(`INSERT INTO task_co_owner (task_id, unit_id) SELECT * FROM unnest($1::uuid[], $2::uuid[])`,
          [pairs.map((x) => x[0]), pairs.map((x) => x[1])]);
      }
      await em.query(
        `INSERT INTO task_event (task_id, actor_id, actor_unit_id, at, action, from_status, to_status, reason, changes)
         SELECT id, $2, $3, $4, 'create', NULL, 'draft', NULL, '{}'::jsonb FROM unnest($1::uuid[]) id`,
        [col((_, k) => ids[k]), actor.userId, actor.unitId, now]);
      onChunk(Math.min(from + CHUNK, inputs.length));
    }
    return ids;
  }

  /** Answers with the task as the edit's own transaction reads it back: a saved edit never turns into an error. */
  async edit(actor: Actor, taskId: string, input: EditTaskInput): Promise<TaskView> {
    return this.dataSource.transaction(async (em) => {
      const { task, coOwnerUnitIds, relation } = await this.store.loadScoped(actor, taskId, em);
      if (relation !== 'office') throw TaskErrors.officeOnly('编辑任务');
      if (!TASK_OPERATIONS.edit.statuses.includes(task.status)) {
        throw TaskErrors.illegalTransition(task.status, '编辑');
      }
      if (input.expectedVersion !== undefined && input.expectedVersion !== task.version) {
        throw TaskErrors.versionMismatch(input.expectedVersion, task.version);
      }
      const patch: Partial<TaskEntity> = {};
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      const set = <K extends keyof TaskEntity>(key: K, value: TaskEntity[K] | undefined) => {
        if (value === undefined || value === task[key]) return;
        patch[key] = value;
        changes[key] = { from: task[key], to: value };
      };
      set('title', input.title);
      set('description', input.description);
      set('priority', input.priority);
      set('source', input.source);
      if (input.responsibleLeaderId !== undefined) {
        if (input.responsibleLeaderId) await this.assertLeader(em, input.responsibleLeaderId, task.jurisdictionId);
        set('responsibleLeaderId', input.responsibleLeaderId);
      }
      if (input.deadline !== undefined && input.deadline !== dateString(task.currentDeadline)) {
        if (task.status !== 'draft') throw TaskErrors.deadlineLocked();
        this.assertFutureDeadline(input.deadline);
        changes.deadline = { from: task.currentDeadline, to: input.deadline };
        patch.originalDeadline = input.deadline;
        patch.currentDeadline = input.deadline;
      }
      if (input.coOwnerUnitIds !== undefined) {
        const next = [...new Set(input.coOwnerUnitIds)].sort();
        if (next.join() !== [...coOwnerUnitIds].sort().join()) {
          await this.assertUnits(em, task.jurisdictionId, next, task.leadUnitId);
          await em.query(`DELETE FROM task_co_owner WHERE task_id = $1 AND NOT (unit_id = ANY($2::uuid[]))`, [task.id, next]);
          if (next.length) await em.createQueryBuilder().insert().into(TaskCoOwnerEntity)
            .values(next.map((unitId) => ({ taskId: task.id, unitId }))).orIgnore().execute();
          changes.coOwnerUnitIds = { from: coOwnerUnitIds, to: next };
        }
      }
      if (Object.keys(changes).length) {
        await this.store.updateVersioned(em, task, patch);
        await this.store.recordEvent(em, { taskId: task.id, actor, action: 'edit', changes });
      }
      return this.get(actor, taskId, em);
    });
  }

  async get(actor: Actor, taskId: string, em: EntityManager = this.dataSource.manager): Promise<TaskView> {
    const { relation } = await this.store.loadScoped(actor, taskId, em);
    const [row] = await em.query(`SELECT ${TASK_VIEW_COLUMNS} FROM task t ${TASK_VIEW_JOINS} WHERE t.id = $1`, [taskId]);
    const today = this.clock.today();
    const view = toTaskView(row, today, this.config.tasks.dueSoonDays);
    const [pending] = await em.query(
      `SELECT id, requested_deadline, reason, created_at FROM task_extension WHERE task_id = $1 AND status = 'pending'`, [taskId]);
    view.pendingExtension = pending
      ? { id: pending.id, requestedDeadline: dateString(pending.requested_deadline), reason: pending.reason, requestedAt: pending.created_at }
      : null;
    view.sourceReport = await this.sourceOf(view, em);
    view.allowedActions = allowedActions(relation, {
      status: view.status, hasPendingExtension: !!pending, deadlinePassed: view.currentDeadline < today,
      leaderInCharge: leadsTask(actor, { leadUnitId: view.leadUnit.id, responsibleLeaderId: view.responsibleLeader?.id ?? null }),
    });
    return view;
  }

  /** The exact characters of the report the task came from (spans are JS string offsets, so slice here, not in SQL). */
  private async sourceOf(view: TaskView, em: EntityManager): Promise<TaskView['sourceReport']> {
    if (!view.reportId) return null;
    const [report] = await em.query(`SELECT id, title, file_name, text FROM report WHERE id = $1`, [view.reportId]);
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
    const sort = SORT_SQL[sortName];
    const p = new SqlParams();
    const where = [taskScopeSql(actor, p), ...this.filters(query, p)];
    if (query.after) {
      const [key, id] = decodeCursor(query.after, sortName);
      where.push(`(${sort.key}, t.id) ${sort.next} (${p.add(key)}::${sort.type}, ${p.add(id)}::uuid)`);
    }
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT ${TASK_VIEW_COLUMNS}, ${sort.key}::text AS sort_key FROM task t ${TASK_VIEW_JOINS}
        WHERE ${where.join(' AND ')} ORDER BY ${sort.order} LIMIT ${p.add(query.limit + 1)}`,
      p.values,
    );
    const today = this.clock.today();
    const items = rows.slice(0, query.limit).map((r) => toTaskView(r, today, this.config.tasks.dueSoonDays));
    const last = rows[query.limit - 1];
    return { items, nextCursor: rows.length > query.limit && last ? encodeCursor(sortName, String(last.sort_key), String(last.id)) : null };
  }

  /**
   * The whole filtered ledger in the caller's scope, page by page in (current_deadline, id) order: the list query
   * with its keyset cursor, so an export of any size holds one page in memory at a time.
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
    if (query.dueMonth) {
      const first = `${p.add(`${query.dueMonth}-01`)}::date`;
      where.push(`t.current_deadline >= ${first} AND t.current_deadline < (${first} + interval '1 month')::date`);
    }
    if (query.completedMonth) {
      const first = `${p.add(`${query.completedMonth}-01`)}::date`;
      where.push(`t.status = 'completed' AND t.completed_at >= ${beijingMidnight(first)}
        AND t.completed_at < ${beijingMidnight(`${first} + interval '1 month'`)}`);
    }
    if (query.onTime !== undefined) {
      where.push(query.onTime ? ON_TIME_SQL : `t.status = 'completed' AND NOT ${ON_TIME_SQL}`);
    }
    if (query.overdueAt) {
      const day = `${p.add(query.overdueAt)}::date`;
      where.push(overdueAtSql(beijingMidnight(`${day} + 1`), day));
    }
    if (query.q) {
      const like = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      where.push(`(t.code || ' ' || t.title || ' ' || t.description) ILIKE ${p.add(like)}`);
    }
    return where;
  }

  private async resolveJurisdiction(em: EntityManager, actor: Actor, requested?: string): Promise<string> {
    if (actor.role === 'office') return actor.jurisdictionId;
    if (!requested) throw TaskErrors.jurisdictionRequired();
    const unit = await em.findOneBy(UnitEntity, { id: requested, kind: 'jurisdiction' });
    if (!unit) throw TaskErrors.unitNotInJurisdiction(requested);
    return unit.id;
  }

  /** Lead and co-owner units: departments, townships or the office itself, inside the task's jurisdiction. */
  private async assertUnits(em: EntityManager, jurisdictionId: string, unitIds: string[], leadUnitId: string | null): Promise<void> {
    if (!unitIds.length) return;
    if (leadUnitId && unitIds.includes(leadUnitId)) throw TaskErrors.leadAsCoOwner();
    const rows: Array<{ id: string; kind: string; inside: boolean }> = await em.query(
      `SELECT u.id, u.kind, u.path LIKE j.path || '%' AS inside FROM unit u, unit j WHERE u.id = ANY($1::uuid[]) AND j.id = $2`,
      [unitIds, jurisdictionId],
    );
    for (const id of unitIds) {
      const row = rows.find((r) => r.id === id);
      if (!row || !row.inside) throw TaskErrors.unitNotInJurisdiction(id);
      if (row.kind === 'jurisdiction') throw TaskErrors.unitNotAssignable(id);
    }
  }

  private async assertLeader(em: EntityManager, userId: string, jurisdictionId: string): Promise<void> {
    const rows: unknown[] = await em.query(
      `SELECT 1 FROM app_user u JOIN unit un ON un.id = u.unit_id JOIN unit j ON j.id = $2
        WHERE u.id = $1 AND u.role = 'leader' AND u.active AND un.path LIKE j.path || '%'`,
      [userId, jurisdictionId],
    );
    if (!rows.length) throw TaskErrors.leaderNotFound(userId);
  }

  private assertFutureDeadline(deadline: string): void {
    if (deadline < this.clock.today()) throw TaskErrors.deadlineInPast(deadline);
  }

  private assertOffice(actor: Actor, what: string): void {
    if (actor.role !== 'office' && actor.role !== 'admin') throw TaskErrors.officeOnly(what);
  }
}

export function encodeCursor(sort: TaskSort, key: string, id: string): string {
  return Buffer.from(`${sort}|${key}|${id}`).toString('base64url');
}

export function decodeCursor(cursor: string, sort: TaskSort): [string, string] {
  const [from, key, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  const keyOk = SORT_SQL[sort].type === 'date' ? /^\d{4}-\d{2}-\d{2}$/.test(key ?? '') : !Number.isNaN(Date.parse(key ?? ''));
  if (from !== sort || !keyOk || !/^[0-9a-f-]{36}$/i.test(id ?? '')) {
    throw new DomainError('invalid', 'BAD_CURSOR', '分页游标无效，请从第一页重新查询');
  }
  return [key, id];
}
