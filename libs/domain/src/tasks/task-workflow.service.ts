import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { QueryRow, TaskCoOwnerEntity, TaskEntity, TaskExtensionEntity, TaskProgressEntity } from '@app/database';
import { Actor, isOfficeLike } from '../organisation/actor';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { reviewBeforeCloseSql } from '../supervision/cadence-policy-sql';
import { dateString } from './task-view';
import { managesJurisdiction, RELATION_LABELS } from './task-access';
import { TaskStore } from './task-store';
import { assertChildrenClosed } from './task-subtasks.queries';
import { EvidenceStorageService, UploadedFile } from './evidence-storage.service';
import { leadsTask, OPEN_STATUSES, TASK_OPERATIONS, TASK_TRANSITIONS, TransitionAction } from './task-workflow';
import { TaskErrors } from './tasks.errors';

export interface TransitionInput {
  reason?: string;
  /** submit: the completion note */
  note?: string;
  files?: UploadedFile[];
  /** transfer: the new lead unit */
  leadUnitId?: string;
  expectedVersion?: number;
}

export interface ProgressInput {
  note: string;
  percent: number;
  files?: UploadedFile[];
}

/** One task's outcome in a bulk action: ok, or the error code and Chinese message it was refused with. */
export interface BulkResult {
  id: string;
  ok: boolean;
  code?: string;
  message?: string;
}

export interface ExtensionRequestInput {
  newDeadline: string;
  reason: string;
}

