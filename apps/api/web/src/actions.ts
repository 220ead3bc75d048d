import type { AllowedAction, Task } from './api/types';

export type Field = 'reason' | 'reasonOptional' | 'note' | 'percent' | 'files' | 'newDeadline' | 'unit';
export type DialogAction = 'publish' | 'acknowledge' | 'progress' | 'extension_request' | 'submit' | 'approve' | 'confirm'
  | 'return' | 'extension_approve' | 'extension_reject' | 'transfer' | 'cancel' | 'reopen';

interface Spec {
  label: string;
  intro: string;
  fields: Field[];
  danger?: boolean;
  noteLabel?: string;
  notePlaceholder?: string;
}

export const ACTION_SPECS: Record<DialogAction, Spec> = {
  publish: { label: '交办', intro: '交办后牵头单位即可签收办理，完成时限只能通过延期申请变更。', fields: [] },
  acknowledge: { label: '签收', intro: '签收即表示本单位已收到任务并开始办理。', fields: [] },
  progress: { label: '反馈进展', intro: '填写本单位的办理进展，可附佐证材料。', fields: ['percent', 'note', 'files'],
    notePlaceholder: '已完成的工作、下一步安排' },
  extension_request: { label: '申请延期', intro: '延期须在当前完成时限届满前申请，经法治办批准后生效。', fields: ['newDeadline', 'reason'] },
  submit: { label: '申请办结', intro: '提交办结说明和佐证材料，由法治办审核销号。', fields: ['note', 'files'],
    noteLabel: '办结说明', notePlaceholder: '任务完成情况' },
  approve: { label: '审核通过', intro: '审核通过后任务办结销号；本辖区要求复核的，须由他人复核通过后才销号。', fields: ['reasonOptional'] },
  confirm: { label: '复核通过', intro: '复核通过后任务办结销号。复核须由初审以外的法治办人员或分管领导办理。', fields: ['reasonOptional'] },
  return: { label: '退回', intro: '退回后任务回到办理中，牵头单位需补充后重新申请办结。', fields: ['reason'], danger: true },
  extension_approve: { label: '批准延期', intro: '批准后完成时限改为申请的日期，原定时限保留。', fields: ['reasonOptional'] },
  extension_reject: { label: '驳回延期', intro: '驳回后完成时限不变。', fields: ['reason'], danger: true },
  transfer: { label: '转交', intro: '转交后由新的牵头单位重新签收。', fields: ['unit', 'reason'] },
  cancel: { label: '撤销', intro: '撤销后任务不再督办，可重新打开。', fields: ['reason'], danger: true },
  reopen: { label: '重新打开', intro: '重新打开已撤销或已办结的任务。', fields: ['reason'] },
};


/** The dialog actions a task's allowedActions offer, in the order the buttons show. */
export function dialogActions(task: Task): DialogAction[] {
  const allowed = new Set<AllowedAction>(task.allowedActions ?? []);
  const order: Array<[AllowedAction, DialogAction[]]> = [
    ['publish', ['publish']], ['acknowledge', ['acknowledge']], ['progress', ['progress']], ['submit', ['submit']],
    ['extension_request', ['extension_request']], ['approve', ['approve']], ['confirm', ['confirm']],
    ['return', ['return']],
    ['extension_decide', ['extension_approve', 'extension_reject']], ['transfer', ['transfer']], ['reopen', ['reopen']],
    ['cancel', ['cancel']],
  ];
  return order.filter(([a]) => allowed.has(a)).flatMap(([, d]) => d);
}
