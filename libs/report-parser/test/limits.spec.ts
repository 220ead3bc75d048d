import { parseReport } from '../src';

const LINE = '部分单位对法治建设重视不够，依法行政意识有待加强，执法规范化水平仍需提升。\n';

function plainReport(bytes: number): Buffer {
  const head = '甲县司法局关于2025年法治政府建设情况的报告\n';
  return Buffer.from(head + LINE.repeat(Math.ceil(bytes / Buffer.byteLength(LINE))));
}

async function parseMs(bytes: Buffer): Promise<number> {
  const t0 = process.hrtime.bigint();
  await parseReport({ bytes, fileName: 'long.txt' });
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

describe('parse time grows with the size of the report, not its square', () => {
  it('a report four times longer takes well under sixteen times as long', async () => {
    await parseMs(plainReport(64 * 1024)); // warm up
    const small = Math.max(await parseMs(plainReport(512 * 1024)), 20);
    const large = await parseMs(plainReport(2 * 1024 * 1024));
    // quadratic (the old per-line scan to the end of the text) measured 1.4 s → 14 s here
    expect(large / small).toBeLessThan(8);
  });
});
