import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseReport, ParsePool, ReportParseError } from '../src';
import { zipBombDocx } from './support/hostile-files';

const report = readFileSync(join(__dirname, 'fixtures', 'county-justice-bureau.txt'));
const LINE = '部分单位对法治建设重视不够，依法行政意识有待加强，执法规范化水平仍需提升。\n';
const long = (mb: number) => Buffer.from('甲县关于2025年法治建设情况的报告\n' + LINE.repeat(Math.ceil((mb * 1048576) / Buffer.byteLength(LINE))));

async function refusal(p: Promise<unknown>): Promise<ReportParseError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof ReportParseError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('ParsePool: parsing in worker threads, with a time and a memory limit', () => {
  let sut: ParsePool;
  afterEach(() => sut.close());

  it('answers exactly what parsing in-process answers', async () => {
    sut = new ParsePool({ size: 1 });
    expect(await sut.parse({ bytes: report, fileName: 'a.txt' })).toEqual(await parseReport({ bytes: report, fileName: 'a.txt' }));
  });

  it('passes on the parser refusals with their codes', async () => {
    sut = new ParsePool({ size: 1 });
    expect((await refusal(sut.parse({ bytes: zipBombDocx(100), fileName: 'b.docx' }))).code).toBe('ARCHIVE_TOO_LARGE');
    expect((await refusal(sut.parse({ bytes: Buffer.alloc(0) }))).code).toBe('EMPTY');
  });

  it('stops a parse past its time, and the next one is parsed by a fresh worker', async () => {
    sut = new ParsePool({ size: 1, timeoutMs: 50 });
    const t0 = Date.now();
    const err = await refusal(sut.parse({ bytes: long(8), fileName: 'long.txt' }));
    expect(err.code).toBe('PARSE_TIMEOUT');
    expect(err.message).toContain('秒');
    expect(Date.now() - t0).toBeLessThan(2000);
    await sut.close();
    sut = new ParsePool({ size: 1, timeoutMs: 20_000 });
    expect((await sut.parse({ bytes: report, fileName: 'a.txt' })).problems.length).toBeGreaterThan(0);
  });

  it('stops a parse past its memory without taking the process down', async () => {
    sut = new ParsePool({ size: 1, maxHeapMb: 28 });
    const err = await refusal(sut.parse({ bytes: long(10), fileName: 'long.txt' }));
    expect(err.code).toBe('PARSE_TOO_COMPLEX');
    expect((await sut.parse({ bytes: report, fileName: 'a.txt' })).problems.length).toBeGreaterThan(0);
  }, 30_000); // a worker runs out of heap and a fresh one parses again: more than Jest's 5 s when the machine is busy

  it('refuses at once when workers and queue are full', async () => {
    sut = new ParsePool({ size: 1, maxQueue: 1 });
    const running = [sut.parse({ bytes: long(2) }), sut.parse({ bytes: long(2) })];
    expect((await refusal(sut.parse({ bytes: report }))).code).toBe('PARSE_BUSY');
    await Promise.all(running);
  });
});
