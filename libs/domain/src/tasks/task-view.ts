import type { QueryRow, TaskPriority, TaskStatus } from '@app/database';
import { AllowedAction, deadlineState, STATUS_LABELS, TrafficLight } from './task-workflow';
import { ReportCycle, reportCycleLabel } from './report-cycle';
import type { ParentRef, SubtaskRollup } from './task-subtasks.queries';

export interface CoOwnerBranch {
  unitId: string;
  unitName: string;
  progressPercent: number;
  lastNote: string | null;
  lastProgressAt: Date | null;
}

export interface TaskView {
  id: string;
  code: string;
  planYear: number;
  jurisdictionId: string;
  title: string;
  description: string;
  source: string | null;
  reportId: string | null;
  reportItemId: string | null;
  sourceSpan: { start: number; end: number } | null;
  leadUnit: { id: string; name: string };
  /** the plan's 工作重点 the task is grouped under */
  group: { id: string; title: string; position: number } | null;
  coOwners: CoOwnerBranch[];
  responsibleLeader: { id: string; name: string } | null;
  originalDeadline: string;
  currentDeadline: string;
  extensionCount: number;
  priority: TaskPriority;
  progressPercent: number;
  status: TaskStatus;
  statusLabel: string;
  overdue: boolean;
  daysOverdue: number;
  light: TrafficLight | null;
  returnCount: number;
  completionNote: string | null;
  lastProgressAt: Date | null;
  /** 定期报送: the cycle (null: none) and how it reads (每月20日前) */
  reportCycle: ReportCycle | null;
  reportCycleLabel: string;
  assignedAt: Date | null;
  acknowledgedAt: Date | null;
  submittedAt: Date | null;
  completedAt: Date | null;
  cancelledAt: Date | null;
  /** 复核 (policy reviewBeforeClose): the first approval a submitted task waits to have confirmed (待复核), else null */
  firstApproval: { by: { id: string; name: string }; at: Date } | null;
  createdAt: Date;
  updatedAt: Date;
  version: number;
  /** what the caller may do now; present on the detail view */
  allowedActions?: AllowedAction[];
  pendingExtension?: { id: string; requestedDeadline: string; reason: string; requestedAt: Date } | null;
  /** the report text the task came from; present on the detail view of a task made from a report */
  sourceReport?: { id: string; title: string | null; itemId: string | null; text: string | null } | null;
  /** on the detail view: the task of an earlier plan year this one continues (结转自), and the one continuing it (结转至) */
  carriedFrom?: { id: string; code: string; planYear: number } | null;
  carriedTo?: { id: string; code: string; planYear: number } | null;
  /** on the detail view (分解落实): the task this one was broken down from, code and title only */
  parent?: ParentRef | null;
  /** on the detail view: its sub-tasks and how many are done, open and overdue; null when it has none */
  children?: SubtaskRollup | null;
}

/** Columns every task read selects; `t` is task, `lu` the lead unit, `ld` the responsible leader, `tg` its 工作重点. */
export const TASK_VIEW_COLUMNS = `t.*, lu.name AS lead_unit_name, ld.display_name AS leader_name, tg.title AS group_title,
  tg.position AS group_position,
  (SELECT fa.display_name FROM app_user fa WHERE fa.id = t.first_approved_by) AS first_approved_name,
  COALESCE((SELECT json_agg(json_build_object('unitId', c.unit_id, 'unitName', cu.name,
      'progressPercent', c.progress_percent, 'lastNote', c.last_note, 'lastProgressAt', c.last_progress_at) ORDER BY cu.code)
    FROM task_co_owner c JOIN unit cu ON cu.id = c.unit_id WHERE c.task_id = t.id), '[]') AS co_owners`;
export const TASK_VIEW_JOINS = `JOIN unit lu ON lu.id = t.lead_unit_id LEFT JOIN app_user ld ON ld.id = t.responsible_leader_id
  LEFT JOIN task_group tg ON tg.id = t.group_id`;

export function toTaskView(r: QueryRow, today: string, dueSoonDays: number): TaskView {
  const status = r.status as TaskStatus;
  const deadline = dateString(r.current_deadline);
  return {
    id: r.id,
    code: r.code,
    planYear: r.plan_year,
    jurisdictionId: r.jurisdiction_id,
    title: r.title,
    description: r.description,
    source: r.source,
    reportId: r.report_id,
    reportItemId: r.report_item_id,
    sourceSpan: r.source_span_start === null ? null : { start: r.source_span_start, end: r.source_span_end },
    leadUnit: { id: r.lead_unit_id, name: r.lead_unit_name },
    group: r.group_id ? { id: r.group_id, title: r.group_title, position: r.group_position } : null,
    coOwners: (r.co_owners as CoOwnerBranch[]).map((c) => ({ ...c, lastProgressAt: c.lastProgressAt && new Date(c.lastProgressAt) })),
    responsibleLeader: r.responsible_leader_id ? { id: r.responsible_leader_id, name: r.leader_name } : null,
    originalDeadline: dateString(r.original_deadline),
    currentDeadline: deadline,
    extensionCount: r.extension_count,
    priority: r.priority,
    progressPercent: r.progress_percent,
    status,
    statusLabel: STATUS_LABELS[status],
    ...deadlineState({ status, currentDeadline: deadline }, today, dueSoonDays, isoDaysBetween),
    returnCount: r.return_count,
    completionNote: r.completion_note,
    lastProgressAt: r.last_progress_at,
    reportCycle: r.report_cycle ?? null,
    reportCycleLabel: reportCycleLabel(r.report_cycle),
    assignedAt: r.assigned_at,
    acknowledgedAt: r.acknowledged_at,
    submittedAt: r.submitted_at,
    completedAt: r.completed_at,
    cancelledAt: r.cancelled_at,
    firstApproval: r.first_approved_by && status === 'submitted'
      ? { by: { id: r.first_approved_by, name: r.first_approved_name }, at: r.first_approved_at } : null,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    version: r.version,
  };
}

/**
 * clock.ts daysBetween for two 'YYYY-MM-DD' strings without date-fns: calendar days are whole UTC days apart.
 * date-fns' parseISO and local-time arithmetic took most of toTaskView's time on a 50-row page.
 */
export function isoDaysBetween(from: string, to: string): number {
  const utc = (d: string) => Date.UTC(+d.slice(0, 4), +d.slice(5, 7) - 1, +d.slice(8, 10));
  return Math.round((utc(to) - utc(from)) / 86_400_000);
}

/** node-postgres returns `date` columns as strings only when told to; accept both. */
export function dateString(v: string | Date): string {
  if (typeof v === 'string') return v.slice(0, 10);
  return `${v.getFullYear()}-${String(v.getMonth() + 1).padStart(2, '0')}-${String(v.getDate()).padStart(2, '0')}`;
}
