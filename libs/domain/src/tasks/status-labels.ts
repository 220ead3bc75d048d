// No imports on purpose: the web app imports this file too (apps/api/web/src/labels.ts), so the words a task's status
// is shown with exist once. Both sides type them Record<TaskStatus, string>, so a status without words fails the build.

/** The status as the ledger, the documents and the API's statusLabel name it. */
export const TASK_STATUS_LABELS = {
  draft: '草稿',
  assigned: '已交办（待签收）',
  acknowledged: '办理中',
  submitted: '已申请办结（待审核）',
  completed: '已办结（销号）',
  cancelled: '已撤销',
} as const;

/** The same statuses in a word, for filters and tags. */
export const TASK_STATUS_SHORT_LABELS = {
  draft: '草稿',
  assigned: '待签收',
  acknowledged: '办理中',
  submitted: '待审核',
  completed: '已办结',
  cancelled: '已撤销',
} as const;
