import { Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { CadencePolicyService, FixedClock, NationalDays, NO_ENTERED_DAYS, useNationalDays, WorkingCalendarService } from '@app/domain';
import { CadenceScheduler } from './cadence.scheduler';

describe('CadenceScheduler', () => {
  const make = (now: string, national: NationalDays = NO_ENTERED_DAYS) => {
    // the entered national calendar as the database holds it, loaded by the scheduler at boot
    const calendars = { refreshNational: jest.fn(async () => {
      useNationalDays(national);
      return national;
    }) } as unknown as WorkingCalendarService;
    const queue = { upsertJobScheduler: jest.fn().mockResolvedValue(undefined) } as unknown as Queue;
    const policies = { patterns: jest.fn().mockResolvedValue(Object.fromEntries(['daily-assign', 'weekly-remind',
      'monthly-bulletin', 'quarterly-review', 'escalate'].map((b) => [b, '0 0 9 * * *']))) } as unknown as CadencePolicyService;
    return { queue, sut: new CadenceScheduler(queue, policies, new FixedClock(new Date(now)), calendars) };
  };
  const warnings = async (fn: () => Promise<void>) => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    await fn();
    const out = warn.mock.calls.map((c) => String(c[0]));
    jest.restoreAllMocks();
    return out;
  };
  beforeEach(() => jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined));
  afterEach(() => jest.restoreAllMocks());

  it('logs a warning at boot when the holiday data does not cover next year', async () => {
    const { sut } = make('2026-11-22T12:00:00+08:00');
    expect(await warnings(() => sut.onApplicationBootstrap())).toEqual([expect.stringMatching(/未覆盖 2027 年/)]);
  });

  it('stays quiet when last, this and next year are covered', async () => {
    const { sut } = make('2025-06-01T12:00:00+08:00');
    expect(await warnings(() => sut.onApplicationBootstrap())).toEqual([]);
  });

  it('stays quiet once next year has been entered from the State Council notice', async () => {
    const entered: NationalDays = { days: new Map([['2027-01-01', { isWorking: false, note: '元旦' }]]),
      years: new Map([[2027, { year: 2027, title: null, appliedAt: '2026-11-20T02:00:00.000Z', appliedByName: '管理员' }]]) };
    const { sut } = make('2026-11-22T12:00:00+08:00', entered);
    expect(await warnings(() => sut.onApplicationBootstrap())).toEqual([]);
    useNationalDays(NO_ENTERED_DAYS);
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
