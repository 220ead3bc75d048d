import type { EntityManager } from 'typeorm';
import type { TaskStatus } from '@app/database';
import { dateString, isoDaysBetween } from './task-view';
import { deadlineState, STATUS_LABELS, TrafficLight } from './task-workflow';
import { TaskErrors } from './tasks.errors';

/** 分解落实 (docs/api.md): a task's sub-tasks as its detail view shows them, and the rule that closes a parent after them. */

export interface SubtaskItem {
  id: string;
  code: string;
  title: string;
  leadUnit: { id: string; name: string };
  status: TaskStatus;
  statusLabel: string;
  currentDeadline: string;
  overdue: boolean;
  light: TrafficLight | null;
  progressPercent: number;
}

/** The roll-up: `open` counts every child neither completed nor cancelled, `overdue` the open ones past their deadline. */
export interface SubtaskRollup {
  total: number;
  completed: number;
  cancelled: number;
  open: number;
  overdue: number;
  items: SubtaskItem[];
}

/** What a sub-task shows of its parent: code and title only, whoever may or may not open the parent itself. */
export interface ParentRef {
  id: string;
  code: string;
  title: string;
}

const CLOSED: readonly TaskStatus[] = ['completed', 'cancelled'];

/** The task this one was broken out of (分解自), as a column of a statement over `task t`: parent_ref, a ParentRef or null. */
export const PARENT_REF_COLUMN = `(SELECT json_build_object('id', pt.id, 'code', pt.code, 'title', pt.title) FROM task pt
  WHERE pt.id = t.parent_task_id) AS parent_ref`;

/** A task's sub-tasks in code order, with how many are done, open and overdue; null without any. */
export async function childrenOf(em: EntityManager, taskId: string, today: string, dueSoonDays: number): Promise<SubtaskRollup | null> {
  const rows: Array<{ id: string; code: string; title: string; lead_unit_id: string; unit_name: string; status: TaskStatus;
    current_deadline: string | Date; progress_percent: number }> = await em.query(
    `SELECT c.id, c.code, c.title, c.lead_unit_id, u.name AS unit_name, c.status, c.current_deadline, c.progress_percent
       FROM task c JOIN unit u ON u.id = c.lead_unit_id WHERE c.parent_task_id = $1 ORDER BY c.code`, [taskId]);
  const items: SubtaskItem[] = rows.map((r) => {
    const currentDeadline = dateString(r.current_deadline);
    const { overdue, light } = deadlineState({ status: r.status, currentDeadline }, today, dueSoonDays, isoDaysBetween);
    return { id: r.id, code: r.code, title: r.title, leadUnit: { id: r.lead_unit_id, name: r.unit_name }, status: r.status,
      statusLabel: STATUS_LABELS[r.status], currentDeadline, overdue, light, progressPercent: r.progress_percent };
  });
  return items.length ? {
    total: items.length,
    completed: items.filter((i) => i.status === 'completed').length,
    cancelled: items.filter((i) => i.status === 'cancelled').length,
    open: items.filter((i) => !CLOSED.includes(i.status)).length,
    overdue: items.filter((i) => i.overdue).length,
    items,
  } : null;
}

/** 申请办结 (and 审核通过, 复核通过) of a parent waits for its children: each completed, or cancelled by the office with a reason. */
export async function assertChildrenClosed(em: EntityManager, taskId: string, step: string): Promise<void> {
  const open: Array<{ code: string }> = await em.query(
    `SELECT code FROM task WHERE parent_task_id = $1 AND status NOT IN ('completed', 'cancelled') ORDER BY code`, [taskId]);
  if (open.length) throw TaskErrors.childrenOpen(open.map((r) => r.code), step);
}