/** Every change of a task's state: the transitions of the state machine, progress and extensions. */
@Injectable()
export class TaskWorkflowService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly store: TaskStore,
    private readonly evidence: EvidenceStorageService,
    private readonly clock: Clock,
  ) {}

  /** `em`: run inside the caller's transaction (the API reads its answer back in it before the commit). */
  async transition(actor: Actor, taskId: string, action: TransitionAction, input: TransitionInput = {}, em?: EntityManager): Promise<void> {
    const rule = TASK_TRANSITIONS[action];
    if (rule.reasonRequired && !input.reason?.trim()) throw TaskErrors.reasonRequired(rule.label);
    if (action === 'submit' && !input.note?.trim()) throw TaskErrors.reasonRequired('申请办结（办结情况说明）');
    if (input.files) this.evidence.validate(input.files);
    await this.inTransaction(em, async (em) => {
      const { task, coOwnerUnitIds, relation } = await this.store.loadScoped(actor, taskId, em);
      // 复核通过 is the office's, or the leader in charge's (a second pair of eyes from above)
      const leaderConfirms = action === 'confirm' && relation === 'leader' && leadsTask(actor, task);
      if (relation !== rule.by && !leaderConfirms) throw TaskErrors.forbiddenAction(rule.label, RELATION_LABELS[relation]);
      if (!rule.from.includes(task.status)) throw TaskErrors.illegalTransition(task.status, rule.label);
      if (input.expectedVersion !== undefined && input.expectedVersion !== task.version) {
        throw TaskErrors.versionMismatch(input.expectedVersion, task.version);
      }
      if (action === 'approve' && task.firstApprovedBy) throw TaskErrors.awaitingReview();
      if (action === 'confirm' && !task.firstApprovedBy) throw TaskErrors.notAwaitingReview();
      if (action === 'confirm' && task.firstApprovedBy === actor.userId) throw TaskErrors.reviewSameUser();
      // a child reopened after its parent was submitted (a failed 抽查, the office's 重新打开) holds the parent open too
      if (action === 'submit' || action === 'approve' || action === 'confirm') await assertChildrenClosed(em, taskId, rule.label);
      if (action === 'approve' && await this.reviewBeforeClose(em, task.jurisdictionId)) {
        await this.firstApprove(em, actor, task, input.reason?.trim() || null);
        return;
      }
      const to = rule.to(task);
      const patch: Partial<TaskEntity> = { status: to };
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      if (rule.stamp) patch[rule.stamp] = this.clock.now();
      // a return, cancel or reopen undoes a first approval; a confirm keeps it as the record of who approved first
      if (task.firstApprovedBy && action !== 'confirm') Object.assign(patch, { firstApprovedBy: null, firstApprovedAt: null });
      if (action === 'submit') {
        patch.completionNote = input.note!.trim();
        changes.completionNote = { from: task.completionNote, to: patch.completionNote };
      }
      if (action === 'return') patch.returnCount = task.returnCount + 1;
      if (action === 'approve' || action === 'confirm') patch.progressPercent = 100;
      if (action === 'transfer') {
        await this.assertTransferTarget(task, input.leadUnitId!, em);
        patch.leadUnitId = input.leadUnitId!;
        changes.leadUnitId = { from: task.leadUnitId, to: input.leadUnitId };
        if (coOwnerUnitIds.includes(input.leadUnitId!)) {
          await em.delete(TaskCoOwnerEntity, { taskId, unitId: input.leadUnitId! });
        }
        if (to === 'assigned' && task.status !== 'draft') patch.acknowledgedAt = null;
      }
      await this.store.updateVersioned(em, task, patch);
      await this.store.recordEvent(em, {
        taskId, actor, action, fromStatus: task.status, toStatus: to, reason: input.reason?.trim() || null, changes,
      });
      // an approved close-out or a cancellation leaves no pending extension behind
      if (to === 'completed' || to === 'cancelled') {
        await em.update(TaskExtensionEntity, { taskId, status: 'pending' },
          { status: 'rejected', decidedBy: actor.userId, decidedAt: this.clock.now(), decisionReason: `任务${rule.label}，申请自动失效` });
      }
      if (input.files?.length) await this.evidence.save(em, actor, taskId, 'submission', null, input.files);
    });
  }

  /**
   * 初审通过 under the policy's reviewBeforeClose: the task stays submitted (待审核, so lists, bulletins and rates count it
   * as before) with the first approver recorded; 复核通过 (confirm) by someone else completes it.
   */
  private async firstApprove(em: EntityManager, actor: Actor, task: TaskEntity, reason: string | null): Promise<void> {
    const now = this.clock.now();
    await this.store.updateVersioned(em, task, { firstApprovedBy: actor.userId, firstApprovedAt: now });
    await this.store.recordEvent(em, {
      taskId: task.id, actor, action: 'first_approve', fromStatus: task.status, toStatus: task.status, reason,
      changes: { firstApprovedBy: { from: null, to: actor.userId } },
    });
  }

  /** The jurisdiction's policy `reviewBeforeClose` (the supervision module's SQL, as the notices' channels are). */
  private async reviewBeforeClose(em: EntityManager, jurisdictionId: string): Promise<boolean> {
    const [row]: Array<{ on: boolean }> = await em.query(`SELECT ${reviewBeforeCloseSql('$1')} AS on`, [jurisdictionId]);
    return row.on;
  }

  /** 批量交办: each task in its own transaction, so one refused task does not hold back the others. */
  async publishMany(actor: Actor, taskIds: string[]): Promise<BulkResult[]> {
    return this.eachTask(taskIds, (id) => this.transition(actor, id, 'publish'));
  }

  /**
   * 批量转交: the single transfer's rules for each task, each in its own transaction (compare-and-set, audit event), so
   * a task in the wrong state or outside the caller's scope is reported and the others still move. The new lead unit is
   * checked once first: a unit outside the office's jurisdiction refuses the whole request and changes nothing.
   */
  async transferMany(actor: Actor, taskIds: string[], leadUnitId: string, reason: string): Promise<BulkResult[]> {
    if (!isOfficeLike(actor)) throw TaskErrors.officeOnly('批量转交任务');
    if (!reason.trim()) throw TaskErrors.reasonRequired(TASK_TRANSITIONS.transfer.label);
    if (actor.role === 'office') {
      const [unit]: Array<{ kind: string; jurisdiction_id: string }> = await this.dataSource.query(
        `SELECT u.kind, u.jurisdiction_id FROM unit u WHERE u.id = $1`, [leadUnitId]);
      if (!unit || !managesJurisdiction(actor, unit.jurisdiction_id)) throw TaskErrors.unitNotInJurisdiction(leadUnitId);
      if (unit.kind === 'jurisdiction') throw TaskErrors.unitNotAssignable(leadUnitId);
    }
    return this.eachTask(taskIds, (id) => this.transition(actor, id, 'transfer', { leadUnitId, reason }));
  }

  private async eachTask(taskIds: string[], step: (id: string) => Promise<void>): Promise<BulkResult[]> {
    const results: BulkResult[] = [];
    for (const id of [...new Set(taskIds)]) {
      try {
        await step(id);
        results.push({ id, ok: true });
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        results.push({ id, ok: false, code: err.code, message: err.message });
      }
    }
    return results;
  }

  /** 进展反馈 on the actor's own branch: the lead unit's updates the task, a co-owner's its own row. */
  async postProgress(actor: Actor, taskId: string, input: ProgressInput, em?: EntityManager): Promise<{ progressId: string }> {
    if (input.files) this.evidence.validate(input.files);
    return this.inTransaction(em, async (em) => {
      const { task, relation } = await this.store.loadScoped(actor, taskId, em);
      if (relation !== 'lead' && relation !== 'co_owner') {
        throw TaskErrors.forbiddenAction(TASK_OPERATIONS.progress.label, RELATION_LABELS[relation]);
      }
      if (!OPEN_STATUSES.includes(task.status)) throw TaskErrors.illegalTransition(task.status, TASK_OPERATIONS.progress.label);
      const now = this.clock.now();
      const note = input.note.trim();
      if (relation === 'lead') {
        // guarded by status rather than version: two progress notes never conflict, a closed task never takes one
        const result = await em.createQueryBuilder().update(TaskEntity)
          .set({ progressPercent: input.percent, lastProgressAt: now, version: () => 'version + 1', updatedAt: now })
          .where('id = :id AND status IN (:...open)', { id: taskId, open: OPEN_STATUSES }).execute();
        if (result.affected !== 1) throw TaskErrors.concurrentUpdate(taskId);
      } else {
        await em.update(TaskCoOwnerEntity, { taskId, unitId: actor.unitId },
          { progressPercent: input.percent, lastNote: note, lastProgressAt: now });
      }
      const inserted = await em.insert(TaskProgressEntity, {
        taskId, unitId: actor.unitId, authorId: actor.userId, note, percent: input.percent, createdAt: now,
      });
      const progressId = inserted.identifiers[0].id as string;
      await this.evidence.save(em, actor, taskId, 'progress', progressId, input.files ?? []);
      await this.store.recordEvent(em, {
        taskId, actor, action: 'progress', reason: note,
        changes: { progressPercent: { from: relation === 'lead' ? task.progressPercent : null, to: input.percent },
          ...(input.files?.length ? { files: { from: null, to: input.files.map((f) => f.fileName) } } : {}) },
      });
      return { progressId };
    });
  }

  /**
   * 领导批示: the leader in charge of the lead unit, or the task's responsible leader, leaves an instruction in the
   * task's history (its text as the event's reason), read there by the units and the office. The task itself is
   * unchanged, so no version is taken and none is bumped. The notices of the event come from TaskStore.recordEvent.
   */
  async instruct(actor: Actor, taskId: string, text: string, em?: EntityManager): Promise<void> {
    const rule = TASK_OPERATIONS.instruct;
    const note = text.trim();
    if (!note) throw TaskErrors.instructionEmpty();
    await this.inTransaction(em, async (em) => {
      const { task } = await this.store.loadScoped(actor, taskId, em);
      if (!leadsTask(actor, task)) throw TaskErrors.instructForbidden();
      if (!rule.statuses.includes(task.status)) throw TaskErrors.illegalTransition(task.status, rule.label);
      await this.store.recordEvent(em, { taskId, actor, action: 'instruct', reason: note });
    });
  }

  async requestExtension(actor: Actor, taskId: string, input: ExtensionRequestInput, em?: EntityManager): Promise<{ extensionId: string }> {
    const label = TASK_OPERATIONS.extension_request.label;
    return this.inTransaction(em, async (em) => {
      const { task, relation } = await this.store.loadScoped(actor, taskId, em);
      if (relation !== 'lead') throw TaskErrors.forbiddenAction(label, RELATION_LABELS[relation]);
      if (!TASK_OPERATIONS.extension_request.statuses.includes(task.status)) {
        throw TaskErrors.illegalTransition(task.status, label);
      }
      const deadline = dateString(task.currentDeadline);
      if (this.clock.today() > deadline) throw TaskErrors.extensionTooLate(deadline);
      if (input.newDeadline <= deadline) throw TaskErrors.extensionNotLater(deadline);
      let extensionId: string;
      try {
        const inserted = await em.insert(TaskExtensionEntity, {
          taskId, requestedBy: actor.userId, previousDeadline: deadline, requestedDeadline: input.newDeadline,
          reason: input.reason.trim(), createdAt: this.clock.now(),
        });
        extensionId = inserted.identifiers[0].id as string;
      } catch (err) {
        if ((err as { code?: string }).code === '23505') throw TaskErrors.extensionPending();
        throw err;
      }
      await this.store.recordEvent(em, {
        taskId, actor, action: 'extension_request', reason: input.reason.trim(),
        changes: { requestedDeadline: { from: deadline, to: input.newDeadline } },
      });
      return { extensionId };
    });
  }

  /** 批准 moves the current deadline (the original stays) and counts the extension; 驳回 needs a reason. */
  async decideExtension(actor: Actor, taskId: string, extensionId: string, approve: boolean, reason?: string,
    em?: EntityManager): Promise<void> {
    const label = approve ? '批准延期' : '驳回延期';
    if (!approve && !reason?.trim()) throw TaskErrors.reasonRequired(label);
    await this.inTransaction(em, async (em) => {
      const { task, relation } = await this.store.loadScoped(actor, taskId, em);
      if (relation !== 'office') throw TaskErrors.forbiddenAction(label, RELATION_LABELS[relation]);
      const ext = await em.findOneBy(TaskExtensionEntity, { id: extensionId, taskId });
      if (!ext) throw TaskErrors.extensionNotFound(extensionId);
      if (ext.status !== 'pending') throw TaskErrors.extensionDecided(ext.status);
      if (approve && !OPEN_STATUSES.includes(task.status)) throw TaskErrors.illegalTransition(task.status, label);
      const decided = await em.update(TaskExtensionEntity, { id: extensionId, status: 'pending' }, {
        status: approve ? 'approved' : 'rejected', decidedBy: actor.userId, decidedAt: this.clock.now(),
        decisionReason: reason?.trim() || null,
      });
      if (decided.affected !== 1) throw TaskErrors.concurrentUpdate(taskId);
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      if (approve) {
        const to = dateString(ext.requestedDeadline);
        changes.currentDeadline = { from: dateString(task.currentDeadline), to };
        changes.extensionCount = { from: task.extensionCount, to: task.extensionCount + 1 };
        await this.store.updateVersioned(em, task, { currentDeadline: to, extensionCount: task.extensionCount + 1 });
      }
      await this.store.recordEvent(em, {
        taskId, actor, action: approve ? 'extension_approve' : 'extension_reject', reason: reason?.trim() || null, changes,
      });
    });
  }

  async listExtensions(actor: Actor, taskId: string): Promise<TaskExtensionEntity[]> {
    await this.store.loadScoped(actor, taskId);
    return this.dataSource.getRepository(TaskExtensionEntity).find({ where: { taskId }, order: { createdAt: 'ASC' } });
  }

  async listProgress(actor: Actor, taskId: string): Promise<Array<TaskProgressEntity & { unitName: string; authorName: string }>> {
    await this.store.loadScoped(actor, taskId);
    const rows: Array<QueryRow> = await this.dataSource.query(
      `SELECT p.*, un.name AS unit_name, u.display_name AS author_name FROM task_progress p
         JOIN unit un ON un.id = p.unit_id JOIN app_user u ON u.id = p.author_id WHERE p.task_id = $1 ORDER BY p.created_at, p.id`,
      [taskId],
    );
    return rows.map((r) => ({ id: r.id, taskId: r.task_id, unitId: r.unit_id, unitName: r.unit_name, authorId: r.author_id,
      authorName: r.author_name, note: r.note, percent: r.percent, createdAt: r.created_at }));
  }

  private inTransaction<T>(em: EntityManager | undefined, work: (em: EntityManager) => Promise<T>): Promise<T> {
    return em ? work(em) : this.dataSource.transaction(work);
  }

  private async assertTransferTarget(task: TaskEntity, unitId: string, em: EntityManager): Promise<void> {
    if (!unitId) throw TaskErrors.unitNotInJurisdiction('');
    if (unitId === task.leadUnitId) throw TaskErrors.transferToSameUnit();
    const rows: Array<{ kind: string }> = await em.query(
      `SELECT u.kind FROM unit u WHERE u.id = $1 AND u.jurisdiction_id = $2`, [unitId, task.jurisdictionId],
    );
    if (!rows.length) throw TaskErrors.unitNotInJurisdiction(unitId);
    if (rows[0].kind === 'jurisdiction') throw TaskErrors.unitNotAssignable(unitId);
  }
}
