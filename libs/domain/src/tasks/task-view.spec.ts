import { addDaysToDate, daysBetween } from '../common/clock';
import { isoDaysBetween } from './task-view';

describe('isoDaysBetween', () => {
  it('counts the same calendar days as the clock over years, month ends, leap days and both directions', () => {
    const days = Array.from({ length: 1200 }, (_, i) => addDaysToDate('2023-12-25', i * 3));
    const anchors = ['2024-02-29', '2024-03-31', '2025-01-01', '2026-10-25', '2026-12-31'];
    for (const a of anchors) {
      for (const d of days) {
        expect([a, d, isoDaysBetween(a, d)]).toEqual([a, d, daysBetween(a, d)]);
        expect([d, a, isoDaysBetween(d, a)]).toEqual([d, a, daysBetween(d, a)]);
      }
    }
  });
});
