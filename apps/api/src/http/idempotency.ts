import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiHeader } from '@nestjs/swagger';
import type { EntityManager } from 'typeorm';
import { Actor, IDEMPOTENCY_KEY_PATTERN, IdempotencyErrors, IdempotencyService } from '@app/domain';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
export const REPLAYED_HEADER = 'idempotent-replayed';

/** The OpenAPI description of the header, on every operation that takes it. */
export const ApiIdempotencyKey = () => ApiHeader({
  name: 'Idempotency-Key', required: false,
  description: '幂等键（8–128 个字母、数字或 _ - : .，建议 UUID）：同一用户用同一键重试时返回首次的结果（状态码与内容相同，' +
    '响应头 Idempotent-Replayed: true），不会重复写入；同一键用于不同请求返回 422 IDEMPOTENCY_KEY_REUSED，' +
    '首次请求仍在处理时返回 409 IDEMPOTENCY_KEY_IN_FLIGHT。保留 24 小时。',
});

/** The request's Idempotency-Key, validated; null when it has none. */
export function idempotencyKeyOf(req: FastifyRequest): string | null {
  const raw = req.headers[IDEMPOTENCY_HEADER];
  if (raw === undefined) return null;
  if (typeof raw !== 'string' || !IDEMPOTENCY_KEY_PATTERN.test(raw)) throw IdempotencyErrors.invalidKey();
  return raw;
}

export interface PreparedWrite<T> {
  /** operation, target and input: a retry must match it to get the first answer */
  fingerprint: unknown;
  /** writes and reads the answer back, on `em`, inside the transaction */
  write: (em: EntityManager) => Promise<T>;
  /** frees what `prepare` took (temp files of an upload), after the write, whatever its outcome */
  dispose?: () => Promise<void>;
}

/**
 * An adapter's write: claims the key before the body is read (a retry while the first upload still streams is 409),
 * `prepare` reads and validates the input, then the write and its answer run in one transaction with the key.
 */
export async function writeOnce<T>(idempotency: IdempotencyService, req: FastifyRequest, reply: FastifyReply, actor: Actor,
  prepare: () => Promise<PreparedWrite<T>>): Promise<T> {
  const key = idempotencyKeyOf(req);
  const release = key ? idempotency.claim(actor.userId, key) : () => undefined;
  try {
    const { fingerprint, write, dispose } = await prepare();
    try {
      const result = await idempotency.run(key ? { userId: actor.userId, key, fingerprint } : null, write);
      if (result.replayed) void reply.header(REPLAYED_HEADER, 'true');
      return result.body;
    } finally {
      await dispose?.();
    }
  } finally {
    release();
  }
}
