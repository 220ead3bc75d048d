import type { TaskEntity } from '@app/database';
import type { Actor } from '../organisation/actor';
import { SqlParams } from '../common/sql-params';
import type { TaskRelation } from './task-workflow';

/**
 * The rows of `task` (aliased `t`) the actor may see, as a SQL predicate. Departments and leaders never see drafts:
 * a draft is the office's working copy until it is published (交办).
 */
export function taskScopeSql(actor: Actor, p: SqlParams, t = 't'): string {
  switch (actor.role) {
    case 'admin':
      return 'TRUE';
    case 'office':
      // one jurisdiction (a county office) is an equality, so the ledger pages down ix_task_jurisdiction_deadline in order
      return actor.jurisdictionIds.length === 1
        ? `${t}.jurisdiction_id = ${p.add(actor.jurisdictionIds[0])}`
        : `${t}.jurisdiction_id = ANY(${p.add(actor.jurisdictionIds)}::uuid[])`;
    case 'department': {
      const unit = p.add(actor.unitId);
      return `(${t}.status <> 'draft' AND (${t}.lead_unit_id = ${unit}
        OR EXISTS (SELECT 1 FROM task_co_owner c WHERE c.task_id = ${t}.id AND c.unit_id = ${unit})))`;
    }
    case 'leader': {
      const units = p.add(actor.leaderUnitIds);
      return `(${t}.status <> 'draft' AND (${t}.responsible_leader_id = ${p.add(actor.userId)}
        OR ${t}.lead_unit_id = ANY(${units}::uuid[])
        OR EXISTS (SELECT 1 FROM task_co_owner c WHERE c.task_id = ${t}.id AND c.unit_id = ANY(${units}::uuid[]))))`;
    }
  }
}

/**
 * The same rows as taskScopeSql, for aggregates over the whole scope. A department's or leader's `lead OR EXISTS
 * co-owner` cannot use an index, so a count over it reads every task; here the task ids come from the lead-unit,
 * co-owner and leader indexes and the tasks by primary key (a department of 2,000 tasks among 100,000: 29 ms, not 240).
 */
export function taskScopeSetSql(actor: Actor, p: SqlParams, t = 't'): string {
  switch (actor.role) {
    case 'admin':
    case 'office':
      return taskScopeSql(actor, p, t);
    case 'department': {
      const unit = p.add(actor.unitId);
      return `(${t}.status <> 'draft' AND ${t}.id IN (SELECT s.id FROM task s WHERE s.lead_unit_id = ${unit}
        UNION ALL SELECT c.task_id FROM task_co_owner c WHERE c.unit_id = ${unit}))`;
    }
    case 'leader': {
      const units = p.add(actor.leaderUnitIds);
      return `(${t}.status <> 'draft' AND ${t}.id IN (SELECT s.id FROM task s WHERE s.lead_unit_id = ANY(${units}::uuid[])
        UNION ALL SELECT c.task_id FROM task_co_owner c WHERE c.unit_id = ANY(${units}::uuid[])
        UNION ALL SELECT s.id FROM task s WHERE s.responsible_leader_id = ${p.add(actor.userId)}))`;
    }
  }
}

/** How the actor stands to a task it can see. */
export function relationTo(actor: Actor, task: Pick<TaskEntity, 'leadUnitId' | 'jurisdictionId'>, coOwnerUnitIds: string[]): TaskRelation {
  if (actor.role === 'admin') return 'office';
  if (actor.role === 'office') return managesJurisdiction(actor, task.jurisdictionId) ? 'office' : 'supervisor';
  if (actor.role === 'leader') return 'leader';
  if (task.leadUnitId === actor.unitId) return 'lead';
  if (coOwnerUnitIds.includes(actor.unitId)) return 'co_owner';
  return 'leader'; // unreachable for a visible task; read-only is the safe answer
}

export const RELATION_LABELS: Record<TaskRelation, string> = {
  office: '法治办（督办机构）',
  lead: '牵头单位',
  co_owner: '配合单位',
  leader: '分管领导',
  supervisor: '上级法治办（监督指导）',
};

/**
 * Whether the actor does the office's work of a jurisdiction (publish, approve, settings, groups): the admin anywhere,
 * an office in its own jurisdiction only. A city office sees the counties below it (taskScopeSql) but leaves their
 * work to their own offices.
 */
export const managesJurisdiction = (actor: Actor, jurisdictionId: string) =>
  actor.role === 'admin' || (actor.role === 'office' && actor.jurisdictionId === jurisdictionId);
