import { reactive } from 'vue';
import { answer, client } from './api/client';
import type { DocumentKind } from './api/types';
import { ACTION_LABELS } from './labels';
import { quarterName } from '../../../../libs/domain/src/supervision/period-names';

export type {
  AssessmentItem, AssessmentLine, BulletinContent, DocumentDetail, DocumentKind, DocumentPage, DocumentSummary, InboxPage, Notice,
} from './api/types';

export const DOCUMENT_KIND_OPTIONS: Array<{ value: DocumentKind; label: string }> = [
  { value: 'assign_slip', label: '交办单' },
  { value: 'ack_chase', label: '签收催办单' },
  { value: 'urge', label: '逾期催办单' },
  { value: 'supervise', label: '督办通知单' },
  { value: 'ack_supervise', label: '督办通知单（未签收）' },
  { value: 'work_reminder', label: '工作提醒' },
  { value: 'due_soon', label: '到期提醒' },
  { value: 'report_chase', label: '催报单' },
  { value: 'bulletin', label: '月通报' },
  { value: 'assessment', label: '季考核' },
];

export const DOCUMENT_KIND_LABELS = Object.fromEntries(DOCUMENT_KIND_OPTIONS.map((o) => [o.value, o.label])) as Record<string, string>;

export const DOCUMENT_KIND_TAG: Record<string, 'info' | 'warning' | 'primary' | 'success' | 'danger'> = {
  assign_slip: 'primary', ack_chase: 'warning', urge: 'warning', supervise: 'danger', ack_supervise: 'danger', work_reminder: 'info', due_soon: 'warning',
  bulletin: 'success', assessment: 'success', report_chase: 'warning',
};

// ranks in the documents' words (2, 并列第2), shared with the server (ranking.ts has no imports, as status-labels.ts)
export { rankLabel, rankPhrase } from '../../../../libs/domain/src/supervision/ranking';
export { BULLETIN_NOTES } from '../../../../libs/domain/src/supervision/bulletin-notes';
export { ACCOUNTABILITY_MEASURES } from '../../../../libs/domain/src/supervision/accountability-measures';
/** The annual review's columns and its lines' quarters. */
export const QUARTER_LABELS = ['一季度', '二季度', '三季度', '四季度'] as const;

/** A workflow step's notices are of kind `task_<action>` (task_return, task_submit …): the step's word from the action labels. */
const TASK_NOTICE = /^task_(.+)$/;

export function noticeKindLabel(kind: string): string {
  const step = TASK_NOTICE.exec(kind)?.[1];
  return step ? (ACTION_LABELS[step] ?? step) : (DOCUMENT_KIND_LABELS[kind] ?? kind);
}

export function noticeKindTag(kind: string): 'info' | 'warning' | 'primary' | 'success' | 'danger' {
  const step = TASK_NOTICE.exec(kind)?.[1];
  if (!step) return DOCUMENT_KIND_TAG[kind] ?? 'info';
  return step === 'return' || step === 'extension_reject' || step === 'cancel' ? 'warning'
    : step === 'approve' || step === 'extension_approve' ? 'success' : 'primary';
}

export const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${(v * 100).toFixed(1)}%`);

/** 2025-09 → 2025年9月; 2025Q3 → 2025年第三季度; other periods as they are. */
export function periodLabel(period: string | null | undefined): string {
  if (!period) return '';
  let m = /^(\d{4})-(\d{2})$/.exec(period);
  if (m) return `${m[1]}年${Number(m[2])}月`;
  m = /^(\d{4})Q([1-4])$/.exec(period);
  if (m) return quarterName(period);
  m = /^(\d{4})-W(\d{2})$/.exec(period);
  if (m) return `${m[1]}年第${Number(m[2])}周`;
  return period;
}

/** The signed-in user's inbox unread count, shown in the top bar; the inbox page updates it as notices are read. */
export const inbox = reactive({ unread: 0 });

export async function refreshUnread(): Promise<void> {
  try {
    const page = await answer(() => client.GET('/api/notifications', { params: { query: { limit: 1 } } }), true);
    inbox.unread = page.unreadCount;
  } catch {
    // the badge is a hint; a failed poll leaves the last count
  }
}

export async function markRead(id: string): Promise<void> {
  await answer(() => client.POST('/api/notifications/{id}/read', { params: { path: { id } } }));
}

/** 全部已读: the caller's whole inbox; returns how many were unread. */
export async function markAllRead(): Promise<number> {
  return (await answer(() => client.POST('/api/notifications/read-all'))).updated;
}
