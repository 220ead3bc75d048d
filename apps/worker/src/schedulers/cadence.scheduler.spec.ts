import { Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { CadencePolicyService, FixedClock } from '@app/domain';
import type { NotificationDispatcher } from '@app/notifications';
import { CadenceScheduler } from './cadence.scheduler';

describe('CadenceScheduler at boot', () => {
  const boot = async (now: string) => {
    const queue = { upsertJobScheduler: jest.fn().mockResolvedValue(undefined) } as unknown as Queue;
    const policies = { patterns: jest.fn().mockResolvedValue(Object.fromEntries(['daily-assign', 'weekly-remind',
      'monthly-bulletin', 'quarterly-review', 'escalate'].map((b) => [b, '0 0 9 * * *']))) } as unknown as CadencePolicyService;
    const dispatcher = { enqueuePending: jest.fn().mockResolvedValue(0) } as unknown as NotificationDispatcher;
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    const sut = new CadenceScheduler(queue, policies, dispatcher, new FixedClock(new Date(now)));
    await sut.onApplicationBootstrap();
    const warnings = warn.mock.calls.map((c) => String(c[0]));
    jest.restoreAllMocks();
    return { warnings, queue };
  };

  it('logs a warning when the holiday data does not cover next year, and still registers every beat', async () => {
    const { warnings, queue } = await boot('2026-11-22T12:00:00+08:00');
    expect(warnings).toEqual([expect.stringMatching(/未覆盖 2027 年/)]);
    expect(queue.upsertJobScheduler).toHaveBeenCalledTimes(6);
  });

  it('stays quiet when last, this and next year are covered', async () => {
    expect((await boot('2025-06-01T12:00:00+08:00')).warnings).toEqual([]);
  });
});
