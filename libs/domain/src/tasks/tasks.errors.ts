import type { TaskStatus } from '@app/database';
import { DomainError } from '../common/domain-error';
import { STATUS_LABELS } from './task-workflow';

export const TaskErrors = {
  notFound: (id: string) => new DomainError('not_found', 'TASK_NOT_FOUND', '任务不存在或不在您的权限范围内', { id }),
  illegalTransition: (status: TaskStatus, actionLabel: string) =>
    new DomainError('conflict', 'TASK_ILLEGAL_TRANSITION',
      `任务当前状态为“${STATUS_LABELS[status]}”，不能${actionLabel}`, { status, action: actionLabel }),
  concurrentUpdate: (id: string) =>
    new DomainError('conflict', 'TASK_CONCURRENT_UPDATE', '任务已被他人同时修改，请刷新后重试', { id }),
  versionMismatch: (expected: number, actual: number) =>
    new DomainError('conflict', 'TASK_VERSION_MISMATCH', '任务已被他人修改，请刷新后重试', { expected, actual }),
  forbiddenAction: (actionLabel: string, who: string) =>
    new DomainError('forbidden', 'TASK_ACTION_FORBIDDEN', `${who}不能${actionLabel}`, { action: actionLabel }),
  officeOnly: (actionLabel: string) =>
    new DomainError('forbidden', 'TASK_ACTION_FORBIDDEN', `只有法治办可以${actionLabel}`, { action: actionLabel }),
  instructForbidden: () => new DomainError('forbidden', 'TASK_ACTION_FORBIDDEN',
    '只有牵头单位的分管领导或任务的责任领导可以批示', { action: '批示' }),
  instructionEmpty: () => new DomainError('invalid', 'TASK_INSTRUCTION_EMPTY', '批示内容不能为空'),
  reasonRequired: (actionLabel: string) =>
    new DomainError('invalid', 'TASK_REASON_REQUIRED', `${actionLabel}必须填写理由`),
  unitNotInJurisdiction: (unitId: string) =>
    new DomainError('invalid', 'TASK_UNIT_OUT_OF_JURISDICTION', '所选单位不在本辖区内', { unitId }),
  unitNotAssignable: (unitId: string) =>
    new DomainError('invalid', 'TASK_UNIT_NOT_ASSIGNABLE', '牵头单位和配合单位只能是部门或乡镇（街道）', { unitId }),
  leaderNotFound: (userId: string) =>
    new DomainError('invalid', 'TASK_LEADER_INVALID', '责任领导必须是本辖区内“分管领导”角色的用户', { userId }),
  transferToSameUnit: () =>
    new DomainError('conflict', 'TASK_TRANSFER_SAME_UNIT', '新牵头单位与当前牵头单位相同，无需转交'),
  leadAsCoOwner: () => new DomainError('invalid', 'TASK_LEAD_AS_CO_OWNER', '牵头单位不能同时作为配合单位'),
  jurisdictionRequired: () =>
    new DomainError('invalid', 'TASK_JURISDICTION_REQUIRED', '系统管理员创建任务时必须指定所属辖区（jurisdictionId）'),
  deadlineInPast: (deadline: string) =>
    new DomainError('invalid', 'TASK_DEADLINE_IN_PAST', `完成时限 ${deadline} 早于今天`, { deadline }),
  deadlineLocked: () =>
    new DomainError('conflict', 'TASK_DEADLINE_LOCKED', '任务交办后不能直接修改完成时限，请通过延期申请办理'),
  extensionPending: () =>
    new DomainError('conflict', 'TASK_EXTENSION_PENDING', '该任务已有待审批的延期申请'),
  extensionTooLate: (deadline: string) =>
    new DomainError('conflict', 'TASK_EXTENSION_TOO_LATE', `延期申请须在完成时限（${deadline}）届满前提出`, { deadline }),
  extensionNotLater: (deadline: string) =>
    new DomainError('invalid', 'TASK_EXTENSION_NOT_LATER', `申请的新时限须晚于当前时限 ${deadline}`, { deadline }),
  extensionNotFound: (id: string) =>
    new DomainError('not_found', 'TASK_EXTENSION_NOT_FOUND', '延期申请不存在', { id }),
  extensionDecided: (status: string) =>
    new DomainError('conflict', 'TASK_EXTENSION_DECIDED', `该延期申请已${status === 'approved' ? '批准' : '驳回'}`, { status }),
  childrenOpen: (codes: string[], step: string) => new DomainError('conflict', 'TASK_CHILDREN_OPEN',
    `分解的子任务 ${codes.join('、')} 尚未办结，不能${step}；子任务须办结，或由法治办撤销`, { codes }),
  subtaskDeadline: (deadline: string, parentDeadline: string) => new DomainError('invalid', 'TASK_SUBTASK_DEADLINE',
    `子任务的完成时限 ${deadline} 晚于本任务的完成时限 ${parentDeadline}`, { deadline, parentDeadline }),
  subtaskSelf: (unitId: string) => new DomainError('invalid', 'TASK_SUBTASK_SELF',
    '子任务的牵头单位不能是本任务的牵头单位', { unitId }),
  groupNotFound: (id: string) => new DomainError('not_found', 'TASK_GROUP_NOT_FOUND', '工作重点不存在或不在您的权限范围内', { id }),
  groupNotEmpty: (title: string, count: number) => new DomainError('conflict', 'TASK_GROUP_NOT_EMPTY',
    `工作重点“${title}”下还有 ${count} 项任务，不能删除；请先把这些任务移到其他工作重点或移出`, { title, count }),
  groupTitleTaken: (title: string, planYear: number) => new DomainError('conflict', 'TASK_GROUP_TITLE_TAKEN',
    `${planYear}年已有名为“${title}”的工作重点`, { title, planYear }),
  groupOrderIncomplete: (planYear: number, count: number) => new DomainError('invalid', 'TASK_GROUP_ORDER_INCOMPLETE',
    `排序须列出${planYear}年的全部 ${count} 个工作重点，每个一次`, { planYear, count }),
  groupMismatch: (code: string, title: string, planYear: number) => new DomainError('invalid', 'TASK_GROUP_MISMATCH',
    `任务 ${code} 与工作重点“${title}”不属于同一辖区或同一计划年度（${planYear}年）`, { code, title, planYear }),
  groupJurisdiction: () => new DomainError('forbidden', 'TASK_GROUP_JURISDICTION', '只能管理本辖区的工作重点'),
  evidenceNotFound: (id: string) => new DomainError('not_found', 'EVIDENCE_NOT_FOUND', '佐证材料不存在', { id }),
  evidenceTooLarge: (name: string, maxBytes: number) =>
    new DomainError('too_large', 'EVIDENCE_TOO_LARGE',
      `文件“${name}”超过 ${Math.round(maxBytes / 1048576)} MB 的上限`, { fileName: name, maxBytes }),
  evidenceTooMany: (max: number) =>
    new DomainError('invalid', 'EVIDENCE_TOO_MANY', `一次最多上传 ${max} 个文件`, { max }),
  evidenceType: (name: string, allowed: readonly string[]) =>
    new DomainError('unsupported', 'EVIDENCE_TYPE_NOT_ALLOWED',
      `不支持文件“${name}”的类型；可上传：${allowed.join('、')}`, { fileName: name, allowed }),
  reviewSameUser: () => new DomainError('conflict', 'TASK_REVIEW_SAME_USER',
    '复核须由初审以外的法治办人员或分管领导办理：您已初审通过该任务，不能再复核'),
  awaitingReview: () => new DomainError('conflict', 'TASK_AWAITING_REVIEW', '该任务已初审通过，正在等待复核，无需再次审核'),
  notAwaitingReview: () => new DomainError('conflict', 'TASK_NOT_AWAITING_REVIEW', '该任务尚未初审通过，不能复核'),
  evidenceEmpty: (name: string) =>
    new DomainError('invalid', 'EVIDENCE_EMPTY', `文件“${name}”是空文件`, { fileName: name }),
};
