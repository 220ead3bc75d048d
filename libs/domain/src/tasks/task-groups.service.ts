import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { TaskGroupEntity } from '@app/database';
import { type Actor, isOfficeLike } from '../organisation/actor';
import { SqlParams } from '../common/sql-params';
import { managesJurisdiction, RELATION_LABELS, taskScopeSetSql } from './task-access';
import { TaskStore } from './task-store';
import { TaskErrors } from './tasks.errors';

export interface TaskGroupView {
  id: string;
  jurisdictionId: string;
  planYear: number;
  title: string;
  position: number;
  /** tasks in the group the caller can see */
  taskCount: number;
}

export interface CreateTaskGroupInput {
  planYear: number;
  title: string;
  /** required for admins, who belong to no jurisdiction of their own */
  jurisdictionId?: string;
}

/**
 * 工作重点: the plan's headings tasks are grouped under, per jurisdiction and plan year, in the office's order. The office
 * of the jurisdiction (and the admin) keeps them; everyone sees the titles of the groups of the tasks they can see.
 */
@Injectable()
export class TaskGroupsService {
  constructor(private readonly dataSource: DataSource, private readonly store: TaskStore) {}

  /** The groups in the caller's view, in order: an office's all, a department's or leader's those of its tasks. */
  async list(actor: Actor, planYear?: number, em: EntityManager = this.dataSource.manager): Promise<TaskGroupView[]> {
    const p = new SqlParams();
    const scope = taskScopeSetSql(actor, p);
    const year = planYear ? `AND g.plan_year = ${p.add(planYear)}` : '';
    const own = actor.role === 'admin' ? 'TRUE' : actor.role === 'office' ? `g.jurisdiction_id = ANY(${p.add(actor.jurisdictionIds)}::uuid[])`
      : 'n.task_count > 0';
    const rows: Array<{ id: string; jurisdiction_id: string; plan_year: number; title: string; position: number; task_count: number }> =
      await em.query(
        `SELECT g.id, g.jurisdiction_id, g.plan_year, g.title, g.position, n.task_count
           FROM task_group g
           CROSS JOIN LATERAL (SELECT count(*)::int AS task_count FROM task t WHERE t.group_id = g.id AND ${scope}) n
          WHERE ${own} ${year}
          ORDER BY g.plan_year DESC, g.jurisdiction_id, g.position`,
        p.values);
    return rows.map((r) => ({ id: r.id, jurisdictionId: r.jurisdiction_id, planYear: r.plan_year, title: r.title, position: r.position,
      taskCount: r.task_count }));
  }

  async create(actor: Actor, input: CreateTaskGroupInput): Promise<TaskGroupView> {
    const jurisdictionId = this.jurisdictionOf(actor, input.jurisdictionId);
    return this.dataSource.transaction(async (em) => {
      // one writer at a time per plan year, so two new groups do not take the same place
      await em.query(`SELECT pg_advisory_xact_lock(hashtext('task_group:' || $1 || ':' || $2))`, [jurisdictionId, input.planYear]);
      await this.assertTitleFree(em, jurisdictionId, input.planYear, input.title);
      const [{ next }] = await em.query(`SELECT COALESCE(max(position), 0) + 1 AS next FROM task_group
        WHERE jurisdiction_id = $1 AND plan_year = $2`, [jurisdictionId, input.planYear]);
      const saved = await em.save(em.create(TaskGroupEntity, { jurisdictionId, planYear: input.planYear, title: input.title,
        position: next }));
      return { id: saved.id, jurisdictionId, planYear: saved.planYear, title: saved.title, position: saved.position, taskCount: 0 };
    });
  }

  async rename(actor: Actor, id: string, title: string): Promise<TaskGroupView> {
    return this.dataSource.transaction(async (em) => {
      const group = await this.loadManaged(actor, id, em);
      if (group.title !== title) await this.assertTitleFree(em, group.jurisdictionId, group.planYear, title);
      await em.update(TaskGroupEntity, { id }, { title });
      return this.view(em, { ...group, title });
    });
  }

