import { DomainError } from '../common/domain-error';

export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9_\-:.]{8,128}$/;

export const IdempotencyErrors = {
  invalidKey: () => new DomainError('invalid', 'IDEMPOTENCY_KEY_INVALID',
    '请求头 Idempotency-Key（幂等键）须为 8–128 个字母、数字或 _ - : . 字符（建议使用 UUID）'),
  reused: () => new DomainError('unprocessable', 'IDEMPOTENCY_KEY_REUSED',
    '幂等键（Idempotency-Key）已用于另一个不同的请求，请为新请求生成新的幂等键'),
  inFlight: () => new DomainError('conflict', 'IDEMPOTENCY_KEY_IN_FLIGHT',
    '使用同一幂等键（Idempotency-Key）的请求仍在处理中，请稍后重试'),
};
