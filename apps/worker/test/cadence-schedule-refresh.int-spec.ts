import { getQueueToken } from '@nestjs/bullmq';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { AppConfig } from '@app/config';
import { Actor, CadenceSettingsService, WorkingCalendarService } from '@app/domain';
import { beatSchedulerId, JobName, QueueName } from '@app/queues';
import { QueueReconciler } from '../src/schedulers/queue-reconciler';
import { createTestDatabase, TEST_REDIS_URL, TestDatabase, uniqueName } from '@app/testing';
import { WorkerModule } from '../src/worker.module';
import { seedJurisdiction } from './cadence-fixture';

/** The first full minute after `from` whose Beijing time is one of `times` (HH:mm). */
const nextBeijing = (from: number, times: string[]): number => {
  for (let t = Math.floor(from / 60_000 + 1) * 60_000; ; t += 60_000) {
    if (times.includes(format(new TZDate(t, 'Asia/Shanghai'), 'HH:mm'))) return t;
  }
};

/**
 * A beat time saved in the settings reaches the running worker's job schedulers on its next check (every 5 s), with
 * no restart (the worker's own module, real PostgreSQL and Redis).
 */
describe('the worker picks up changed beat times', () => {
  let db: TestDatabase;
  let worker: INestApplicationContext;
  let queue: Queue;
  let settings: CadenceSettingsService;
  let jurisdiction: string;
  const admin = { role: 'admin' } as Actor;

  beforeAll(async () => {
    db = await createTestDatabase();
    const config = AppConfig.fromEnv({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL,
      QUEUE_PREFIX: uniqueName('sr'), WORKER_PORT: '0' });
    worker = await NestFactory.createApplicationContext(WorkerModule.register(config), { logger: false });
    await worker.init();
    queue = worker.get<Queue>(getQueueToken(QueueName.Cadence));
    jurisdiction = (await seedJurisdiction(worker.get(DataSource))).jurisdiction;
    settings = new CadenceSettingsService(worker.get(DataSource), worker.get(WorkingCalendarService)); // what the API's PUT does, on the same database
  });
  afterAll(async () => {
    await queue?.obliterate({ force: true });
    await worker?.close();
    await db?.drop();
  });

  const scheduler = (beat: 'escalate' | 'weekly-remind' | 'daily-assign') => queue.getJobScheduler(beatSchedulerId(beat));
  /** the reconciler's check, now rather than at its next interval; resolves with what it did */
  const tick = async () => {
    const result = await worker.get(QueueReconciler).check();
    if (result === 'other-worker') throw new Error('another worker holds the reconciler lock');
    return result;
  };

  it('starts with the default times', async () => {
    expect(await scheduler('escalate')).toMatchObject({ pattern: '0 0 9 * * *', tz: 'Asia/Shanghai' });
    expect(await tick()).toEqual({ rescheduled: [], rebuilt: false, caughtUp: 0 }); // nothing changed: nothing re-upserted
  });

  it('moves the escalate scheduler to 07:15 on the next tick (09:00 stays, the default of the others)', async () => {
    await settings.setPolicy(admin, jurisdiction, { times: { escalate: '07:15' } });
    const before = Date.now();
    expect((await tick()).rescheduled).toEqual(['escalate']);
    const s = await scheduler('escalate');
    expect(s).toMatchObject({ pattern: '0 0,15 7,9 * * *', tz: 'Asia/Shanghai', template: { data: { beat: 'escalate' } } });
    // the next trigger waiting in Redis is at the next 07:00, 07:15, 09:00 or 09:15 Beijing time
    expect(s!.next).toBe(nextBeijing(before, ['07:00', '07:15', '09:00', '09:15']));
    const delayed = await queue.getDelayed();
    expect(delayed.filter((j) => j.name === JobName.RunBeat && j.data.beat === 'escalate').map((j) => j.timestamp + j.delay))
      .toEqual([s!.next]);
    expect(await scheduler('daily-assign')).toMatchObject({ pattern: '0 0 9 * * *' });
    expect((await tick()).rescheduled).toEqual([]);
  });

  it('goes back to the default pattern when the policy goes back to the defaults', async () => {
    await settings.setPolicy(admin, jurisdiction, {});
    expect((await tick()).rescheduled).toEqual(['escalate']);
    expect(await scheduler('escalate')).toMatchObject({ pattern: '0 0 9 * * *' });
  });

  it('re-creates a beat scheduler lost from Redis', async () => {
    await queue.removeJobScheduler(beatSchedulerId('weekly-remind'));
    expect((await tick()).rescheduled).toEqual(['weekly-remind']);
    expect(await scheduler('weekly-remind')).toMatchObject({ pattern: '0 0 9 * * *', tz: 'Asia/Shanghai' });
  });
});
