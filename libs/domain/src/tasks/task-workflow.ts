import type { TaskAction, TaskStatus } from '@app/database';
import type { Actor } from '../organisation/actor';
import { TASK_ACTION_LABELS } from './action-labels';
import { TASK_STATUS_LABELS } from './status-labels';

/**
 * Who acts: the supervising office (or an admin), the task's lead unit, a co-owner unit, a leader in charge; or the
 * office of a jurisdiction above the task's (a city office over a county's task), which follows it but does none of
 * the county office's steps (supervisor).
 */
export type TaskRelation = 'office' | 'lead' | 'co_owner' | 'leader' | 'supervisor';

export const OPEN_STATUSES: readonly TaskStatus[] = ['assigned', 'acknowledged', 'submitted'];

export const STATUS_LABELS: Record<TaskStatus, string> = TASK_STATUS_LABELS;

export type TransitionAction = Extract<TaskAction,
  'publish' | 'acknowledge' | 'submit' | 'approve' | 'confirm' | 'return' | 'cancel' | 'reopen' | 'transfer'>;

export interface TransitionRule {
  label: string;
  from: readonly TaskStatus[];
  by: TaskRelation;
  reasonRequired: boolean;
  /** the status after the transition; a function where it depends on the task's past */
  to: (task: { status: TaskStatus; assignedAt: Date | null }) => TaskStatus;
  /** timestamp column set to now */
  stamp?: 'assignedAt' | 'acknowledgedAt' | 'submittedAt' | 'completedAt' | 'cancelledAt';
}

/** The 督办 state machine as data: every status change goes through this table. */
export const TASK_TRANSITIONS: Record<TransitionAction, TransitionRule> = {
  publish: { label: TASK_ACTION_LABELS.publish, from: ['draft'], by: 'office', reasonRequired: false, to: () => 'assigned', stamp: 'assignedAt' },
  acknowledge: { label: TASK_ACTION_LABELS.acknowledge, from: ['assigned'], by: 'lead', reasonRequired: false, to: () => 'acknowledged',
    stamp: 'acknowledgedAt' },
  submit: { label: TASK_ACTION_LABELS.submit, from: ['acknowledged'], by: 'lead', reasonRequired: false, to: () => 'submitted',
    stamp: 'submittedAt' },
  approve: { label: TASK_ACTION_LABELS.approve, from: ['submitted'], by: 'office', reasonRequired: false, to: () => 'completed',
    stamp: 'completedAt' },
  // 复核 (policy reviewBeforeClose): the office's approve only marks the task 待复核, still submitted; a second office user
  // or the leader in charge completes it (TaskWorkflowService.transition; docs/cadence.md, 复核)
  confirm: { label: TASK_ACTION_LABELS.confirm, from: ['submitted'], by: 'office', reasonRequired: false, to: () => 'completed',
    stamp: 'completedAt' },
  return: { label: TASK_ACTION_LABELS.return, from: ['submitted'], by: 'office', reasonRequired: true, to: () => 'acknowledged' },
  cancel: { label: TASK_ACTION_LABELS.cancel, from: ['draft', 'assigned', 'acknowledged', 'submitted'], by: 'office', reasonRequired: true,
    to: () => 'cancelled', stamp: 'cancelledAt' },
  // a cancelled task goes back to where it was published from; a closed-out one is worked on again
  reopen: { label: TASK_ACTION_LABELS.reopen, from: ['cancelled', 'completed'], by: 'office', reasonRequired: true,
    to: (t) => (t.status === 'completed' ? 'acknowledged' : t.assignedAt ? 'assigned' : 'draft') },
  // the new lead unit has to sign for the task again
  transfer: { label: TASK_ACTION_LABELS.transfer, from: ['draft', 'assigned', 'acknowledged'], by: 'office', reasonRequired: true,
    to: (t) => (t.status === 'draft' ? 'draft' : 'assigned') },
};

