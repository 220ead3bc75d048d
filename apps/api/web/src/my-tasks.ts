import type { DialogAction } from './actions';
import type { Task } from './api/types';

export type MyGroupKey = 'ack' | 'returned' | 'overdue' | 'soon' | 'doing';

export interface MyGroup {
  key: MyGroupKey;
  title: string;
  tone: 'blue' | 'red' | 'yellow' | 'green';
  empty: string;
  tasks: Task[];
}

const GROUPS: Array<Omit<MyGroup, 'tasks'>> = [
  { key: 'ack', title: '待签收', tone: 'blue', empty: '没有待签收的任务' },
  { key: 'returned', title: '被退回', tone: 'red', empty: '没有被退回的任务' },
  { key: 'overdue', title: '逾期', tone: 'red', empty: '没有逾期任务' },
  { key: 'soon', title: '临期', tone: 'yellow', empty: '近期没有到期任务' },
  { key: 'doing', title: '办理中', tone: 'green', empty: '没有其他在办任务' },
];

/**
 * What an open task needs from the unit, most urgent first; each task is in one group only: signing for it, then
 * completing what the office returned, then the red and yellow lights, the rest is in progress (incl. 待审核).
 */
export function groupOf(task: Task, unitId: string | undefined): MyGroupKey {
  const lead = task.leadUnit.id === unitId;
  if (lead && task.status === 'assigned') return 'ack';
  if (lead && task.status === 'acknowledged' && task.returnCount > 0) return 'returned';
  if (task.overdue) return 'overdue';
  if (task.light === 'yellow') return 'soon';
  return 'doing';
}

export function groupTasks(tasks: Task[], unitId: string | undefined): MyGroup[] {
  return GROUPS.map((g) => ({ ...g, tasks: tasks.filter((t) => groupOf(t, unitId) === g.key) }));
}

/**
 * The buttons a row offers the unit, as the workflow table allows them (task-workflow.ts): the lead unit signs for,
 * reports progress, applies for an extension before the deadline and for close-out (again, after a return); a
 * co-owner reports progress on its own branch. The task's own allowedActions decide when a button is pressed.
 */
export function rowActions(task: Task, unitId: string | undefined): DialogAction[] {
  if (task.leadUnit.id !== unitId) return task.status === 'completed' || task.status === 'cancelled' ? [] : ['progress'];
  switch (task.status) {
    case 'assigned': return task.overdue ? ['acknowledge', 'progress'] : ['acknowledge', 'progress', 'extension_request'];
    case 'acknowledged': return task.overdue ? ['progress', 'submit'] : ['progress', 'submit', 'extension_request'];
    case 'submitted': return ['progress'];
    default: return [];
  }
}
