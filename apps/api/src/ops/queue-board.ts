import { createHmac, randomBytes } from 'node:crypto';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { InjectQueue } from '@nestjs/bullmq';
import { ForbiddenException, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { Queue } from 'bullmq';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Cluster, Redis } from 'ioredis';
import { AppConfig } from '@app/config';
import { Actor, UsersService } from '@app/domain';
import { createRedis, QueueName } from '@app/queues';

/** Where the board lives: outside /api (the web pages' client router never sees it). */
export const QUEUE_BOARD_PATH = '/admin/queues';
/** The one-time ticket the 管理 page gets from the API and opens the board with. */
export const BOARD_TICKET_TTL_SECONDS = 60;
/** How long a board tab stays signed in without a new ticket. */
export const BOARD_SESSION_TTL_SECONDS = 30 * 60;
const COOKIE = 'duban_queue_board';
const AUDIENCE = 'duban-queue-board';

interface BoardClaims {
  sub: string;
  ver: number;
}

/**
 * BullMQ's own board (bull-board) over the `cadence` and `notifications` queues, for admins only, read-only unless
 * QUEUE_BOARD_WRITE=true (bull-board refuses every change to a read-only queue on the server, 405, and hides the buttons).
 *
 * A tab opened from the 管理 page cannot send the Bearer token the pages keep in sessionStorage, so:
 *   1. the page asks `POST /api/admin/queues/ticket` (Bearer, admin) for a one-time ticket: 32 random bytes, kept in
 *      Redis for 60 s under their HMAC, with the admin's user id and token version;
 *   2. it opens `/admin/queues/session?ticket=…`, which takes the ticket out of Redis (GETDEL: once), checks the admin
 *      again, and answers with an HttpOnly, SameSite=Strict cookie scoped to /admin/queues, then sends the tab on;
 *   3. every board request (page, assets, its JSON API) carries the cookie: a JWT signed with a key derived from
 *      JWT_SECRET (so it is no Bearer token for /api), expiring after 30 minutes, whose user is re-read each time —
 *      a deactivated admin, a changed role or password (token version) ends the board session at once.
 * Without a valid cookie: 401; a non-admin: 403. No queue data is read before that check.
 */
@Injectable()
export class QueueBoard implements OnModuleInit, OnModuleDestroy {
  private readonly redis: Redis | Cluster;
  private readonly sessionKey: string;
  private readonly ticketPrefix: string;

  constructor(
    private readonly config: AppConfig,
    private readonly jwt: JwtService,
    private readonly users: UsersService,
    @InjectQueue(QueueName.Cadence) private readonly cadence: Queue,
    @InjectQueue(QueueName.Notifications) private readonly notifications: Queue,
  ) {
    this.redis = createRedis(config.redis, 'producer', { lazyConnect: true, commandTimeout: 2_000 });
    this.redis.on('error', () => undefined); // a ticket that cannot be stored is a 500 on that request
    this.sessionKey = createHmac('sha256', config.auth.jwtSecret).update(AUDIENCE).digest('hex');
    this.ticketPrefix = `${config.queuePrefix}:board-ticket:`;
  }

  async onModuleInit(): Promise<void> {
    // connected before the first request (a producer connection queues no command); ioredis keeps retrying if Redis is away
    await this.redis.connect().catch(() => undefined);
  }

  onModuleDestroy(): void {
    this.redis.disconnect();
  }

  /** A one-time ticket for the admin whose Bearer token this is. */
  async issueTicket(actor: Actor, tokenVersion: number): Promise<{ url: string; expiresInSeconds: number }> {
    if (actor.role !== 'admin') {
      throw new ForbiddenException({ code: 'QUEUE_BOARD_FORBIDDEN', message: '只有系统管理员可以查看队列看板' });
    }
    const ticket = randomBytes(32).toString('base64url');
    const claims: BoardClaims = { sub: actor.userId, ver: tokenVersion };
    await this.redis.set(this.ticketKey(ticket), JSON.stringify(claims), 'EX', BOARD_TICKET_TTL_SECONDS);
    return { url: `${QUEUE_BOARD_PATH}/session?ticket=${ticket}`, expiresInSeconds: BOARD_TICKET_TTL_SECONDS };
  }

