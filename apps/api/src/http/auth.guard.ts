import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { createSecretKey, KeyObject } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import type { FastifyRequest } from 'fastify';
import { AppConfig } from '@app/config';
import { Actor, UsersService } from '@app/domain';
import { IS_PUBLIC } from './current-actor.decorator';

/** The claims duban signs: `sub` the user id, `ver` the user's token version (see UsersService.loadActor). */
export interface TokenClaims {
  sub: string;
  ver: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PG_INT_MAX = 2_147_483_647;

/**
 * The claims of a validly signed token, or null when they are not what duban signs: a token made with a leaked or
 * test secret, or of an older format, must get 401, not reach a uuid/integer column and fail there as a 500.
 * jsonwebtoken accepts a token without `exp`; ours always carry one.
 */
export function readClaims(payload: unknown): TokenClaims | null {
  if (typeof payload !== 'object' || payload === null) return null;
  const { sub, ver, exp } = payload as Record<string, unknown>;
  if (typeof sub !== 'string' || !UUID.test(sub)) return null;
  if (typeof ver !== 'number' || !Number.isInteger(ver) || ver < 0 || ver > PG_INT_MAX) return null;
  if (typeof exp !== 'number' || !Number.isFinite(exp)) return null;
  return { sub, ver };
}

/** Bearer-token guard on every route but @Public ones; the actor is re-read so deactivation takes effect at once. */
@Injectable()
export class AuthGuard implements CanActivate {
  /**
   * The HS256 secret as a KeyObject, made once: given the string, jsonwebtoken first tries it as a PEM public key,
   * catches the throw, then builds the same secret key, on every request (~1 ms, a sixth of a ledger page's CPU).
   */
  private readonly key: KeyObject;

  private readonly ttl: string;

  constructor(private readonly reflector: Reflector, private readonly jwt: JwtService, private readonly users: UsersService,
    config: AppConfig) {
    this.key = createSecretKey(Buffer.from(config.auth.jwtSecret));
    this.ttl = config.auth.jwtTtl;
  }

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [ctx.getHandler(), ctx.getClass()])) return true;
    const req = ctx.switchToHttp().getRequest<FastifyRequest & { actor?: Actor }>();
    const [scheme, token] = (req.headers.authorization ?? '').split(' ');
    if (scheme !== 'Bearer' || !token) throw new UnauthorizedException({ code: 'UNAUTHENTICATED', message: '请先登录' });
    let claims: TokenClaims | null = null;
    try {
      // `secret` is typed string | Buffer but goes to jsonwebtoken as is, which takes a KeyObject; maxAge also
      // requires `iat` and caps a token at JWT_TTL whatever `exp` it was signed with
      claims = readClaims(await this.jwt.verifyAsync<object>(token, { algorithms: ['HS256'],
        secret: this.key as unknown as string, maxAge: this.ttl }));
    } catch {
      // bad signature, wrong algorithm, expired, malformed: all the same to the client
    }
    const actor = claims && await this.users.loadActor(claims.sub, claims.ver);
    if (!actor) throw new UnauthorizedException({ code: 'TOKEN_INVALID', message: '登录已失效，请重新登录' });
    req.actor = actor;
    return true;
  }
}
