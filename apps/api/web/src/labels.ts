import type { Light, TaskStatus } from './api/types';
// the one table of status words, shared with the server (a relative import: Vite and vue-tsc follow it, no alias needed)
import { TASK_STATUS_LABELS } from '../../../../libs/domain/src/tasks/status-labels';
import { TASK_ACTION_LABELS } from '../../../../libs/domain/src/tasks/action-labels';

/** A status in the words every page uses (see status-labels.ts). */
export const STATUS_LABELS: Record<TaskStatus, string> = TASK_STATUS_LABELS;
export const STATUS_OPTIONS = (Object.keys(STATUS_LABELS) as TaskStatus[]).map((value) => ({ value, label: STATUS_LABELS[value] }));

export const STATUS_TAG: Record<TaskStatus, 'info' | 'warning' | 'primary' | 'success' | 'danger'> = {
  draft: 'info', assigned: 'warning', acknowledged: 'primary', submitted: 'warning', completed: 'success', cancelled: 'info',
};

export const LIGHT_LABELS: Record<Light, string> = { red: '红灯·逾期', yellow: '黄灯·临期', green: '绿灯·正常' };

/** A task event's action in the audit trail's words (see action-labels.ts). */
export const ACTION_LABELS: Record<string, string> = TASK_ACTION_LABELS;

export const UNIT_KIND_LABELS: Record<string, string> = {
  jurisdiction: '辖区', office: '法治办', department: '部门', township: '乡镇（街道）',
};

/**
 * An instant as Beijing wall-clock time, whatever the device's time zone: the service's days (deadlines, report days,
 * bulletins) are Beijing's, and a phone set to another zone must not show a report of 07:00 as the day before.
 */
export function formatTime(v: string | null | undefined): string {
  if (!v) return '—';
  const d = new Date(Date.parse(v) + 8 * 3_600_000); // China keeps no daylight saving time
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`;
}

export function formatSize(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
