import { CallHandler, ExecutionContext, HttpException, HttpStatus, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { defer, mergeMap, Observable, tap } from 'rxjs';
import { DomainError } from '@app/domain';
import { LoginLimiter, LoginRateLimited } from './login-limiter';

/** 用户名或密码错误: the only outcome that stays counted against the address and the user name. */
const isFailedLogin = (err: unknown) => err instanceof DomainError && err.code === 'AUTH_BAD_CREDENTIALS';

/** Chinese "in how long", rounded up: 45 秒, 3 分钟. */
const inWords = (seconds: number) => (seconds < 60 ? `${seconds} 秒` : `${Math.ceil(seconds / 60)} 分钟`);

/**
 * Counts each login attempt before the password is checked (an interceptor runs before the body is validated, so
 * a malformed body is given back too), answers 429 with Retry-After when over a limit, and gives the attempt back
 * unless it ended in a wrong password: only failures count, so people logging in never use up their office's
 * shared address.
 */
@Injectable()
export class LoginLimitInterceptor implements NestInterceptor {
  constructor(private readonly limiter: LoginLimiter) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = ctx.switchToHttp();
    const req = http.getRequest<FastifyRequest<{ Body: { username?: unknown } | undefined }>>();
    return defer(async () => {
      try {
        return await this.limiter.begin(req.ip, req.body?.username);
      } catch (err) {
        if (!(err instanceof LoginRateLimited)) throw err;
        void http.getResponse<FastifyReply>().header('retry-after', String(err.retryAfterSeconds));
        throw new HttpException({ code: 'AUTH_TOO_MANY_ATTEMPTS',
          message: `登录失败次数过多，请 ${inWords(err.retryAfterSeconds)}后再试` }, HttpStatus.TOO_MANY_REQUESTS);
      }
    }).pipe(mergeMap((attempt) => next.handle().pipe(tap({
      next: () => void attempt.forgive(),
      error: (err: unknown) => { if (!isFailedLogin(err)) void attempt.forgive(); },
    }))));
  }
}
