import { randomBytes } from 'node:crypto';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { EnvSchema } from './env.schema';
import { RedisTarget, redisModeProblems, redisTarget } from './redis-target';
import { parseTrustProxy } from './trust-proxy';

export const BUSINESS_TIME_ZONE = 'Asia/Shanghai';

/** The first account of a development install with no ADMIN_USERNAME; never used in production. */
export const DEV_ADMIN = { username: 'admin', password: 'duban-admin' };

export class ConfigError extends Error {
  readonly readable = true;
  constructor(readonly problems: string[]) {
    super(`配置有误 (invalid configuration):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** The typed, validated configuration both apps and the CLI run with. */
const OPTIONAL_VARIABLES = ['JWT_SECRET', 'SMTP_URL', 'METRICS_TOKEN', 'ADMIN_USERNAME', 'ADMIN_PASSWORD', 'WEB_DIST_DIR', 'PUBLIC_URL',
  'REDIS_CLUSTER_NODES', 'REDIS_SENTINELS', 'REDIS_SENTINEL_NAME', 'REDIS_PASSWORD', 'REDIS_SENTINEL_PASSWORD'];

export class AppConfig {
  readonly env!: 'development' | 'test' | 'production';
  readonly port!: number;
  readonly workerPort!: number;
  readonly databaseUrl!: string;
  /** one Redis, a Redis Cluster or a Sentinel-managed Redis (libs/queues builds the connections) */
  readonly redis!: RedisTarget;
  /** QUEUE_PREFIX, in braces on a Redis Cluster (`{duban}`): a hash tag, so all of duban's keys are in one slot */
  readonly queuePrefix!: string;
  readonly logLevel!: string;
  /** proxies whose X-Forwarded-For is believed (Fastify `trustProxy`); empty: the client is the TCP peer */
  readonly trustProxy!: string[];
  readonly migrateOnBoot!: boolean;
  readonly auth!: { jwtSecret: string; jwtSecretGenerated: boolean; jwtTtl: string };
  readonly tasks!: { dueSoonDays: number };
  readonly evidence!: { maxBytes: number; maxFiles: number };
  /** delivery of the cadence's notifications; e-mail is off without SMTP_URL */
  readonly notifications!: { smtpUrl: string | null; smtpFrom: string; allowPrivateWebhooks: boolean; concurrency: number;
    attempts: number; backoffMs: number; /** how long a claimed send blocks other workers */ leaseMs: number };
  /**
   * the worker: whether it runs the beats (schedulers and catch-up), how many jurisdictions a beat works on at once,
   * and how long a shutdown waits for active jobs
   */
  readonly worker!: { beats: boolean; beatConcurrency: number; drainMs: number };
  /** how many processes `npm run start:api` / `start:worker` run (a primary forks them when more than one) */
  readonly processes!: { api: number; worker: number };
  /** operations: the /metrics bearer token (null: no /metrics), and whether the queue board may change queues */
  readonly ops!: { metricsToken: string | null; queueBoardWritable: boolean };
  /**
   * where the built web pages are (null: the repository's dist/web), and the address users open them at (no trailing
   * slash; null: unknown, so links in e-mails and robots' messages are paths only)
   */
  readonly web!: { distDir: string | null; publicUrl: string | null };
  readonly firstAdmin!: { username: string; password: string; isDefault: boolean } | null;

  static fromEnv(raw: Record<string, string | undefined> = process.env): AppConfig {
    // the optional variables have no default, so they are not keys of a fresh EnvSchema
    const known = [...Object.keys(new EnvSchema()), ...OPTIONAL_VARIABLES];
    const input = Object.fromEntries(Object.entries(raw).filter(([k, v]) => v !== undefined && v !== '' && known.includes(k)));
    const env = plainToInstance(EnvSchema, input, { exposeDefaultValues: true });
    // property names and rule messages only: values may be secrets
    const problems = [...validateSync(env).map((e) => `${e.property}: ${[...new Set(Object.values(e.constraints ?? {}))].join('；')}`),
      ...redisModeProblems(input)];
    if (problems.length) throw new ConfigError(problems);
    const redis = redisTarget(env);
    const generated = !env.JWT_SECRET;
    return Object.assign(new AppConfig(), {
      env: env.NODE_ENV,
      port: env.PORT,
      workerPort: env.WORKER_PORT,
      databaseUrl: env.DATABASE_URL,
      redis,
      queuePrefix: redis.mode === 'cluster' ? `{${env.QUEUE_PREFIX}}` : env.QUEUE_PREFIX,
      logLevel: env.LOG_LEVEL,
      trustProxy: parseTrustProxy(env.TRUST_PROXY)!,
      migrateOnBoot: env.MIGRATE_ON_BOOT === 'true',
      auth: { jwtSecret: env.JWT_SECRET ?? randomBytes(32).toString('hex'), jwtSecretGenerated: generated, jwtTtl: env.JWT_TTL },
      tasks: { dueSoonDays: env.DUE_SOON_DAYS },
      evidence: { maxBytes: env.EVIDENCE_MAX_MB * 1024 * 1024, maxFiles: 10 },
      notifications: { smtpUrl: env.SMTP_URL ?? null, smtpFrom: env.SMTP_FROM,
        allowPrivateWebhooks: env.WEBHOOK_ALLOW_PRIVATE === 'true', concurrency: env.NOTIFY_CONCURRENCY,
        attempts: env.NOTIFY_ATTEMPTS, backoffMs: env.NOTIFY_BACKOFF_MS, leaseMs: env.NOTIFY_LEASE_MS },
      worker: { beats: env.WORKER_BEATS === 'true', beatConcurrency: env.BEAT_CONCURRENCY, drainMs: env.WORKER_DRAIN_MS },
      processes: { api: env.API_PROCESSES, worker: env.WORKER_PROCESSES },
      ops: { metricsToken: env.METRICS_TOKEN ?? null, queueBoardWritable: env.QUEUE_BOARD_WRITE === 'true' },
      web: { distDir: env.WEB_DIST_DIR ?? null, publicUrl: env.PUBLIC_URL?.replace(/\/+$/, '') ?? null },
      firstAdmin: env.ADMIN_USERNAME
        ? { username: env.ADMIN_USERNAME, password: env.ADMIN_PASSWORD!, isDefault: false }
        : env.NODE_ENV === 'development' ? { ...DEV_ADMIN, isDefault: true } : null,
    });
  }

  /** Address without credentials, for messages. */
  static redact(url: string): string {
    try {
      const u = new URL(url);
      u.password = '';
      return u.toString();
    } catch {
      return '(unparsable url)';
    }
  }
}
