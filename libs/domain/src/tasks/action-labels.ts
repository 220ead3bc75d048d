// No imports on purpose: the web app imports this file too (apps/api/web/src/labels.ts), as status-labels.ts.

/**
 * A task event's action in the words of its audit trail (办理记录) and of the workflow's buttons and refusals
 * (task-workflow.ts takes its labels from here): one table, so 审核通过（销号） on the button is 审核通过（销号） in the history.
 */
export const TASK_ACTION_LABELS = {
  create: '创建',
  edit: '编辑',
  publish: '交办',
  acknowledge: '签收',
  submit: '申请办结',
  approve: '审核通过（销号）',
  return: '退回',
  cancel: '撤销',
  reopen: '重新打开',
  transfer: '转交',
  progress: '反馈进展',
  extension_request: '申请延期',
  extension_approve: '批准延期',
  extension_reject: '驳回延期',
  instruct: '领导批示',
  first_approve: '初审通过（待复核）',
  confirm: '复核通过（销号）',
} as const;
