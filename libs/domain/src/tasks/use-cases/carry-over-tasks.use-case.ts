import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { TaskPriority, TaskStatus } from '@app/database';
import { Clock } from '../../common/clock';
import { DomainError } from '../../common/domain-error';
import { SqlParams } from '../../common/sql-params';
import { isOfficeLike, type Actor } from '../../organisation/actor';
import { taskScopeSql } from '../task-access';
import { TaskLedgerQueriesService } from '../task-ledger-queries.service';
import { CreateTaskInput, TaskLedgerWritesService } from '../task-ledger-writes.service';
import { TaskStore } from '../task-store';
import type { TaskView } from '../task-view';
import { OPEN_STATUSES, STATUS_LABELS } from '../task-workflow';
import { TaskErrors } from '../tasks.errors';

export interface CarryOverInput {
  actor: Actor;
  ids: string[];
  /** the plan year the tasks go on in; later than each task's own */
  planYear: number;
  /** the new tasks' deadline; default the last day of that year (the office sets each before 交办) */
  deadline?: string;
}

export interface CarryOverResult {
  carried: Array<{ fromId: string; fromCode: string; task: TaskView }>;
}

export const CarryOverErrors = {
  already: (items: Array<{ code: string; nextCode: string; nextPlanYear: number }>) => new DomainError('conflict', 'TASK_ALREADY_CARRIED',
    `${items.map((i) => `任务 ${i.code} 已结转至${i.nextPlanYear}年（${i.nextCode}）`).join('；')}，不能再次结转`, { items }),
  notOpen: (items: Array<{ code: string; status: TaskStatus }>) => new DomainError('conflict', 'TASK_NOT_CARRYABLE',
    `${items.map((i) => `任务 ${i.code} 当前状态为“${STATUS_LABELS[i.status]}”`).join('；')}；只有已交办、尚未办结的任务可以结转`,
    { items }),
  year: (planYear: number, code: string, taskYear: number) => new DomainError('invalid', 'TASK_CARRY_YEAR',
    `结转年度（planYear）须晚于任务所属年度：任务 ${code} 属于${taskYear}年，不能结转至${planYear}年`, { planYear, code, taskYear }),
  jurisdiction: (code: string) => new DomainError('forbidden', 'TASK_CARRY_JURISDICTION',
    `任务 ${code} 属于下级辖区，由该辖区法治办结转`, { code }),
};

interface Row {
  id: string; code: string; status: TaskStatus; plan_year: number; jurisdiction_id: string; title: string; description: string;
  source: string | null; lead_unit_id: string; responsible_leader_id: string | null; priority: TaskPriority;
  co_owner_unit_ids: string[]; next_code: string | null; next_plan_year: number | null; report_cycle: unknown;
}

/**
 * 结转: open tasks go on in the next plan year as new tasks with codes of that year (2027-xxx), the same owners, leader and
 * text and reporting cycle, naming the task they continue (carried_from_task_id; the task page links back to its history). The old task is
 * cancelled with the reason “结转至2027年（2027-003）”: cancelled tasks are already out of every list's open figures,
 * the bulletins' counts and the ledger's totals, so nothing downstream counts a carried task twice, and the year-end
 * outcome tells 结转 from 撤销 by the successor. The new tasks are drafts: the office checks each deadline and 交办s
 * them. All or nothing; a task carried before is refused (409) and the database's unique index holds the line too.
 */
@Injectable()
export class CarryOverTasksUseCase {
  constructor(private readonly dataSource: DataSource, private readonly writes: TaskLedgerWritesService,
    private readonly queries: TaskLedgerQueriesService, private readonly store: TaskStore, private readonly clock: Clock) {}

