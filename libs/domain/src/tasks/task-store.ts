import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { TaskAction, TaskEntity, TaskEventEntity, TaskStatus } from '@app/database';
import type { Actor } from '../organisation/actor';
import { Clock } from '../common/clock';
import { SqlParams } from '../common/sql-params';
import { relationTo, taskScopeSql } from './task-access';
import { TaskNotices } from './task-notices';
import type { TaskRelation } from './task-workflow';
import { TaskErrors } from './tasks.errors';

export interface ScopedTask {
  task: TaskEntity;
  coOwnerUnitIds: string[];
  relation: TaskRelation;
}

export interface TaskEventInput {
  taskId: string;
  actor: Actor | null;
  action: TaskAction;
  fromStatus?: TaskStatus | null;
  toStatus?: TaskStatus | null;
  reason?: string | null;
  changes?: Record<string, { from: unknown; to: unknown }>;
}

/** Shared reads and the audit writer used by every task service. */
@Injectable()
export class TaskStore {
  constructor(private readonly dataSource: DataSource, private readonly clock: Clock, private readonly notices: TaskNotices) {}

  /** Loads a task the actor may see, or throws 404: existence is never leaked outside the scope. */
  async loadScoped(actor: Actor, taskId: string, em: EntityManager = this.dataSource.manager): Promise<ScopedTask> {
    const p = new SqlParams();
    const idParam = p.add(taskId);
    const scope = taskScopeSql(actor, p);
    const rows: Array<{ id: string; co_owner_unit_ids: string[] }> = await em.query(
      `SELECT t.id, COALESCE((SELECT array_agg(c.unit_id) FROM task_co_owner c WHERE c.task_id = t.id), '{}') AS co_owner_unit_ids
         FROM task t WHERE t.id = ${idParam} AND ${scope}`,
      p.values,
    );
    if (!rows.length) throw TaskErrors.notFound(taskId);
    const task = await em.findOneByOrFail(TaskEntity, { id: taskId });
    return { task, coOwnerUnitIds: rows[0].co_owner_unit_ids, relation: relationTo(actor, task, rows[0].co_owner_unit_ids) };
  }

  /**
   * Compare-and-set on the version column: of two concurrent changes exactly one matches; the other gets 409.
   * Returns the new version.
   */
  async updateVersioned(em: EntityManager, task: TaskEntity, patch: Partial<TaskEntity>): Promise<number> {
    const result = await em.createQueryBuilder().update(TaskEntity)
      .set({ ...patch, version: () => 'version + 1', updatedAt: this.clock.now() })
      .where('id = :id AND version = :version', { id: task.id, version: task.version })
      .returning(['version']).execute();
    if (result.affected !== 1) throw TaskErrors.concurrentUpdate(task.id);
    return (result.raw as Array<{ version: number }>)[0].version;
  }

  /** The audit row, and in the same transaction the step's notices (TaskNotices: none for progress, create, edit). */
  async recordEvent(em: EntityManager, e: TaskEventInput): Promise<void> {
    const inserted = await em.insert(TaskEventEntity, {
      taskId: e.taskId,
      actorId: e.actor?.userId ?? null,
      actorUnitId: e.actor?.unitId ?? null,
      at: this.clock.now(),
      action: e.action,
      fromStatus: e.fromStatus ?? null,
      toStatus: e.toStatus ?? null,
      reason: e.reason ?? null,
      changes: JSON.parse(JSON.stringify(e.changes ?? {})), // plain JSON, as jsonb will keep it
    });
    await this.notices.write(em, String(inserted.identifiers[0].id), e);
  }

  async hasPendingExtension(taskId: string, em: EntityManager = this.dataSource.manager): Promise<boolean> {
    const rows: unknown[] = await em.query(`SELECT 1 FROM task_extension WHERE task_id = $1 AND status = 'pending'`, [taskId]);
    return rows.length > 0;
  }
}
