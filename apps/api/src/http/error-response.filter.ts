import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isConnectionError } from '@app/database';
import { DomainError, DomainErrorKind } from '@app/domain';
import { RequestValidationException } from './validation';

export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: unknown;
  requestId: string;
}

const KIND_STATUS: Record<DomainErrorKind, number> = {
  invalid: 400, unauthenticated: 401, forbidden: 403, not_found: 404, conflict: 409, too_large: 413, unsupported: 415,
  unprocessable: 422, unavailable: 503,
};

const HTTP_DEFAULTS: Record<number, [string, string]> = {
  400: ['BAD_REQUEST', '请求有误'],
  401: ['UNAUTHENTICATED', '请先登录'],
  403: ['FORBIDDEN', '没有权限'],
  404: ['NOT_FOUND', '请求的资源不存在'],
  405: ['METHOD_NOT_ALLOWED', '不支持的请求方法'],
  406: ['NOT_ACCEPTABLE', '不支持的响应格式'],
  413: ['PAYLOAD_TOO_LARGE', '请求内容过大'],
  415: ['UNSUPPORTED_MEDIA_TYPE', '不支持的内容类型'],
  429: ['TOO_MANY_REQUESTS', '请求过于频繁，请稍后再试'],
  503: ['SERVICE_UNAVAILABLE', '服务暂不可用（数据库或 Redis 无应答），请稍后再试'],
};

// SQLSTATE classes 08 (connection exception) and 57P (server shut down / crashed / starting)
/** A failure of the connection to PostgreSQL, not of the request: the client may retry it (503, not 500). */
export const isDatabaseUnavailable = isConnectionError;

/** One error shape for every failure: { statusCode, code, message (Chinese), details?, requestId }. */
export function toErrorBody(err: unknown, requestId: string, logger: Logger): ErrorBody {
  if (err instanceof DomainError) {
    return { statusCode: KIND_STATUS[err.kind], code: err.code, message: err.message, details: err.details, requestId };
  }
  if (err instanceof RequestValidationException) {
    const body = err.getResponse() as { code: string; message: string };
    return { statusCode: 400, code: body.code, message: body.message, details: { fields: err.fields }, requestId };
  }
  if (err instanceof HttpException) {
    const status = err.getStatus();
    const body = err.getResponse();
    const given = typeof body === 'object' && body !== null
      ? (body as { code?: string; message?: unknown; status?: unknown; details?: unknown }) : {};
    const [code, message] = HTTP_DEFAULTS[status] ?? ['HTTP_ERROR', '请求失败'];
    // a failed health check (@nestjs/terminus) names each dependency and its state: keep that for the load balancer
    const details = given.status === 'error' && typeof given.details === 'object' ? given.details : undefined;
    return { statusCode: status, code: given.code ?? code,
      message: given.code && typeof given.message === 'string' ? given.message : message, details, requestId };
  }
  // errors raised by Fastify and its plugins (body too large, bad JSON, multipart limits) carry a statusCode
  const status = (err as { statusCode?: number }).statusCode;
  if (status && status >= 400 && status < 500) {
    const [code, message] = HTTP_DEFAULTS[status] ?? ['BAD_REQUEST', '请求有误'];
    const fastifyCode = (err as { code?: string }).code;
    if (fastifyCode === 'FST_ERR_CTP_INVALID_JSON_BODY' || fastifyCode === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
      return { statusCode: 400, code: 'INVALID_JSON', message: '请求体不是有效的 JSON', requestId };
    }
    return { statusCode: status, code, message, details: fastifyCode ? { cause: fastifyCode } : undefined, requestId };
  }
  if (isDatabaseUnavailable(err)) {
    logger.warn({ err, requestId }, 'database unavailable');
    return { statusCode: 503, code: 'DATABASE_UNAVAILABLE', message: '数据库暂时无法访问，请稍后用同一幂等键（Idempotency-Key）重试',
      requestId };
  }
  logger.error({ err, requestId }, 'unhandled error');
  return { statusCode: 500, code: 'INTERNAL_ERROR', message: '服务器内部错误，请联系管理员并提供请求编号', requestId };
}

@Catch()
export class ErrorResponseFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');

  catch(err: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<FastifyRequest>();
    const reply = ctx.getResponse<FastifyReply>();
    const body = toErrorBody(err, String(req.id), this.logger);
    void reply.status(body.statusCode).header('x-request-id', body.requestId).send(body);
  }
}