  async execute({ actor, ids, planYear, deadline }: CarryOverInput): Promise<CarryOverResult> {
    if (!isOfficeLike(actor)) throw TaskErrors.officeOnly('结转任务');
    const wanted = [...new Set(ids)];
    return this.dataSource.transaction(async (em) => {
      const p = new SqlParams();
      const rows: Row[] = await em.query(
        `SELECT t.id, t.code, t.status, t.plan_year, t.jurisdiction_id, t.title, t.description, t.source, t.lead_unit_id,
                t.responsible_leader_id, t.priority, t.report_cycle,
                COALESCE((SELECT array_agg(c.unit_id) FROM task_co_owner c WHERE c.task_id = t.id), '{}') AS co_owner_unit_ids,
                (SELECT n.code FROM task n WHERE n.carried_from_task_id = t.id) AS next_code,
                (SELECT n.plan_year FROM task n WHERE n.carried_from_task_id = t.id) AS next_plan_year
           FROM task t WHERE t.id = ANY(${p.add(wanted)}::uuid[]) AND ${taskScopeSql(actor, p)}
          ORDER BY t.code FOR UPDATE OF t`, p.values);
      const missing = wanted.find((id) => !rows.some((r) => r.id === id));
      if (missing) throw TaskErrors.notFound(missing);
      const carried = rows.filter((r) => r.next_code);
      if (carried.length) {
        throw CarryOverErrors.already(carried.map((r) => ({ code: r.code, nextCode: r.next_code!, nextPlanYear: r.next_plan_year! })));
      }
      const closed = rows.filter((r) => !OPEN_STATUSES.includes(r.status));
      if (closed.length) throw CarryOverErrors.notOpen(closed.map((r) => ({ code: r.code, status: r.status })));
      const early = rows.find((r) => planYear <= r.plan_year);
      if (early) throw CarryOverErrors.year(planYear, early.code, early.plan_year);
      const foreign = actor.role === 'office' ? rows.find((r) => r.jurisdiction_id !== actor.jurisdictionId) : undefined;
      if (foreign) throw CarryOverErrors.jurisdiction(foreign.code);

      const due = deadline ?? `${planYear}-12-31`;
      const newIds: string[] = [];
      for (const jurisdictionId of new Set(rows.map((r) => r.jurisdiction_id))) {
        const mine = rows.filter((r) => r.jurisdiction_id === jurisdictionId);
        newIds.push(...await this.writes.createMany(actor, mine.map((r): CreateTaskInput => ({
          title: r.title, description: r.description, planYear, leadUnitId: r.lead_unit_id, coOwnerUnitIds: r.co_owner_unit_ids,
          responsibleLeaderId: r.responsible_leader_id, deadline: due, priority: r.priority, jurisdictionId,
          // a task reported monthly goes on being reported monthly (from its first full period in the new year)
          ...(r.report_cycle ? { reportCycle: r.report_cycle } : {}),
          source: `结转自${r.plan_year}年任务 ${r.code}${r.source ? `（${r.source}）` : ''}`.slice(0, 500),
        })), em));
      }
      const order = [...new Set(rows.map((r) => r.jurisdiction_id))].flatMap((j) => rows.filter((r) => r.jurisdiction_id === j));
      await em.query(`UPDATE task n SET carried_from_task_id = x.old FROM unnest($1::uuid[], $2::uuid[]) AS x(id, old) WHERE n.id = x.id`,
        [newIds, order.map((r) => r.id)]);
      const now = this.clock.now();
      const codes: Array<{ code: string }> = await em.query(`SELECT code FROM task WHERE id = ANY($1::uuid[]) ORDER BY array_position($1::uuid[], id)`,
        [newIds]);
      await em.query(`UPDATE task SET status = 'cancelled', cancelled_at = $2, updated_at = $2, version = version + 1
        WHERE id = ANY($1::uuid[])`, [order.map((r) => r.id), now]);
      await em.query(`UPDATE task_extension SET status = 'rejected', decided_by = $2, decided_at = $3, decision_reason = '任务结转，申请自动失效'
        WHERE task_id = ANY($1::uuid[]) AND status = 'pending'`, [order.map((r) => r.id), actor.userId, now]);
      for (const [k, r] of order.entries()) {
        await this.store.recordEvent(em, { taskId: r.id, actor, action: 'cancel', fromStatus: r.status, toStatus: 'cancelled',
          reason: `结转至${planYear}年（${codes[k].code}）` });
      }
      const out: CarryOverResult['carried'] = [];
      for (const [k, r] of order.entries()) out.push({ fromId: r.id, fromCode: r.code, task: await this.queries.get(actor, newIds[k], em) });
      return { carried: out };
    });
  }
}
