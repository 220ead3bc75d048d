import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as iconv from 'iconv-lite';
import { parseReport, ReportParseError } from '../src';
import { makeDocx } from './support/make-docx';
import { spanMismatches } from './support/golden';
import { prng, randInt } from './support/prng';

const fixturesDir = join(__dirname, 'fixtures');
const seedsDir = join(__dirname, '../../../../shared/seeds');
const corpus: Buffer[] = readdirSync(fixturesDir).filter((f) => /\.(txt|html)$/.test(f))
  .map((f) => readFileSync(join(fixturesDir, f)));
if (existsSync(seedsDir)) {
  for (const f of readdirSync(seedsDir).filter((x) => x.endsWith('.txt'))) corpus.push(readFileSync(join(seedsDir, f)));
}

/** Parses or refuses with a ReportParseError; anything else (or a span that lies) fails the test. */
async function survives(bytes: Uint8Array, fileName = 'fuzz.txt'): Promise<'parsed' | string> {
  try {
    const r = await parseReport({ bytes, fileName });
    expect(spanMismatches(r)).toEqual([]);
    return 'parsed';
  } catch (err) {
    if (!(err instanceof ReportParseError)) throw err;
    return err.code;
  }
}

function mutate(src: Buffer, rnd: () => number): Buffer {
  const bytes = Buffer.from(src);
  switch (randInt(rnd, 5)) {
    case 0: // flip bytes
      for (let i = 0; i < 1 + randInt(rnd, 20); i++) bytes[randInt(rnd, bytes.length)] = randInt(rnd, 256);
      return bytes;
    case 1: // cut anywhere, even inside a character
      return bytes.subarray(0, randInt(rnd, bytes.length));
    case 2: { // shuffle lines
      const lines = src.toString('utf8').split('\n');
      for (let i = lines.length - 1; i > 0; i--) {
        const j = randInt(rnd, i + 1);
        [lines[i], lines[j]] = [lines[j], lines[i]];
      }
      return Buffer.from(lines.join('\n'));
    }
    case 3: { // delete a slice
      const a = randInt(rnd, bytes.length);
      return Buffer.concat([bytes.subarray(0, a), bytes.subarray(Math.min(bytes.length, a + randInt(rnd, 2000)))]);
    }
    default: { // splice in enumerators and headings at random places
      const noise = ['一是', '（一）', '1、', '(2)', '①', '第一，', '\n三、存在的问题\n', '\n下一步工作打算\n', '2024年1月1日', '\n\n'];
      const s = src.toString('utf8');
      let out = s;
      for (let i = 0; i < 10; i++) {
        const at = randInt(rnd, out.length);
        out = out.slice(0, at) + noise[randInt(rnd, noise.length)] + out.slice(at);
      }
      return Buffer.from(out);
    }
  }
}

describe('robustness (fixed-seed fuzz)', () => {
  it('random bytes never crash the parser', async () => {
    const rnd = prng(20240601);
    for (let n = 0; n < 200; n++) {
      const bytes = Buffer.alloc(1 + randInt(rnd, 4000));
      for (let i = 0; i < bytes.length; i++) bytes[i] = randInt(rnd, 256);
      await survives(bytes);
    }
  });

  it('random high bytes (looks like GBK) never crash the parser', async () => {
    const rnd = prng(7);
    for (let n = 0; n < 100; n++) {
      const bytes = Buffer.alloc(1 + randInt(rnd, 4000));
      for (let i = 0; i < bytes.length; i++) bytes[i] = 0x81 + randInt(rnd, 0x7e);
      await survives(bytes);
    }
  });

  it('mutated fixtures and seeds parse or are refused with a ReportParseError', async () => {
    const rnd = prng(42);
    for (let n = 0; n < 300; n++) {
      const src = corpus[n % corpus.length];
      await survives(mutate(src, rnd));
    }
  });

  it('truncated GBK, UTF-16 and .docx files never crash the parser', async () => {
    const rnd = prng(99);
    const text = corpus[0].toString('utf8');
    const forms: [Buffer, string][] = [
      [iconv.encode(text, 'gbk'), 'a.txt'],
      [iconv.encode(text, 'utf-16le', { addBOM: true }), 'a.txt'],
      [makeDocx(text), 'a.docx'],
    ];
    for (const [bytes, name] of forms) {
      for (let n = 0; n < 20; n++) await survives(bytes.subarray(0, randInt(rnd, bytes.length)), name);
    }
  });

  it('a 10 MB report finishes in bounded time', async () => {
    const unit = corpus[0].toString('utf8');
    const big = Buffer.from(unit.repeat(Math.ceil((10 * 1024 * 1024) / Buffer.byteLength(unit))));
    const started = Date.now();
    expect(await survives(big)).toBe('parsed');
    expect(Date.now() - started).toBeLessThan(10_000);
  }, 30_000);

  it('a 10 MB line without line breaks finishes in bounded time', async () => {
    const big = Buffer.from('一是加强学习，'.repeat(500_000) + '。');
    const started = Date.now();
    await survives(big);
    expect(Date.now() - started).toBeLessThan(10_000);
  }, 30_000);
});
