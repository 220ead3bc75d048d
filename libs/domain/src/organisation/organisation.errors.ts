import { DomainError } from '../common/domain-error';

export const OrganisationErrors = {
  unitNotFound: (id: string) => new DomainError('not_found', 'UNIT_NOT_FOUND', '单位不存在或不在您的管辖范围内', { id }),
  unitCodeTaken: (code: string) => new DomainError('conflict', 'UNIT_CODE_TAKEN', `单位编码“${code}”已被使用`, { code }),
  parentRequired: () => new DomainError('invalid', 'UNIT_PARENT_REQUIRED', '除顶层行政区域外，单位必须指定上级单位'),
  userNotFound: (id: string) => new DomainError('not_found', 'USER_NOT_FOUND', '用户不存在或不在您的管辖范围内', { id }),
  usernameTaken: (username: string) =>
    new DomainError('conflict', 'USERNAME_TAKEN', `用户名“${username}”已被使用`, { username }),
  forbidden: () => new DomainError('forbidden', 'ORG_FORBIDDEN', '您没有管理单位和用户的权限'),
  adminOnly: () => new DomainError('forbidden', 'ADMIN_ONLY', '只有系统管理员可以执行此操作'),
  badCredentials: () => new DomainError('unauthenticated', 'AUTH_BAD_CREDENTIALS', '用户名或密码错误'),
  kindChange: () => new DomainError('invalid', 'UNIT_KIND_CHANGE',
    '辖区不能改为其他类型，其他单位也不能改为辖区（辖区决定下属单位的归属）'),
  systemUnitFixed: () => new DomainError('invalid', 'UNIT_SYSTEM_FIXED', '“系统管理”单位的编码和类型不能修改'),
  selfLockout: () => new DomainError('invalid', 'USER_SELF_LOCKOUT', '不能停用自己的账号或修改自己的角色，请由其他管理人员操作'),
  webhookPrivateAddress: (index: number, host: string, reason: string) => new DomainError('invalid', 'WEBHOOK_PRIVATE_ADDRESS',
    `第 ${index + 1} 个群机器人（Webhook）的地址指向${reason}“${host}”，本系统不向内网或本机地址推送，请填写公网地址`,
    { field: `webhooks.${index}.url`, host }),
  leaderRoleRequired: () => new DomainError('invalid', 'USER_NOT_LEADER', '只能为“分管领导”角色的用户设置分管单位'),
};
