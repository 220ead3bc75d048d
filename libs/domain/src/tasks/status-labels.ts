// No imports on purpose: the web app imports this file too (apps/api/web/src/labels.ts), so the words a task's status
// is shown with exist once. Both sides type them Record<TaskStatus, string>, so a status without words fails the build.

/**
 * The status in the words every page, document, Excel sheet and error message uses (the API's statusLabel): one
 * table, so 待审核 on the ledger is 待审核 on the task, in the bulletin and in a refusal.
 */
export const TASK_STATUS_LABELS = {
  draft: '草稿',
  assigned: '待签收',
  acknowledged: '办理中',
  submitted: '待审核',
  completed: '已办结',
  cancelled: '已撤销',
} as const;
