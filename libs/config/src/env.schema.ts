import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, Min, MinLength, ValidateBy, ValidateIf } from 'class-validator';
import { parseRedisNodes } from './redis-target';
import { parseTrustProxy } from './trust-proxy';

/** Every environment variable duban reads, with its default. Nothing else reads process.env. */
export class EnvSchema {
  @IsIn(['development', 'test', 'production'], { message: 'NODE_ENV 只能是 development、test 或 production' })
  NODE_ENV = 'development';

  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL 必须是 postgres:// 开头的连接串' })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/duban';

  @Matches(/^rediss?:\/\/.+/, { message: 'REDIS_URL 必须是 redis:// 开头的连接串' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  /** A Redis Cluster instead of REDIS_URL: some of its nodes (the rest are discovered), `host:port,host:port`. */
  @IsOptional() @ValidateBy({ name: 'redisNodes', validator: { validate: (v: unknown) => typeof v === 'string' && parseRedisNodes(v) !== null } },
    { message: 'REDIS_CLUSTER_NODES 是逗号分隔的 主机:端口（如 10.0.0.1:7000,10.0.0.2:7000）' })
  REDIS_CLUSTER_NODES?: string;

  /** A Sentinel-managed Redis instead of REDIS_URL: the sentinels, `host:port,host:port`, with REDIS_SENTINEL_NAME. */
  @IsOptional() @ValidateBy({ name: 'redisNodes', validator: { validate: (v: unknown) => typeof v === 'string' && parseRedisNodes(v) !== null } },
    { message: 'REDIS_SENTINELS 是逗号分隔的 主机:端口（如 10.0.0.1:26379,10.0.0.2:26379）' })
  REDIS_SENTINELS?: string;

  @IsOptional() @Matches(/^[a-z0-9_.-]+$/i, { message: 'REDIS_SENTINEL_NAME 是哨兵监控的主节点名（如 mymaster），只能含字母、数字、_ . -' })
  REDIS_SENTINEL_NAME?: string;

  /** the cluster's or the sentinel-managed Redis' password (a single Redis has it in REDIS_URL) */
  @IsOptional() @IsString()
  REDIS_PASSWORD?: string;

  @IsOptional() @IsString()
  REDIS_SENTINEL_PASSWORD?: string;

  @Type(() => Number) @IsInt({ message: 'PORT 必须是 0–65535 之间的整数' }) @Min(0, { message: 'PORT 必须是 0–65535 之间的整数' }) @Max(65535, { message: 'PORT 必须是 0–65535 之间的整数' })
  PORT = 3000;

  @Type(() => Number) @IsInt({ message: 'WORKER_PORT 必须是 0–65535 之间的整数' }) @Min(0, { message: 'WORKER_PORT 必须是 0–65535 之间的整数' }) @Max(65535, { message: 'WORKER_PORT 必须是 0–65535 之间的整数' })
  WORKER_PORT = 3001;

  @ValidateIf((env: EnvSchema) => env.NODE_ENV === 'production' || env.JWT_SECRET !== undefined)
  @IsString({ message: 'JWT_SECRET 至少 32 个字符（生产环境必填）' }) @MinLength(32, { message: 'JWT_SECRET 至少 32 个字符（生产环境必填）' })
  JWT_SECRET?: string;

  @Matches(/^\d+[smhd]$/, { message: 'JWT_TTL 形如 12h、30m、7d' })
  JWT_TTL = '12h';

  /** Proxies whose X-Forwarded-For is believed; empty trusts none, so the client address is the TCP peer's. */
  @ValidateBy({ name: 'trustProxy', validator: { validate: (v: unknown) => typeof v === 'string' && parseTrustProxy(v) !== null } },
    { message: 'TRUST_PROXY 是逗号分隔的代理地址或网段（如 10.0.0.5,172.16.0.0/12），也可写 loopback、linklocal、uniquelocal' })
  TRUST_PROXY = '';

  @Matches(/^[a-z0-9_-]+$/i, { message: 'QUEUE_PREFIX 只能含字母、数字、- 和 _' })
  QUEUE_PREFIX = 'duban';

  @Type(() => Number) @IsInt({ message: 'DUE_SOON_DAYS 必须是 0–90 之间的整数' }) @Min(0, { message: 'DUE_SOON_DAYS 必须是 0–90 之间的整数' }) @Max(90, { message: 'DUE_SOON_DAYS 必须是 0–90 之间的整数' })
  DUE_SOON_DAYS = 7;

  @Type(() => Number) @IsInt({ message: 'EVIDENCE_MAX_MB 必须是 1–100 之间的整数' }) @Min(1, { message: 'EVIDENCE_MAX_MB 必须是 1–100 之间的整数' }) @Max(100, { message: 'EVIDENCE_MAX_MB 必须是 1–100 之间的整数' })
  EVIDENCE_MAX_MB = 20;

  @IsIn(['true', 'false'], { message: 'MIGRATE_ON_BOOT 只能是 true 或 false' })
  MIGRATE_ON_BOOT = 'true';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { message: 'LOG_LEVEL 只能是 fatal、error、warn、info、debug、trace 或 silent' })
  LOG_LEVEL = 'info';

  @IsOptional() @Matches(/^smtps?:\/\/.+/, { message: 'SMTP_URL 形如 smtp://user:pass@host:587 或 smtps://host:465' })
  SMTP_URL?: string;

  @IsString() @IsNotEmpty({ message: 'SMTP_FROM 不能为空' })
  SMTP_FROM = '督办系统 <duban@localhost>';

  @IsIn(['true', 'false'], { message: 'WEBHOOK_ALLOW_PRIVATE 只能是 true 或 false' })
  WEBHOOK_ALLOW_PRIVATE = 'false';

  @Type(() => Number) @IsInt({ message: 'NOTIFY_CONCURRENCY 必须是 1–200 之间的整数' }) @Min(1, { message: 'NOTIFY_CONCURRENCY 必须是 1–200 之间的整数' }) @Max(200, { message: 'NOTIFY_CONCURRENCY 必须是 1–200 之间的整数' })
  NOTIFY_CONCURRENCY = 10;

  @Type(() => Number) @IsInt({ message: 'NOTIFY_ATTEMPTS 必须是 1–50 之间的整数' }) @Min(1, { message: 'NOTIFY_ATTEMPTS 必须是 1–50 之间的整数' }) @Max(50, { message: 'NOTIFY_ATTEMPTS 必须是 1–50 之间的整数' })
  NOTIFY_ATTEMPTS = 8;

  @Type(() => Number) @IsInt({ message: 'NOTIFY_BACKOFF_MS 必须是 10–3600000 之间的整数' }) @Min(10, { message: 'NOTIFY_BACKOFF_MS 必须是 10–3600000 之间的整数' }) @Max(3_600_000, { message: 'NOTIFY_BACKOFF_MS 必须是 10–3600000 之间的整数' })
  NOTIFY_BACKOFF_MS = 30_000;

  @Type(() => Number) @IsInt({ message: 'NOTIFY_LEASE_MS 必须是 1000–3600000 之间的整数' }) @Min(1_000, { message: 'NOTIFY_LEASE_MS 必须是 1000–3600000 之间的整数' }) @Max(3_600_000, { message: 'NOTIFY_LEASE_MS 必须是 1000–3600000 之间的整数' })
  NOTIFY_LEASE_MS = 15_000;

  @IsIn(['true', 'false'], { message: 'WORKER_BEATS 只能是 true 或 false' })
  WORKER_BEATS = 'true';

  @Type(() => Number) @IsInt({ message: 'WORKER_DRAIN_MS 必须是 0–600000 之间的整数' }) @Min(0, { message: 'WORKER_DRAIN_MS 必须是 0–600000 之间的整数' }) @Max(600_000, { message: 'WORKER_DRAIN_MS 必须是 0–600000 之间的整数' })
  WORKER_DRAIN_MS = 8_000;

  /** How many jurisdictions a beat works on at once (each its own transaction and database connection). */
  @Type(() => Number) @IsInt({ message: 'BEAT_CONCURRENCY（节拍同时处理的辖区数）必须是 1–8 之间的整数' }) @Min(1, { message: 'BEAT_CONCURRENCY（节拍同时处理的辖区数）必须是 1–8 之间的整数' }) @Max(8, { message: 'BEAT_CONCURRENCY（节拍同时处理的辖区数）必须是 1–8 之间的整数' })
  BEAT_CONCURRENCY = 4;

  /** How many API processes (node:cluster, one shared PORT); 1 runs the API in the process itself. */
  @Type(() => Number) @IsInt({ message: 'API_PROCESSES（API 进程数）必须是 1–32 之间的整数' }) @Min(1, { message: 'API_PROCESSES（API 进程数）必须是 1–32 之间的整数' }) @Max(32, { message: 'API_PROCESSES（API 进程数）必须是 1–32 之间的整数' })
  API_PROCESSES = 1;

  /** How many worker processes (node:cluster, one shared WORKER_PORT); 1 runs the worker in the process itself. */
  @Type(() => Number) @IsInt({ message: 'WORKER_PROCESSES（后台进程数）必须是 1–32 之间的整数' }) @Min(1, { message: 'WORKER_PROCESSES（后台进程数）必须是 1–32 之间的整数' }) @Max(32, { message: 'WORKER_PROCESSES（后台进程数）必须是 1–32 之间的整数' })
  WORKER_PROCESSES = 1;

  /** Bearer token Prometheus sends to /metrics (API and worker); unset: /metrics answers 404. */
  @ValidateIf((env: EnvSchema) => env.METRICS_TOKEN !== undefined)
  @IsString({ message: 'METRICS_TOKEN 至少 24 个字符' }) @MinLength(24, { message: 'METRICS_TOKEN 至少 24 个字符' })
  @Matches(/^[\x21-\x7e]+$/, { message: 'METRICS_TOKEN 只能含可见 ASCII 字符（不含空格）' })
  METRICS_TOKEN?: string;

  /** Whether the admin's queue board may change queues (retry, clean, pause…); read-only unless true. */
  @IsIn(['true', 'false'], { message: 'QUEUE_BOARD_WRITE 只能是 true 或 false' })
  QUEUE_BOARD_WRITE = 'false';

  /** where users open duban (https://duban.example.gov.cn): notices' links to a task are absolute with it */
  @IsOptional() @Matches(/^https?:\/\/[^\s()<>[\]"'`]+$/, { message: 'PUBLIC_URL 形如 https://duban.example.gov.cn（http:// 或 https:// 开头，不含空格）' })
  PUBLIC_URL?: string;

  /** the built web pages, when not the repository's dist/web (a build of one's own, or a package directory) */
  @IsOptional() @IsString()
  WEB_DIST_DIR?: string;

  @IsOptional() @IsString({ message: 'ADMIN_USERNAME 不能为空' }) @IsNotEmpty({ message: 'ADMIN_USERNAME 不能为空' })
  ADMIN_USERNAME?: string;

  @ValidateIf((env: EnvSchema) => env.ADMIN_USERNAME !== undefined)
  @IsString({ message: 'ADMIN_PASSWORD 至少 8 个字符（设置了 ADMIN_USERNAME 时必填）' }) @MinLength(8, { message: 'ADMIN_PASSWORD 至少 8 个字符（设置了 ADMIN_USERNAME 时必填）' })
  ADMIN_PASSWORD?: string;
}
