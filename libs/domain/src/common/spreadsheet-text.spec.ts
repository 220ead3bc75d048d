import { PassThrough } from 'node:stream';
import * as ExcelJS from 'exceljs';
import { readCell, sheetToBuffer } from '../ledger-excel/ledger-excel';
import { openReportWorkbook } from '../supervision/report-workbook';
import { neutraliseFormula, restoreNeutralised } from './spreadsheet-text';

const load = async (bytes: Buffer) => {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return wb.worksheets[0];
};

describe('spreadsheet formula neutralisation (CSV injection)', () => {
  it.each([
    ['=HYPERLINK("http://x","点击")', `'=HYPERLINK("http://x","点击")`], ['+1+cmd', "'+1+cmd"], ['-2+3', "'-2+3"],
    ['@SUM(A1:A9)', "'@SUM(A1:A9)"], ['\t=1', "'\t=1"], ['\r=1', "'\r=1"],
  ])('prefixes %j with an apostrophe', (text, safe) => {
    expect(neutraliseFormula(text)).toBe(safe);
    expect(restoreNeutralised(safe)).toBe(text);
  });

  it('leaves ordinary text, numbers (negative ones too), null and a lone apostrophe alone', () => {
    for (const v of ['推进行政复议规范化建设', '1. 加强执法监督', '2026-06-30', "'引用", 'a=b', '']) {
      expect(neutraliseFormula(v)).toBe(v);
      expect(restoreNeutralised(v)).toBe(v);
    }
    expect(neutraliseFormula(-5)).toBe(-5);
    expect(neutraliseFormula(null)).toBeNull();
  });

  it('the ledger sheet writes dangerous text neutralised, numbers and dates as they are, and reads it back unchanged', async () => {
    const bytes = await sheetToBuffer([{ header: '@标题', width: 30 }, { header: '数值', width: 8 }, { header: '时限', width: 12, date: true }],
      '台账', [['=1+1', -3, '2026-06-30'], ['-已完成自查', 0, null], ['甲县司法局', 5, null]]);
    const ws = await load(bytes);
    expect(ws.getCell('A1').value).toBe("'@标题");
    expect([ws.getCell('A2').value, ws.getCell('B2').value]).toEqual(["'=1+1", -3]);
    expect(ws.getCell('A2').formula).toBeUndefined();
    expect(ws.getCell('C2').value).toEqual(new Date(Date.UTC(2026, 5, 30)));
    expect(ws.getCell('A3').value).toBe("'-已完成自查");
    expect(ws.getCell('A4').value).toBe('甲县司法局');
    expect(readCell(ws.getCell('A2').value).text).toBe('=1+1'); // a re-import of our own export keeps the words
  });

  it('the report workbook neutralises title, figures, headers and table cells', async () => {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    const ended = new Promise((resolve) => out.on('end', resolve));
    const book = openReportWorkbook(out);
    const sheet = book.addSheet({ name: '通报', title: '=标题', subtitle: '+副标题', figures: [{ label: '@数', value: '-1' }],
      columns: [{ header: '=列', width: 20 }, { header: '差值', width: 8 }] });
    await sheet.addRows([['@单位', -2], ['甲县城关镇', 1]]);
    await sheet.finish();
    await book.finish();
    await ended;
    const ws = await load(Buffer.concat(chunks));
    expect([ws.getCell('A1').value, ws.getCell('A2').value]).toEqual(["'=标题", "'+副标题"]);
    expect([ws.getCell('A4').value, ws.getCell('A5').value]).toEqual(["'@数", "'-1"]);
    expect(ws.getCell('A7').value).toBe("'=列");
    expect([ws.getCell('A8').value, ws.getCell('B8').value]).toEqual(["'@单位", -2]);
    expect(ws.getCell('A9').value).toBe('甲县城关镇');
  });
});