  /** The plan year's groups in the order given: every one of them, once. */
  async reorder(actor: Actor, ids: string[]): Promise<TaskGroupView[]> {
    return this.dataSource.transaction(async (em) => {
      const first = await this.loadManaged(actor, ids[0], em);
      await em.query(`SELECT pg_advisory_xact_lock(hashtext('task_group:' || $1 || ':' || $2))`, [first.jurisdictionId, first.planYear]);
      const all = await em.find(TaskGroupEntity, { where: { jurisdictionId: first.jurisdictionId, planYear: first.planYear } });
      if (new Set(ids).size !== ids.length || all.length !== ids.length || !all.every((g) => ids.includes(g.id))) {
        throw TaskErrors.groupOrderIncomplete(first.planYear, all.length);
      }
      await em.query(`UPDATE task_group g SET position = o.n, updated_at = now()
        FROM unnest($1::uuid[]) WITH ORDINALITY AS o(id, n) WHERE g.id = o.id`, [ids]);
      return (await this.list(actor, first.planYear, em)).filter((g) => g.jurisdictionId === first.jurisdictionId);
    });
  }

  /** Deletes an empty group; the later ones move up. A group with tasks (cancelled ones too) stays: 409. */
  async remove(actor: Actor, id: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const group = await this.loadManaged(actor, id, em);
      await em.query(`SELECT pg_advisory_xact_lock(hashtext('task_group:' || $1 || ':' || $2))`, [group.jurisdictionId, group.planYear]);
      const [{ n }] = await em.query(`SELECT count(*)::int AS n FROM task WHERE group_id = $1`, [id]);
      if (n > 0) throw TaskErrors.groupNotEmpty(group.title, n);
      await em.delete(TaskGroupEntity, { id });
      await em.query(`UPDATE task_group SET position = position - 1 WHERE jurisdiction_id = $1 AND plan_year = $2 AND position > $3`,
        [group.jurisdictionId, group.planYear, group.position]);
    });
  }

  /**
   * Puts tasks under a group (or none, `groupId` null): all or nothing, each change in the task's history. A task must
   * be of the group's jurisdiction and plan year.
   */
  async setGroup(actor: Actor, taskIds: string[], groupId: string | null): Promise<number> {
    if (!isOfficeLike(actor)) throw TaskErrors.officeOnly('设置任务的工作重点');
    return this.dataSource.transaction(async (em) => {
      const group = groupId ? await this.loadManaged(actor, groupId, em) : null;
      const ids = [...new Set(taskIds)];
      for (const taskId of ids) {
        const { task, relation } = await this.store.loadScoped(actor, taskId, em);
        if (relation !== 'office') throw TaskErrors.forbiddenAction('设置任务的工作重点', RELATION_LABELS[relation]);
        if (group && (task.jurisdictionId !== group.jurisdictionId || task.planYear !== group.planYear)) {
          throw TaskErrors.groupMismatch(task.code, group.title, group.planYear);
        }
        if (task.groupId === (group?.id ?? null)) continue;
        const [before]: Array<{ title: string } | undefined> = task.groupId
          ? await em.query(`SELECT title FROM task_group WHERE id = $1`, [task.groupId]) : [];
        await this.store.updateVersioned(em, task, { groupId: group?.id ?? null });
        await this.store.recordEvent(em, { taskId, actor, action: 'edit',
          changes: { group: { from: before?.title ?? null, to: group?.title ?? null } } });
      }
      return ids.length;
    });
  }

  private jurisdictionOf(actor: Actor, asked?: string): string {
    if (!isOfficeLike(actor)) throw TaskErrors.officeOnly('管理工作重点');
    const jurisdictionId = asked ?? (actor.role === 'office' ? actor.jurisdictionId : undefined);
    if (!jurisdictionId) throw TaskErrors.jurisdictionRequired();
    if (!managesJurisdiction(actor, jurisdictionId)) throw TaskErrors.groupJurisdiction();
    return jurisdictionId;
  }

  /** A group the actor may change: the office of its jurisdiction or the admin; elsewhere 404, a department 403. */
  private async loadManaged(actor: Actor, id: string, em: EntityManager): Promise<TaskGroupEntity> {
    if (!isOfficeLike(actor)) throw TaskErrors.officeOnly('管理工作重点');
    const group = await em.findOne(TaskGroupEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!group || !managesJurisdiction(actor, group.jurisdictionId)) throw TaskErrors.groupNotFound(id);
    return group;
  }

  private async assertTitleFree(em: EntityManager, jurisdictionId: string, planYear: number, title: string): Promise<void> {
    const taken = await em.findOne(TaskGroupEntity, { where: { jurisdictionId, planYear, title } });
    if (taken) throw TaskErrors.groupTitleTaken(title, planYear);
  }

  private async view(em: EntityManager, g: TaskGroupEntity): Promise<TaskGroupView> {
    const [{ n }] = await em.query(`SELECT count(*)::int AS n FROM task WHERE group_id = $1`, [g.id]);
    return { id: g.id, jurisdictionId: g.jurisdictionId, planYear: g.planYear, title: g.title, position: g.position, taskCount: n };
  }
}
