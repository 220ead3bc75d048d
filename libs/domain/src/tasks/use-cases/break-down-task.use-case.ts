import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Clock } from '../../common/clock';
import type { Actor } from '../../organisation/actor';
import { RELATION_LABELS } from '../task-access';
import { TaskLedgerQueriesService } from '../task-ledger-queries.service';
import { TaskLedgerWritesService } from '../task-ledger-writes.service';
import { TaskStore } from '../task-store';
import type { TaskView } from '../task-view';
import { TaskErrors } from '../tasks.errors';

export interface SubtaskInput {
  title: string;
  leadUnitId: string;
  /** 'YYYY-MM-DD', not after the parent's current deadline */
  deadline: string;
  description?: string;
}

const LABEL = '分解任务';

/**
 * 分解落实: the parent's lead unit (or the office) breaks an open task (已交办 or 办理中) into sub-tasks for other units
 * of its jurisdiction. Each sub-task is an ordinary task of its own lead unit, published (交办) at once by whoever broke
 * it down, so it is signed for, reported on, chased and counted like any other; the parent waits for it before
 * 申请办结 (assertChildrenClosed). Answers with the parent as its caller sees it, children included.
 */
@Injectable()
export class BreakDownTaskUseCase {
  constructor(
    private readonly store: TaskStore,
    private readonly writes: TaskLedgerWritesService,
    private readonly queries: TaskLedgerQueriesService,
    private readonly clock: Clock,
  ) {}

  async execute(actor: Actor, parentId: string, items: SubtaskInput[], em: EntityManager): Promise<TaskView> {
    const { task: parent, relation } = await this.store.loadScoped(actor, parentId, em);
    if (relation !== 'office' && relation !== 'lead') throw TaskErrors.forbiddenAction(LABEL, RELATION_LABELS[relation]);
    if (parent.status !== 'assigned' && parent.status !== 'acknowledged') throw TaskErrors.illegalTransition(parent.status, LABEL);
    const ids = await this.writes.createSubtasks(actor, parent, items, em);
    await em.query(`UPDATE task SET status = 'assigned', assigned_at = $2, version = version + 1, updated_at = $2
      WHERE id = ANY($1::uuid[])`, [ids, this.clock.now()]);
    for (const id of ids) {
      await this.store.recordEvent(em, { taskId: id, actor, action: 'publish', fromStatus: 'draft', toStatus: 'assigned',
        reason: `由任务 ${parent.code} 分解` });
    }
    return this.queries.get(actor, parentId, em);
  }
}