  /** The Fastify plugin to register with `{ prefix: QUEUE_BOARD_PATH }`. */
  plugin(): FastifyPluginAsync {
    const writable = this.config.ops.queueBoardWritable;
    const server = new FastifyAdapter();
    server.setBasePath(QUEUE_BOARD_PATH);
    const adapter = (queue: Queue, displayName: string) =>
      new BullMQAdapter(queue, { readOnlyMode: !writable, allowRetries: writable, displayName });
    createBullBoard({
      queues: [adapter(this.cadence, '督办节拍 cadence'), adapter(this.notifications, '通知发送 notifications')],
      serverAdapter: server,
      options: { uiConfig: { boardTitle: writable ? '督办队列' : '督办队列（只读）', locale: { lng: 'zh-CN' },
        hideDocsLink: true, miscLinks: [{ text: '返回管理', url: '/admin' }] } },
    });
    return async (scope) => {
      scope.get('/session', (req, reply) => this.openSession(req, reply));
      await scope.register(async (guarded) => {
        guarded.addHook('onRequest', (req, reply) => this.guard(req, reply));
        await guarded.register(server.registerPlugin());
      });
    };
  }

  private ticketKey(ticket: string): string {
    return this.ticketPrefix + createHmac('sha256', this.sessionKey).update(ticket).digest('hex');
  }

  private async openSession(req: FastifyRequest, reply: FastifyReply): Promise<unknown> {
    const ticket = (req.query as Record<string, unknown>).ticket;
    const raw = typeof ticket === 'string' && ticket.length <= 100 ? await this.redis.getdel(this.ticketKey(ticket)) : null;
    const claims = raw ? (JSON.parse(raw) as BoardClaims) : null;
    const actor = claims && await this.users.loadActor(claims.sub, claims.ver);
    if (!actor || actor.role !== 'admin') {
      return this.refuse(req, reply, 401, 'QUEUE_BOARD_TICKET_INVALID', '链接已失效，请回到「管理」页面重新打开队列看板');
    }
    const token = await this.jwt.signAsync({ ...claims }, { secret: this.sessionKey, audience: AUDIENCE,
      expiresIn: BOARD_SESSION_TTL_SECONDS, algorithm: 'HS256' });
    const secure = req.protocol === 'https' ? '; Secure' : '';
    return reply.code(303)
      .header('set-cookie', `${COOKIE}=${token}; Path=${QUEUE_BOARD_PATH}; HttpOnly; SameSite=Strict; Max-Age=${BOARD_SESSION_TTL_SECONDS}${secure}`)
      .header('referrer-policy', 'no-referrer')
      .header('cache-control', 'no-store')
      .header('location', `${QUEUE_BOARD_PATH}/`)
      .send();
  }

  private async guard(req: FastifyRequest, reply: FastifyReply): Promise<unknown> {
    const token = readCookie(req.headers.cookie, COOKIE);
    let claims: BoardClaims | null = null;
    if (token) {
      try {
        const payload = await this.jwt.verifyAsync<BoardClaims & object>(token, { secret: this.sessionKey, audience: AUDIENCE,
          algorithms: ['HS256'] });
        if (typeof payload.sub === 'string' && Number.isInteger(payload.ver)) claims = payload;
      } catch {
        // expired, tampered, another key: not signed in
      }
    }
    const actor = claims && await this.users.loadActor(claims.sub, claims.ver);
    if (!actor) return this.refuse(req, reply, 401, 'QUEUE_BOARD_UNAUTHENTICATED', '请以系统管理员身份登录，并从「管理」页面打开队列看板');
    if (actor.role !== 'admin') return this.refuse(req, reply, 403, 'QUEUE_BOARD_FORBIDDEN', '只有系统管理员可以查看队列看板');
    return undefined;
  }

  /** JSON for the board's own API calls, a short page for a person who opened a link. */
  private refuse(req: FastifyRequest, reply: FastifyReply, status: number, code: string, message: string): FastifyReply {
    reply.code(status).header('cache-control', 'no-store');
    if ((req.headers.accept ?? '').includes('text/html')) {
      return reply.type('text/html; charset=utf-8').send(`<!doctype html><html lang="zh-CN"><meta charset="utf-8">` +
        `<title>队列看板</title><body style="font-family:sans-serif;padding:2em"><h1>队列看板</h1>` +
        `<p data-test="board-refused">${message}</p><p><a href="/admin">返回管理</a></p></body></html>`);
    }
    return reply.send({ statusCode: status, code, message, requestId: req.id });
  }
}

function readCookie(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=') || null;
  }
  return null;
}
