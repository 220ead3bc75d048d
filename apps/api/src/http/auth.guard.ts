import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { FastifyRequest } from 'fastify';
import { Actor, UsersService } from '@app/domain';
import { IS_PUBLIC } from './current-actor.decorator';

/** Bearer-token guard on every route but @Public ones; the actor is re-read so deactivation takes effect at once. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(private readonly reflector: Reflector, private readonly jwt: JwtService, private readonly users: UsersService) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [ctx.getHandler(), ctx.getClass()])) return true;
    const req = ctx.switchToHttp().getRequest<FastifyRequest & { actor?: Actor }>();
    const [scheme, token] = (req.headers.authorization ?? '').split(' ');
    if (scheme !== 'Bearer' || !token) throw new UnauthorizedException({ code: 'UNAUTHENTICATED', message: '请先登录' });
    let sub: string;
    try {
      ({ sub } = await this.jwt.verifyAsync<{ sub: string }>(token, { algorithms: ['HS256'] }));
    } catch {
      throw new UnauthorizedException({ code: 'TOKEN_INVALID', message: '登录已失效，请重新登录' });
    }
    const actor = await this.users.loadActor(sub);
    if (!actor) throw new UnauthorizedException({ code: 'TOKEN_INVALID', message: '登录已失效，请重新登录' });
    req.actor = actor;
    return true;
  }
}
