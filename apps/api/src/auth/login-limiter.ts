import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { Cluster, Redis } from 'ioredis';
import { isIPv4, isIPv6 } from 'node:net';
import { AppConfig } from '@app/config';
import { createRedis } from '@app/queues';

/**
 * Failed logins allowed per window (docs/api.md, "Login limits"). Counted in Redis, so every API process behind the
 * load balancer shares them.
 * - per user name, from anywhere: a guess at one account spread over many addresses is slowed to 10 per 15 min;
 * - per client address, whatever the user names: one address trying many accounts. A county office may sit behind
 *   one NAT address, hence the larger number; successful logins never count, so the office's morning logins do not
 *   use it up.
 */
export const LOGIN_LIMITS = {
  username: { limit: 10, windowMs: 15 * 60_000 },
  address: { limit: 30, windowMs: 15 * 60_000 },
} as const;

/** Why a login was refused before the password was looked at, and when to try again. */
export class LoginRateLimited extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(`login attempts over the limit, retry in ${retryAfterSeconds}s`);
  }
}

/** One counted attempt: it stays counted unless it turns out not to be a failed login. */
export interface LoginAttempt {
  /** The password was right, or the request never got to compare one: give the attempt back. */
  forgive(): Promise<void>;
}

const NOTHING_COUNTED: LoginAttempt = { forgive: async () => undefined };

// decrements only keys that still exist: a key that expired meanwhile must not come back at -1 without a TTL
const FORGIVE = `for _, k in ipairs(KEYS) do if redis.call('EXISTS', k) == 1 then redis.call('DECR', k) end end return 0`;

/**
 * Fixed-window counters of login attempts, one per client address and one per user name, on the API's own Redis
 * connection. Redis down: logins go through uncounted, with a warning (locking everybody out is worse).
 */
@Injectable()
export class LoginLimiter implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(LoginLimiter.name);
  private readonly redis: Redis | Cluster;
  private readonly prefix: string;
  private lastWarning = 0;

  constructor(config: AppConfig) {
    // a login must not wait on a Redis that does not answer: fail after a second and let it through
    this.redis = createRedis(config.redis, 'producer', { lazyConnect: true, commandTimeout: 1_000 });
    this.redis.on('error', () => undefined); // reported when an attempt cannot be counted
    this.prefix = `${config.queuePrefix}:login`;
  }

  async onModuleInit(): Promise<void> {
    // connected before the first request, or every attempt until then would go uncounted; ioredis keeps retrying
    await this.redis.connect().catch((err: unknown) => this.warn(err));
  }

  onModuleDestroy(): void {
    this.redis.disconnect();
  }

  /**
   * Counts an attempt from `address` at `username`; throws LoginRateLimited, without counting it, when either is
   * over its limit: then not even the right password is checked, or the limit would not stop guessing.
   */
  async begin(address: string, username: unknown): Promise<LoginAttempt> {
    const keys: Array<[string, { limit: number; windowMs: number }]> = [
      [`${this.prefix}:addr:${addressKey(address)}`, LOGIN_LIMITS.address]];
    if (typeof username === 'string' && username !== '') {
      keys.push([`${this.prefix}:user:${username.toLowerCase()}`, LOGIN_LIMITS.username]);
    }
    let counts: Array<{ count: number; ttlMs: number }>;
    try {
      if (this.redis.status !== 'ready') throw new Error(`redis connection ${this.redis.status}`);
      const multi = this.redis.multi();
      for (const [key, { windowMs }] of keys) multi.set(key, 0, 'PX', windowMs, 'NX').incr(key).pttl(key);
      const replies = (await multi.exec()) ?? [];
      const failed = replies.find(([err]) => err);
      if (failed || replies.length !== keys.length * 3) throw failed?.[0] ?? new Error('MULTI aborted');
      counts = keys.map((_, i) => ({ count: Number(replies[i * 3 + 1][1]), ttlMs: Number(replies[i * 3 + 2][1]) }));
    } catch (err) {
      this.warn(err);
      return NOTHING_COUNTED;
    }
    const attempt: LoginAttempt = { forgive: () => this.forgive(keys.map(([key]) => key)) };
    const over = counts.filter(({ count }, i) => count > keys[i][1].limit);
    if (over.length) {
      await attempt.forgive(); // refused before any password was compared: a retry must not push the window further
      const waitMs = Math.max(...over.map(({ ttlMs }, i) => (ttlMs > 0 ? ttlMs : keys[i][1].windowMs)));
      throw new LoginRateLimited(Math.max(1, Math.ceil(waitMs / 1000)));
    }
    return attempt;
  }

  private async forgive(keys: string[]): Promise<void> {
    try {
      await this.redis.eval(FORGIVE, keys.length, ...keys);
    } catch (err) {
      this.warn(err);
    }
  }

  private warn(err: unknown): void {
    // at most one line every 10 s, however many logins come in while Redis is away
    if (Date.now() - this.lastWarning < 10_000) return;
    this.lastWarning = Date.now();
    this.logger.warn({ err: err instanceof Error ? err.message : String(err) },
      'login limiter cannot reach Redis: login attempts are not being counted');
  }
}

/**
 * The client an address counts for: IPv4 as is (also when IPv4-mapped), IPv6 by its /64, which one subscriber
 * usually holds whole, so walking through it does not give an attacker fresh counters.
 */
export function addressKey(ip: string): string {
  const bare = ip.split('%')[0];
  if (/^::ffff:/i.test(bare) && isIPv4(bare.slice(7))) return bare.slice(7);
  if (!isIPv6(bare)) return bare;
  const [head, tail = ''] = bare.split('::');
  const groups = (part: string) => part.split(':').filter((g) => g !== '').flatMap((g) => (g.includes('.') ? ['0', '0'] : [g]));
  const left = groups(head);
  const right = bare.includes('::') ? groups(tail) : [];
  const all = [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
  return `${all.slice(0, 4).map((g) => parseInt(g, 16).toString(16)).join(':')}::/64`;
}