/** Actions that are not status transitions, with the relation and statuses they need. */
export const TASK_OPERATIONS: Record<'edit' | 'progress' | 'extension_request' | 'extension_decide' | 'instruct',
  { label: string; by: TaskRelation | 'branch'; statuses: readonly TaskStatus[] }> = {
  edit: { label: TASK_ACTION_LABELS.edit, by: 'office', statuses: ['draft', 'assigned', 'acknowledged', 'submitted'] },
  // the lead unit or a co-owner, each on its own branch
  progress: { label: TASK_ACTION_LABELS.progress, by: 'branch', statuses: OPEN_STATUSES },
  extension_request: { label: TASK_ACTION_LABELS.extension_request, by: 'lead', statuses: ['assigned', 'acknowledged'] },
  extension_decide: { label: '审批延期', by: 'office', statuses: ['assigned', 'acknowledged', 'submitted'] },
  // 领导批示: a leader in charge (see leadsTask), on a published task whatever became of it
  instruct: { label: '批示', by: 'leader', statuses: ['assigned', 'acknowledged', 'submitted', 'completed', 'cancelled'] },
};

/**
 * The leader a task answers to: the one in charge of its lead unit (分管领导) or its responsible leader (责任领导). A
 * leader who sees the task only through a co-owner unit follows it but gives no 批示 on it.
 */
export function leadsTask(actor: Actor, task: { leadUnitId: string; responsibleLeaderId: string | null }): boolean {
  return actor.role === 'leader'
    && (actor.leaderUnitIds.includes(task.leadUnitId) || task.responsibleLeaderId === actor.userId);
}

export type AllowedAction = TransitionAction | keyof typeof TASK_OPERATIONS;

export function allowedActions(
  relation: TaskRelation | null,
  task: { status: TaskStatus; hasPendingExtension: boolean; deadlinePassed: boolean; leaderInCharge?: boolean;
    /** 复核: first-approved and waiting for the second approval, and whether the viewer gave the first one */
    awaitingReview?: boolean; firstApprovedByViewer?: boolean },
): AllowedAction[] {
  if (!relation) return [];
  const actions: AllowedAction[] = [];
  for (const [action, rule] of Object.entries(TASK_TRANSITIONS) as [TransitionAction, TransitionRule][]) {
    if (action === 'approve' && task.awaitingReview) continue;
    if (action === 'confirm') continue;
    if (rule.by === relation && rule.from.includes(task.status)) actions.push(action);
  }
  if (task.awaitingReview && task.status === 'submitted' && !task.firstApprovedByViewer
    && (relation === 'office' || (relation === 'leader' && task.leaderInCharge))) actions.push('confirm');
  const { edit, progress, extension_request, extension_decide, instruct } = TASK_OPERATIONS;
  if (relation === edit.by && edit.statuses.includes(task.status)) actions.push('edit');
  if ((relation === 'lead' || relation === 'co_owner') && progress.statuses.includes(task.status)) actions.push('progress');
  if (relation === extension_request.by && extension_request.statuses.includes(task.status) && !task.hasPendingExtension &&
    !task.deadlinePassed) {
    actions.push('extension_request');
  }
  if (relation === extension_decide.by && task.hasPendingExtension) actions.push('extension_decide');
  if (relation === instruct.by && task.leaderInCharge && instruct.statuses.includes(task.status)) actions.push('instruct');
  return actions;
}

export type TrafficLight = 'green' | 'yellow' | 'red';

/**
 * Overdue and the traffic light, derived from the current deadline and today's Beijing date. A draft is nobody's duty
 * yet and a closed task is no longer anyone's, so only open tasks get a light.
 */
export function deadlineState(
  task: { status: TaskStatus; currentDeadline: string },
  today: string,
  dueSoonDays: number,
  daysBetween: (from: string, to: string) => number,
): { overdue: boolean; daysOverdue: number; light: TrafficLight | null } {
  if (!OPEN_STATUSES.includes(task.status)) return { overdue: false, daysOverdue: 0, light: null };
  const left = daysBetween(today, task.currentDeadline);
  if (left < 0) return { overdue: true, daysOverdue: -left, light: 'red' };
  return { overdue: false, daysOverdue: 0, light: left <= dueSoonDays ? 'yellow' : 'green' };
}
