import { RESTART_BACKOFF, restartBackoff } from './process-supervisor';

describe('a dead child\'s restart backoff', () => {
  it('doubles from 1 s for quick deaths in a row, up to 30 s, and starts over after a child that ran a minute', () => {
    const waits: number[] = [];
    let planned = RESTART_BACKOFF.firstMs;
    for (const ranMs of [500, 800, 2_000, 100, 100, 100, 100, 100, 60_000, 300]) {
      const { waitMs, nextPlannedMs } = restartBackoff(planned, ranMs);
      waits.push(waitMs);
      planned = nextPlannedMs;
    }
    expect(waits).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000, 1_000, 2_000]);
  });
});
