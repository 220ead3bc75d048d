import { StderrLogger } from '../stderr-logger';
import { BullModule, getQueueToken } from '@nestjs/bullmq';
import { Module, DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import type { Command } from 'commander';
import { Queue } from 'bullmq';
import { AppConfig, BUSINESS_TIME_ZONE, ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { CadenceModule, Clock, ClockModule, FixedClock, RunBeatUseCase, RunCadenceRangeUseCase } from '@app/domain';
import { BEAT_NAMES, BeatName, bullRoot, ensureRedis, QueueName } from '@app/queues';

/** The worker's beat code path, without the worker's processors: run a beat once, or list the schedulers. */
@Module({})
export class CadenceCliModule {
  static register(config: AppConfig, clock: Clock): DynamicModule {
    return {
      module: CadenceCliModule,
      imports: [ConfigModule.forRoot(config), DatabaseModule, ClockModule.forRoot(clock),
        bullRoot(config, 'worker'),
        BullModule.registerQueue({ name: QueueName.Cadence }), CadenceModule],
    };
  }
}

async function withCadence<T>(clock: Clock, fn: (get: <S>(token: unknown) => S) => Promise<T>): Promise<T> {
  const config = AppConfig.fromEnv();
  await ensureRedis(config.redis); // an evicting Redis loses queued work: refused here as in the API and the worker
  const app = await NestFactory.createApplicationContext(CadenceCliModule.register(config, clock), { logger: new StderrLogger() });
  try {
    return await fn((token) => app.get(token as never));
  } finally {
    await app.close();
  }
}

const beijing = (ms: number | undefined | null) =>
  ms ? `${format(new TZDate(ms, BUSINESS_TIME_ZONE), 'yyyy-MM-dd HH:mm:ss')} (北京时间)` : null;

export function registerCadenceCommand(program: Command): void {
  const cadence = program.command('cadence').description('the supervision cadence (日交办、周提醒、月通报、季考核、逾期升级)');
  cadence
    .command('run')
    .argument('<beat>', `${BEAT_NAMES.join(' | ')} | all (all only with --from/--to)`)
    .option('--at <iso>', 'run as of this instant (ISO-8601), instead of now')
    .option('--from <date>', 'with --to: every due beat of every day from this Beijing date (YYYY-MM-DD), in order')
    .option('--to <date>', 'the last day of the range, included')
    .option('--jurisdiction <id>', 'only this jurisdiction')
    .description('run a beat by hand through the workers\' code path (or every beat of a range of days); prints JSON on stdout, logs on stderr')
    .action(async (beat: string, opts: { at?: string; from?: string; to?: string; jurisdiction?: string }) => {
      const range = opts.from !== undefined || opts.to !== undefined;
      if (!(BEAT_NAMES as readonly string[]).includes(beat) && !(range && beat === 'all')) {
        throw new Error(`未知的节拍 ${beat}，可选：${BEAT_NAMES.join('、')}${range ? '、all' : ''}`);
      }
      if (range) {
        if (opts.at) throw new Error('--at 与 --from/--to 不能同时使用');
        for (const [name, v] of [['--from', opts.from], ['--to', opts.to]] as const) {
          if (!v || !/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(v))) throw new Error(`${name} 须为日期 YYYY-MM-DD`);
        }
        const beats = beat === 'all' ? undefined : [beat as BeatName];
        // each run is given its own instant; the clock only stands for the range's start
        const clock = new FixedClock(new Date(`${opts.from}T00:00:00+08:00`));
        const runs = await withCadence(clock, (get) => get<RunCadenceRangeUseCase>(RunCadenceRangeUseCase)
          .execute({ from: opts.from!, to: opts.to!, beats, jurisdictionId: opts.jurisdiction }));
        const done = runs.filter((r) => !r.skipped && !r.alreadyRun);
        process.stdout.write(`${JSON.stringify({ from: opts.from, to: opts.to, ran: done.length,
          documents: done.reduce((n, r) => n + r.documents, 0), notifications: done.reduce((n, r) => n + r.notifications, 0),
          runs: done }, null, 2)}\n`);
        return;
      }
      const at = opts.at ? new Date(opts.at) : undefined;
      if (at && Number.isNaN(at.getTime())) throw new Error(`--at 不是 ISO-8601 时间：${opts.at}`);
      const summary = await withCadence(at ? new FixedClock(at) : new Clock(), (get) =>
        get<RunBeatUseCase>(RunBeatUseCase).execute({ beat: beat as BeatName, at, jurisdictionId: opts.jurisdiction }));
      process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    });
  cadence
    .command('status')
    .description('the job schedulers registered by the worker and their next runs, in Beijing time')
    .action(async () => {
      const rows = await withCadence(new Clock(), async (get) => {
        const queue = get<Queue>(getQueueToken(QueueName.Cadence));
        const schedulers = await queue.getJobSchedulers(0, -1, true);
        return schedulers.map((s) => ({ id: s.key, job: s.name, pattern: s.pattern ?? null, tz: s.tz ?? null,
          next: beijing(s.next) }));
      });
      if (!rows.length) process.stdout.write('没有已注册的定时任务：请先启动 worker（npm start 或 npm run start:worker）\n');
      process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    });
}
