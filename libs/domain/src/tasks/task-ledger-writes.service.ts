import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { TaskCoOwnerEntity, TaskEntity, TaskPriority, UnitEntity } from '@app/database';
import type { Actor } from '../organisation/actor';
import { Clock } from '../common/clock';
import { TaskLedgerQueriesService } from './task-ledger-queries.service';
import { TaskStore } from './task-store';
import { TaskView, dateString } from './task-view';
import { TASK_OPERATIONS } from './task-workflow';
import { TaskErrors } from './tasks.errors';
import { parseReportCycle, ReportCycle, sameCycle } from './report-cycle';

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
  /** 定期报送 (report-cycle.ts), checked here; none when absent */
  reportCycle?: unknown;
}

export interface EditTaskInput {
  title?: string;
  description?: string;
  priority?: TaskPriority;
  responsibleLeaderId?: string | null;
  coOwnerUnitIds?: string[];
  source?: string | null;
  deadline?: string;
  /** 定期报送: a cycle, or null to drop it */
  reportCycle?: unknown;
  expectedVersion?: number;
}

/**
 * The ledger's writes (台账): tasks created one at a time or thousands at once, and drafts edited. What the workflow
 * changes after publication (status, deadline by extension, lead by transfer) is TaskWorkflowService's.
 */
