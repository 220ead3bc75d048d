import { PassThrough } from 'node:stream';
import * as ExcelJS from 'exceljs';
import { openReportWorkbook } from './report-workbook';
import { DocumentExcelService } from './document-excel.service';

async function written(build: (out: PassThrough) => Promise<void>): Promise<ExcelJS.Workbook> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise((resolve) => out.on('end', resolve));
  await build(out);
  await ended;
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
  return wb;
}

describe('report workbook', () => {
  it('writes a titled sheet: merged title, subtitle, figures, frozen header, formats, print setup; then a second sheet', async () => {
    const wb = await written(async (out) => {
      const book = openReportWorkbook(out);
      const first = book.addSheet({ name: '通报', title: '甲县2025年9月法治建设任务督办通报', subtitle: '〔2025〕通报第1号',
        figures: [{ label: '任务总数', value: 4 }, { label: '办结率', value: 0.25, format: 'percent' }, { label: '按期率', value: null }],
        columns: [{ header: '排名', width: 8 }, { header: '单位', width: 28 }, { header: '办结率', width: 10, format: 'percent' },
          { header: '完成时限', width: 13, format: 'date' }] });
      await first.addRows([[1, '甲县司法局', 0.5, '2025-09-10'], [2, '甲县城关镇', '—', null]]);
      await first.finish();
      const second = book.addSheet({ name: '逾期任务: [全部]', title: '逾期任务清单', columns: [{ header: '序号', width: 7 }] });
      await second.addRows([]);
      await second.finish();
      await book.finish();
    });
    expect(wb.worksheets.map((w) => w.name)).toEqual(['通报', '逾期任务 全部']);
    const ws = wb.worksheets[0];
    expect(ws.getCell('A1').value).toBe('甲县2025年9月法治建设任务督办通报');
    expect(ws.getCell('A1').font).toMatchObject({ bold: true, size: 16 });
    expect(ws.getCell('D1').isMerged).toBe(true);
    expect(ws.getCell('A2').value).toBe('〔2025〕通报第1号');
    expect([ws.getCell('A4').value, ws.getCell('B4').value, ws.getCell('C4').value]).toEqual(['任务总数', '办结率', '按期率']);
    expect([ws.getCell('A5').value, ws.getCell('B5').value, ws.getCell('C5').value]).toEqual([4, 0.25, '—']);
    expect(ws.getCell('B5').numFmt).toBe('0.0%');
    expect(ws.getRow(7).values).toEqual([undefined, '排名', '单位', '办结率', '完成时限']);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 7 });
    expect(ws.getCell('C8').numFmt).toBe('0.0%');
    expect(ws.getCell('D8').value).toEqual(new Date(Date.UTC(2025, 8, 10)));
    expect(ws.getCell('D8').numFmt).toBe('yyyy-mm-dd');
    expect(ws.getCell('C9').value).toBe('—');
    expect(ws.getColumn(2).width).toBe(28);
    expect(ws.pageSetup).toMatchObject({ orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0,
      printTitlesRow: '7:7' }); // the header on every printed page
    // without a subtitle or figures the header comes right after the title and a blank line
    expect(wb.worksheets[1].views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
    expect(wb.worksheets[1].getCell('A3').value).toBe('序号');
  });

  it('exports a bulletin\'s 未签收 点名 on a sheet of its own, and none when the month named nobody', async () => {
    // writeBulletins reads nothing: the bulletins come in whole
    const sut = new DocumentExcelService(undefined as never, undefined as never);
    const content = { month: '2026-01', totals: { total: 1, completed: 0, onTime: 0, overdue: 0 }, units: [], overdue: [] };
    const bulletin = (extra: object) => ({ id: 'x', number: '甲法治办通报〔2026〕1号', title: '2026年1月督办检查通报', period: '2026-01',
      issuedAt: new Date('2026-02-02T02:00:00Z'), status: 'issued' as const, unitName: '甲县人民政府', content: { ...content, ...extra } });
    const wb = await written((out) => sut.writeBulletins([bulletin({ unsigned: [{ unitName: '甲县财政局', code: '2025-003',
      title: '公布权责清单', slipNumber: '甲法治办交办〔2025〕2号', slipDate: '2025-12-30', workingDays: 10 }] })], out));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['通报', '逾期任务', '未签收点名']);
    const ws = wb.worksheets[2];
    expect(ws.getCell('A1').value).toBe('甲县2026年1月交办单超期未签收任务清单');
    expect(ws.getCell('A2').value).toBe('共1项，均点名通报（甲法治办通报〔2026〕1号）');
    expect(ws.getRow(4).values).toEqual([undefined, '序号', '牵头单位', '任务编号', '任务', '交办单文号', '印发日期', '未签收（工作日）']);
    expect(ws.getRow(5).values).toEqual([undefined, 1, '甲县财政局', '2025-003', '公布权责清单', '甲法治办交办〔2025〕2号',
      new Date(Date.UTC(2025, 11, 30)), '超过10']);
    const none = await written((out) => sut.writeBulletins([bulletin({ unsigned: [] }), { ...bulletin({}), unitName: '乙县人民政府' }], out));
    expect(none.worksheets.map((w) => w.name)).toEqual(['甲县通报', '甲县逾期任务', '乙县通报', '乙县逾期任务']);
  });
});
