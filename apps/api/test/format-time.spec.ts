import { formatTime } from '../web/src/labels';

/** The pages show instants in Beijing time on any device: the service's days are Beijing's. */
describe('formatTime', () => {
  it('shows Beijing wall-clock time, not the device zone', () => {
    // a report made at 07:30 Beijing time is 23:30 UTC the day before
    expect(formatTime('2026-11-16T23:30:00.000Z')).toBe('2026-11-17 07:30');
    expect(formatTime('2026-12-31T16:00:00Z')).toBe('2027-01-01 00:00');
  });

  it('shows a dash for no time', () => {
    expect(formatTime(null)).toBe('—');
    expect(formatTime(undefined)).toBe('—');
  });
});