@Injectable()
export class TaskLedgerWritesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly store: TaskStore,
    private readonly queries: TaskLedgerQueriesService,
    private readonly clock: Clock,
  ) {}

  async create(actor: Actor, input: CreateTaskInput, em?: EntityManager): Promise<TaskView> {
    const [id] = await (em ? this.createMany(actor, [input], em)
      : this.dataSource.transaction((tx) => this.createMany(actor, [input], tx)));
    return this.queries.get(actor, id, em);
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
    const cycles = inputs.map((i) => (i.reportCycle === undefined ? null : parseReportCycle(i.reportCycle)));
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
    return this.insertDrafts(actor, jurisdictionId, inputs, codes, coOwners, cycles, null, em, onChunk);
  }

  /**
   * 分解落实: drafts of sub-tasks of `parent`, written by its lead unit or the office (the caller checks which, and
   * publishes them). Each goes to a department or township of the parent's jurisdiction other than the parent's lead
   * unit, by a deadline not after the parent's; codes continue the parent's (2026-007-01, -02 …) from its existing
   * children, counted under a lock on the parent row. Returns the new ids in input order.
   */
  async createSubtasks(actor: Actor, parent: TaskEntity, items: Array<{ title: string; leadUnitId: string; deadline: string;
    description?: string }>, em: EntityManager): Promise<string[]> {
    const parentDeadline = dateString(parent.currentDeadline);
    for (const i of items) {
      if (i.leadUnitId === parent.leadUnitId) throw TaskErrors.subtaskSelf(i.leadUnitId);
      this.assertFutureDeadline(i.deadline);
      if (i.deadline > parentDeadline) throw TaskErrors.subtaskDeadline(i.deadline, parentDeadline);
    }
    await this.assertUnits(em, parent.jurisdictionId, [...new Set(items.map((i) => i.leadUnitId))], null);
    await em.query(`SELECT 1 FROM task WHERE id = $1 FOR UPDATE`, [parent.id]);
    const [{ n }]: Array<{ n: number }> = await em.query(`SELECT count(*)::int AS n FROM task WHERE parent_task_id = $1`, [parent.id]);
    const inputs: CreateTaskInput[] = items.map((i) => ({ title: i.title, description: i.description, leadUnitId: i.leadUnitId,
      deadline: i.deadline, planYear: parent.planYear, priority: parent.priority }));
    const codes = items.map((_, k) => `${parent.code}-${String(n + k + 1).padStart(2, '0')}`);
    return this.insertDrafts(actor, parent.jurisdictionId, inputs, codes, inputs.map(() => []), inputs.map(() => null), parent.id, em,
      () => undefined);
  }

  private async insertDrafts(actor: Actor, jurisdictionId: string, inputs: CreateTaskInput[], codes: string[], coOwners: string[][],
    cycles: Array<ReportCycle | null>, parentTaskId: string | null, em: EntityManager, onChunk: (written: number) => void): Promise<string[]> {
    const ids = inputs.map(() => randomUUID());
    const now = this.clock.now();
    const CHUNK = 250;
    for (let from = 0; from < inputs.length; from += CHUNK) {
      const part = inputs.slice(from, from + CHUNK);
      const col = <T>(f: (i: CreateTaskInput, k: number) => T) => part.map((i, n) => f(i, from + n));
      await em.query(
        `INSERT INTO task (id, jurisdiction_id, code, plan_year, title, description, source, report_id, report_item_id,
                           source_span_start, source_span_end, import_key, lead_unit_id, responsible_leader_id,
                           original_deadline, current_deadline, priority, status, created_by, created_at, updated_at,
                           report_cycle, report_cycle_since, parent_task_id)
         SELECT r.id, $1, r.code, r.plan_year, r.title, r.description, r.source, r.report_id, r.report_item_id, r.span_start,
                r.span_end, r.import_key, r.lead, r.leader, r.deadline, r.deadline, r.priority, 'draft', $2, $3, $3,
                r.cycle, CASE WHEN r.cycle IS NOT NULL THEN $20::date END, $21::uuid
           FROM unnest($4::uuid[], $5::text[], $6::int[], $7::text[], $8::text[], $9::text[], $10::uuid[], $11::uuid[],
                       $12::int[], $13::int[], $14::text[], $15::uuid[], $16::uuid[], $17::date[], $18::text[], $19::jsonb[])
             AS r(id, code, plan_year, title, description, source, report_id, report_item_id, span_start, span_end,
                  import_key, lead, leader, deadline, priority, cycle)`,
        [jurisdictionId, actor.userId, now, col((_, k) => ids[k]), col((_, k) => codes[k]), col((i) => i.planYear),
          col((i) => i.title), col((i) => i.description ?? ''), col((i) => i.source ?? null), col((i) => i.reportId ?? null),
          col((i) => i.reportItemId ?? null), col((i) => i.sourceSpan?.start ?? null), col((i) => i.sourceSpan?.end ?? null),
          col((i) => i.importKey ?? null), col((i) => i.leadUnitId), col((i) => i.responsibleLeaderId ?? null),
          col((i) => i.deadline), col((i) => i.priority ?? 'normal'), col((_, k) => (cycles[k] ? JSON.stringify(cycles[k]) : null)),
          this.clock.today(), parentTaskId]);
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
      if (input.reportCycle !== undefined) {
        const cycle = parseReportCycle(input.reportCycle);
        if (!sameCycle(cycle, task.reportCycle)) {
          changes.reportCycle = { from: task.reportCycle, to: cycle };
          patch.reportCycle = cycle;
          patch.reportCycleSince = cycle ? this.clock.today() : null;
        }
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
      return this.queries.get(actor, taskId, em);
    });
  }

  /**
   * 定期报送 for many tasks at once (the office's batch): every task must be the office's (its jurisdiction) and not
   * closed (办结 or 撤销); one statement sets the cycle, restarting its since-date where it changes, and one writes an
   * 'edit' event per changed task. Returns how many changed.
   */
  async setReportCycle(actor: Actor, taskIds: string[], value: unknown): Promise<{ updated: number }> {
    this.assertOffice(actor, '设置报送周期');
    const cycle: ReportCycle | null = parseReportCycle(value);
    const ids = [...new Set(taskIds)];
    return this.dataSource.transaction(async (em) => {
      const rows: Array<{ id: string; code: string; status: string; report_cycle: ReportCycle | null }> = await em.query(
        `SELECT id, code, status, report_cycle FROM task WHERE id = ANY($1::uuid[]) AND ($2::uuid IS NULL OR jurisdiction_id = $2)
          ORDER BY id FOR UPDATE`, [ids, actor.role === 'office' ? actor.jurisdictionId : null]);
      const missing = ids.find((id) => !rows.some((r) => r.id === id));
      if (missing) throw TaskErrors.notFound(missing);
      const closed = rows.find((r) => r.status === 'completed' || r.status === 'cancelled');
      if (closed) throw TaskErrors.illegalTransition(closed.status as TaskEntity['status'], `设置报送周期（${closed.code}）`);
      const changed = rows.filter((r) => !sameCycle(r.report_cycle, cycle));
      if (!changed.length) return { updated: 0 };
      const now = this.clock.now();
      await em.query(
        `UPDATE task SET report_cycle = $2::jsonb, report_cycle_since = CASE WHEN $2::jsonb IS NULL THEN NULL ELSE $3::date END,
                version = version + 1, updated_at = $4 WHERE id = ANY($1::uuid[])`,
        [changed.map((r) => r.id), cycle && JSON.stringify(cycle), this.clock.today(), now]);
      await em.query(
        `INSERT INTO task_event (task_id, actor_id, actor_unit_id, at, action, from_status, to_status, reason, changes)
         SELECT r.id, $3, $4, $5, 'edit', NULL, NULL, NULL, jsonb_build_object('reportCycle', jsonb_build_object('from', r.cycle, 'to', $2::jsonb))
           FROM unnest($1::uuid[], $6::jsonb[]) AS r(id, cycle)`,
        [changed.map((r) => r.id), cycle && JSON.stringify(cycle), actor.userId, actor.unitId, now,
          changed.map((r) => r.report_cycle && JSON.stringify(r.report_cycle))]);
      return { updated: changed.length };
    });
  }

  private async resolveJurisdiction(em: EntityManager, actor: Actor, requested?: string): Promise<string> {
    if (actor.role === 'office') return actor.jurisdictionId;
    if (!requested) throw TaskErrors.jurisdictionRequired();
    const unit = await em.findOneBy(UnitEntity, { id: requested, kind: 'jurisdiction' });
    if (!unit) throw TaskErrors.unitNotInJurisdiction(requested);
    return unit.id;
  }

  /**
   * Lead and co-owner units: departments, townships or the office itself, of the task's own jurisdiction. A county below
   * a city is a jurisdiction of its own: its units work on its office's tasks, which the city office supervises.
   */
  private async assertUnits(em: EntityManager, jurisdictionId: string, unitIds: string[], leadUnitId: string | null): Promise<void> {
    if (!unitIds.length) return;
    if (leadUnitId && unitIds.includes(leadUnitId)) throw TaskErrors.leadAsCoOwner();
    const rows: Array<{ id: string; kind: string; inside: boolean }> = await em.query(
      `SELECT u.id, u.kind, u.jurisdiction_id = $2 AS inside FROM unit u WHERE u.id = ANY($1::uuid[])`, [unitIds, jurisdictionId]);
    for (const id of unitIds) {
      const row = rows.find((r) => r.id === id);
      if (!row || !row.inside) throw TaskErrors.unitNotInJurisdiction(id);
      if (row.kind === 'jurisdiction') throw TaskErrors.unitNotAssignable(id);
    }
  }

  private async assertLeader(em: EntityManager, userId: string, jurisdictionId: string): Promise<void> {
    const rows: unknown[] = await em.query(
      `SELECT 1 FROM app_user u JOIN unit un ON un.id = u.unit_id
        WHERE u.id = $1 AND u.role = 'leader' AND u.active AND un.jurisdiction_id = $2`,
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
