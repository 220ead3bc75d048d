import { Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { CadencePolicyService, FixedClock } from '@app/domain';
import { CadenceScheduler } from './cadence.scheduler';

describe('CadenceScheduler', () => {
  const make = (now: string) => {
    const queue = { upsertJobScheduler: jest.fn().mockResolvedValue(undefined) } as unknown as Queue;
    const policies = { patterns: jest.fn().mockResolvedValue(Object.fromEntries(['daily-assign', 'weekly-remind',
      'monthly-bulletin', 'quarterly-review', 'escalate'].map((b) => [b, '0 0 9 * * *']))) } as unknown as CadencePolicyService;
    return { queue, sut: new CadenceScheduler(queue, policies, new FixedClock(new Date(now))) };
  };
  const warnings = (fn: () => void) => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    fn();
    const out = warn.mock.calls.map((c) => String(c[0]));
    jest.restoreAllMocks();
    return out;
  };
  beforeEach(() => jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined));
  afterEach(() => jest.restoreAllMocks());

  it('logs a warning at boot when the holiday data does not cover next year', () => {
    const { sut } = make('2026-11-22T12:00:00+08:00');
    expect(warnings(() => sut.onApplicationBootstrap())).toEqual([expect.stringMatching(/未覆盖 2027 年/)]);
  });

  it('stays quiet when last, this and next year are covered', () => {
    const { sut } = make('2025-06-01T12:00:00+08:00');
    expect(warnings(() => sut.onApplicationBootstrap())).toEqual([]);
  });

  it('registers every beat and the dispatch tick, or only the tick for a delivery-only worker', async () => {
    const full = make('2025-06-01T12:00:00+08:00');
    await full.sut.register({ beats: true });
    expect(full.queue.upsertJobScheduler).toHaveBeenCalledTimes(6);
    const deliveryOnly = make('2025-06-01T12:00:00+08:00');
    await deliveryOnly.sut.register({ beats: false });
    expect((deliveryOnly.queue.upsertJobScheduler as jest.Mock).mock.calls.map((c) => c[0])).toEqual(['dispatch-pending']);
  });
});
