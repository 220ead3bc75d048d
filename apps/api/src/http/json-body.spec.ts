import { jsonDepthExceeds } from './json-body';

describe('jsonDepthExceeds', () => {
  const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

  it('allows a body exactly at the limit and refuses one level more', () => {
    expect(jsonDepthExceeds(nested(32), 32)).toBe(false);
    expect(jsonDepthExceeds(nested(33), 32)).toBe(true);
    expect(jsonDepthExceeds(`{"a":{"b":[1,{"c":2}]}}`, 3)).toBe(true);
    expect(jsonDepthExceeds(`{"a":{"b":[1,{"c":2}]}}`, 4)).toBe(false);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    const text = JSON.stringify({ note: '[[[[{{{{ "引号\\" [[[[', list: ['[', '{'] });
    expect(jsonDepthExceeds(text, 2)).toBe(false);
  });

  it('stops at the first level past the limit of a 100k-deep body, in linear time', () => {
    const deep = nested(100_000);
    const started = process.hrtime.bigint();
    expect(jsonDepthExceeds(deep, 32)).toBe(true);
    // a flat body of the same size is scanned to the end; both well under a blink
    expect(jsonDepthExceeds(`["${'x'.repeat(200_000)}"]`, 32)).toBe(false);
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(200);
  });
});
