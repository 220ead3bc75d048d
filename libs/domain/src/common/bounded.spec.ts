import { mapBounded } from './bounded';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('mapBounded', () => {
  it('keeps the items order and never runs more than the limit at once', async () => {
    let running = 0;
    let most = 0;
    const out = await mapBounded([30, 5, 20, 1, 10, 2], 3, async (ms, i) => {
      most = Math.max(most, ++running);
      await tick(ms);
      running--;
      return `${i}:${ms}`;
    });
    expect(out).toEqual(['0:30', '1:5', '2:20', '3:1', '4:10', '5:2']);
    expect(most).toBe(3);
  });

  it('starts nothing new after a failure and throws it once the started ones settle', async () => {
    const started: number[] = [];
    const settled: number[] = [];
    await expect(mapBounded([1, 2, 3, 4, 5], 2, async (n) => {
      started.push(n);
      await tick(n === 2 ? 1 : 15);
      settled.push(n);
      if (n === 2) throw new Error('two failed');
      return n;
    })).rejects.toThrow('two failed');
    expect(started).toEqual([1, 2]);
    expect(settled.sort()).toEqual([1, 2]);
  });

  it('handles no items', async () => {
    expect(await mapBounded([], 4, async () => 1)).toEqual([]);
  });
});
