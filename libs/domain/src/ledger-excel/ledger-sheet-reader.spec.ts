import * as ExcelJS from 'exceljs';
import { DomainError } from '../common/domain-error';
import { LedgerSheetReader } from './ledger-sheet-reader';
import { entityBombDocx, zipBombDocx } from '../../../report-parser/test/support/hostile-files';

const HEADER = ['序号', '计划年度', '任务来源', '问题/举措内容', '牵头单位', '配合单位', '责任领导', '完成时限', '任务说明'];

async function workbook(rows: number): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('填写说明').addRow(['请在“任务台账”中填写']);
  const ws = wb.addWorksheet('任务台账');
  ws.addRow(HEADER);
  for (let i = 1; i <= rows; i++) {
    ws.addRow([i, 2026, '2025年度法治政府建设情况报告', `第${i}项：加强行政执法监督，规范执法程序`, '甲县司法局', '甲县财政局、城关镇', '', '2026-12-31', '按季度报送进展']);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function refusal(p: Promise<unknown>): Promise<DomainError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof DomainError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

/** The longest the event loop went without running a 10 ms timer while `work` ran. */
async function longestStall(work: Promise<unknown>): Promise<number> {
  let last = performance.now();
  let worst = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last);
    last = now;
  }, 10);
  try {
    await work.catch(() => undefined);
  } finally {
    clearInterval(timer);
  }
  return worst;
}

describe('LedgerSheetReader: ledger workbooks read in a worker thread, with a time and a memory limit', () => {
  let sut: LedgerSheetReader;
  let big: Buffer;
  // about 4 s of exceljs work, synchronous: on the caller's thread no timer would run meanwhile
  beforeAll(async () => {
    big = await workbook(20_000);
  }, 60_000);
  afterEach(() => sut.onModuleDestroy());

  it('finds the ledger sheet past an instructions sheet and reads its rows', async () => {
    sut = new LedgerSheetReader();
    const read = await sut.read(await workbook(3), '问题/举措内容', 5000);
    expect(read).toMatchObject({ kind: 'ok', sheetName: '任务台账', header: { row: 1 } });
    if (read.kind !== 'ok') throw new Error(read.kind);
    expect(read.rows.map((r) => r.cells[3].text)).toEqual([1, 2, 3].map((i) => `第${i}项：加强行政执法监督，规范执法程序`));
    expect(read.rows[0].cells[7]).toMatchObject({ text: '2026-12-31' });
  }, 30_000);

  it('refuses a zip bomb, XML entities and bytes that are no workbook with their codes', async () => {
    sut = new LedgerSheetReader();
    expect((await refusal(sut.read(zipBombDocx(100), '问题/举措内容', 5000))).code).toBe('ARCHIVE_TOO_LARGE');
    expect((await refusal(sut.read(entityBombDocx(), '问题/举措内容', 5000))).code).toBe('LEDGER_IMPORT_UNSAFE_XML');
    expect((await refusal(sut.read(Buffer.from('PK\u0003\u0004 not a zip at all'), '问题/举措内容', 5000))).code)
      .toBe('LEDGER_IMPORT_UNREADABLE');
  }, 30_000);

  it('stops a read past its time without stalling the caller, and reads the next file with a fresh worker', async () => {
    sut = new LedgerSheetReader({ timeoutMs: 1500 });
    const t0 = Date.now();
    let err: DomainError | undefined;
    const stall = await longestStall(refusal(sut.read(big, '问题/举措内容', 50_000)).then((e) => (err = e)));
    expect(err).toMatchObject({ kind: 'unprocessable', code: 'LEDGER_IMPORT_TIMEOUT', message: expect.stringContaining('1.5 秒') });
    expect(Date.now() - t0).toBeLessThan(3500);
    expect(stall).toBeLessThan(400);
    expect((await sut.read(await workbook(2), '问题/举措内容', 5000)).kind).toBe('ok');
  }, 30_000); // a fresh worker compiles its TypeScript first under jest

  it('stops a read past its memory without taking the process down', async () => {
    sut = new LedgerSheetReader({ maxHeapMb: 16 });
    expect((await refusal(sut.read(big, '问题/举措内容', 50_000))).code).toBe('LEDGER_IMPORT_TOO_COMPLEX');
  }, 30_000);
});
