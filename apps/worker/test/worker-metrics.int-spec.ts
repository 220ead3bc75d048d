import { getQueueToken } from '@nestjs/bullmq';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Queue } from 'bullmq';
import { AppConfig } from '@app/config';
import { QueueName } from '@app/queues';
import { createTestDatabase, freePort, TEST_REDIS_URL, TestDatabase, uniqueName } from '@app/testing';
import { DataSource } from 'typeorm';
import { QueueReconciler } from '../src/schedulers/queue-reconciler';
import { WorkerModule } from '../src/worker.module';
import { seedJurisdiction } from './cadence-fixture';

const TOKEN = 'prometheus-scrape-token-worker-0123';

function value(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

const waitFor = async (what: string, check: () => Promise<boolean>, ms = 30_000) => {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
};

describe('GET /metrics on the worker\'s health port', () => {
  let db: TestDatabase;
  let worker: INestApplicationContext;
  let base: string;
  let cadence: Queue;

  beforeAll(async () => {
    db = await createTestDatabase();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    worker = await NestFactory.createApplicationContext(WorkerModule.register(AppConfig.fromEnv({ NODE_ENV: 'test',
      LOG_LEVEL: 'silent', DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: uniqueName('wm'),
      WORKER_PORT: String(port), WORKER_BEATS: 'false', METRICS_TOKEN: TOKEN })), { logger: false });
    await worker.init();
    cadence = worker.get<Queue>(getQueueToken(QueueName.Cadence));
  });
  afterAll(async () => {
    await cadence?.obliterate({ force: true }).catch(() => undefined);
    await worker?.close();
    await db?.drop();
  });

  const scrape = (authorization?: string) => fetch(`${base}/metrics`, { headers: authorization ? { authorization } : {} });

  it('refuses a scrape without the token or with a wrong one', async () => {
    expect((await scrape()).status).toBe(401);
    const wrong = await scrape(`Bearer ${TOKEN}-not`);
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toBe('');
  });

  it('counts the beats it ran with their duration, the jobs it finished and failed, and the queues\' depth', async () => {
    await cadence.add('run-beat', { beat: 'daily-assign' });
    await cadence.add('no-such-job', {}); // unknown: fails at once, without retries
    await waitFor('both jobs finished', async () => {
      const c = await cadence.getJobCounts('completed', 'failed');
      return c.completed === 1 && c.failed === 1;
    });
    await waitFor('the failed event counted', async () =>
      value(await (await scrape(`Bearer ${TOKEN}`)).text(), 'duban_jobs_total{queue="cadence",result="failed"}') === 1);

    const res = await scrape(`Bearer ${TOKEN}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = await res.text();
    expect(value(text, 'duban_beat_duration_seconds_count{beat="daily-assign",result="ok"}')).toBe(1);
    const seconds = value(text, 'duban_beat_duration_seconds_sum{beat="daily-assign",result="ok"}')!;
    expect(seconds).toBeGreaterThan(0);
    expect(seconds).toBeLessThan(30);
    expect(value(text, 'duban_jobs_total{queue="cadence",result="completed"}')).toBe(1);
    expect(value(text, 'duban_queue_jobs{queue="cadence",state="failed"}')).toBe(1);
    expect(value(text, 'duban_queue_jobs{queue="notifications",state="waiting"}')).toBe(0);
    expect(value(text, 'duban_queue_up{queue="notifications"}')).toBe(1);
    expect(text).toContain('process_resident_memory_bytes');
    // a fresh Redis prefix with an empty database is a new install, not a loss
    expect(value(text, 'duban_redis_data_lost_timestamp_seconds')).toBe(0);
    expect(Math.abs(value(text, 'duban_reconciler_last_check_timestamp_seconds')! - Date.now() / 1000)).toBeLessThan(60);
  });

  it('shows when Redis lost duban\'s state (REDIS_DATA_LOST), as /health does', async () => {
    const ds = worker.get(DataSource);
    const { jurisdiction } = await seedJurisdiction(ds);
    await ds.query(`INSERT INTO beat_run (jurisdiction_id, beat, period, outcome, as_of) VALUES ($1, 'daily-assign', '2026-03-02', 'done', now())`,
      [jurisdiction]); // a worker has worked with this database before
    await (await cadence.backend.client).del(cadence.toKey('duban-state')); // what a FLUSHALL leaves
    await worker.get(QueueReconciler).kick();
    const text = await (await scrape(`Bearer ${TOKEN}`)).text();
    const lost = value(text, 'duban_redis_data_lost_timestamp_seconds')!;
    expect(Math.abs(lost - Date.now() / 1000)).toBeLessThan(60);
    const health = await (await fetch(`${base}/health`)).json() as { reconciler: { redisDataLostAt: string } };
    expect(Date.parse(health.reconciler.redisDataLostAt) / 1000).toBeCloseTo(lost, 0);
  });

  it('keeps /health as it was', async () => {
    const res = await fetch(`${base}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', database: 'up', redis: 'up' });
  });
});
