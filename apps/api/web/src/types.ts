// Shapes of the API's answers (apps/api, libs/domain); only the fields the pages use.
export type TaskStatus = 'draft' | 'assigned' | 'acknowledged' | 'submitted' | 'completed' | 'cancelled';
export type Light = 'green' | 'yellow' | 'red';
export type AllowedAction = 'publish' | 'acknowledge' | 'submit' | 'approve' | 'return' | 'cancel' | 'reopen' | 'transfer'
  | 'edit' | 'progress' | 'extension_request' | 'extension_decide';

export interface CoOwnerBranch {
  unitId: string;
  unitName: string;
  progressPercent: number;
  lastNote: string | null;
  lastProgressAt: string | null;
}

export interface Task {
  id: string;
  code: string;
  planYear: number;
  title: string;
  description: string;
  source: string | null;
  reportId: string | null;
  leadUnit: { id: string; name: string };
  coOwners: CoOwnerBranch[];
  responsibleLeader: { id: string; name: string } | null;
  originalDeadline: string;
  currentDeadline: string;
  extensionCount: number;
  progressPercent: number;
  status: TaskStatus;
  statusLabel: string;
  overdue: boolean;
  daysOverdue: number;
  light: Light | null;
  returnCount: number;
  completionNote: string | null;
  lastProgressAt: string | null;
  acknowledgedAt: string | null;
  version: number;
  allowedActions?: AllowedAction[];
  pendingExtension?: { id: string; requestedDeadline: string; reason: string; requestedAt: string } | null;
  sourceReport?: { id: string; title: string | null; itemId: string | null; text: string | null } | null;
}

export interface TaskPage {
  items: Task[];
  nextCursor: string | null;
}

export interface TaskStats {
  total: number;
  byStatus: Record<TaskStatus, number>;
  overdue: number;
  dueSoon: number;
}

/** GET /api/tasks/stats/by-report: one imported report, or (reportId null) 其他来源 */
export interface TaskReportStats {
  reportId: string | null;
  title: string;
  reportYear: number | null;
  planYear: number | null;
  total: number;
  open: number;
  completed: number;
  onTime: number;
  overdue: number;
  completionRate: number | null;
}

/** GET /api/tasks/stats/by-month: overdue is at the month's end (past), today (current), null (future) */
export interface TaskMonthStats {
  month: string;
  period: 'past' | 'current' | 'future';
  due: number;
  completed: number;
  onTime: number;
  overdue: number | null;
  overdueAsOf: string | null;
}

/** one task's outcome in a bulk action (批量交办, 批量转交) */
export interface BulkResult {
  id: string;
  ok: boolean;
  code?: string;
  message?: string;
}

export interface Unit {
  id: string;
  code: string;
  name: string;
  kind: 'jurisdiction' | 'office' | 'department' | 'township';
  parentId: string | null;
  jurisdictionId?: string;
  path?: string;
  emails?: string[];
  webhooks?: UnitWebhook[];
}

export interface UnitWebhook {
  kind: 'generic' | 'dingtalk' | 'wecom';
  url: string;
  secret?: string;
}

export interface User {
  id: string;
  username: string;
  displayName: string;
  role: 'admin' | 'office' | 'department' | 'leader';
  unitId: string;
  active?: boolean;
  unitName?: string;
  email?: string | null;
  leaderUnitIds?: string[];
}

export interface HistoryEntry {
  id: string;
  at: string;
  action: string;
  actor: { id: string; name: string; unitName: string | null } | null;
  fromStatus: TaskStatus | null;
  toStatus: TaskStatus | null;
  reason: string | null;
  changes: Record<string, { from: unknown; to: unknown }>;
}

export interface Progress {
  id: string;
  unitId: string;
  unitName: string;
  authorName: string;
  note: string;
  percent: number;
  createdAt: string;
}

export interface Evidence {
  id: string;
  fileName: string;
  size: number;
  purpose: 'progress' | 'submission';
  progressId: string | null;
  unitId: string;
  createdAt: string;
}

export interface Suggestion {
  leadUnitId: string | null;
  coOwnerUnitIds: string[];
  deadline: string;
  basis: string[];
}

export interface ItemTaskRef {
  id: string;
  code: string;
  status: string;
  statusLabel: string;
  leadUnitName: string;
  currentDeadline: string;
}

export interface ReportItem {
  id: string;
  kind: 'problem' | 'measure' | 'suggestion';
  parentId: string | null;
  ordinal: string | null;
  heading: string;
  text: string;
  span: { start: number; end: number } | null;
  manual: boolean;
  suggestion: Suggestion | null;
  recurrence: Array<{ reportId: string; itemId: string; reportYear: number | null; text: string; tasks: ItemTaskRef[] }>;
  tasks: ItemTaskRef[];
  children: ReportItem[];
}

export interface ReportLink {
  problemItemId: string;
  measureItemId: string;
  score: number;
  terms: string[];
  status: 'suggested' | 'confirmed' | 'rejected';
}

export interface Report {
  id: string;
  fileName: string;
  encoding: string;
  title: string | null;
  organization: string | null;
  reportYear: number | null;
  planYear: number | null;
  reportDate: string | null;
  docNumber: string | null;
  createdAt: string;
  text: string;
  warnings: Array<{ code: string; message: string }>;
  problems: ReportItem[];
  measures: ReportItem[];
  suggestions: ReportItem[];
  links: ReportLink[];
  coverage: { problemsWithoutMeasure: string[]; measuresWithoutProblem: string[] };
}
