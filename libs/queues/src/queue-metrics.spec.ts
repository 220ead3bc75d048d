import { sharedRead, within } from './queue-metrics';

describe('sharedRead', () => {
  it('gives callers arriving while a read runs that same read, and starts a new one afterwards', async () => {
    let reads = 0;
    let release!: () => void;
    const sut = sharedRead(() => { reads++; return new Promise<number>((r) => { release = () => r(reads); }); });
    const a = sut();
    const b = sut();
    release();
    expect(await Promise.all([a, b])).toEqual([1, 1]);
    const c = sut();
    release();
    expect(await c).toBe(2);
  });

  it('keeps a settled read for keepMs, then reads again', async () => {
    let reads = 0;
    const sut = sharedRead(async () => ++reads, 50);
    expect(await sut()).toBe(1);
    expect(await sut()).toBe(1);
    await new Promise((r) => setTimeout(r, 70));
    expect(await sut()).toBe(2);
  });
});

describe('within', () => {
  it('gives up on a promise that does not settle in time', async () => {
    const started = Date.now();
    await expect(within(new Promise(() => undefined), 30)).rejects.toThrow('timeout');
    expect(Date.now() - started).toBeLessThan(1_000);
    await expect(within(Promise.resolve(7), 30)).resolves.toBe(7);
  });
});
