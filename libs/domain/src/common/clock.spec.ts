import { businessDate, FixedClock } from './clock';

describe('business dates are Beijing dates whatever the process time zone', () => {
  it('turns 16:00 UTC into the next day in Asia/Shanghai', () => {
    expect(businessDate(new Date('2026-03-06T15:59:59Z'))).toBe('2026-03-06');
    expect(businessDate(new Date('2026-03-06T16:00:00Z'))).toBe('2026-03-07');
  });
  it('lets a fixed clock move forward without sleeping', () => {
    const clock = new FixedClock(new Date('2026-12-31T15:00:00Z'));
    expect(clock.today()).toBe('2026-12-31');
    clock.advanceDays(1);
    expect(clock.today()).toBe('2027-01-01');
  });
});
