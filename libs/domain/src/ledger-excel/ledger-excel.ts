import { once } from 'node:events';
import { PassThrough, Writable } from 'node:stream';
import * as ExcelJS from 'exceljs';

/**
 * The project's own interface to .xlsx files. exceljs 4.4.0 is unmaintained (ECOSYSTEM.md row 5), so this is the only
 * file that imports it: replacing the library means rewriting this file, nothing else.
 */
export interface SheetColumn {
  header: string;
  /** width in characters */
  width: number;
  /** cells of this column are calendar dates ('YYYY-MM-DD' strings in, dates in the sheet) */
  date?: boolean;
}

export type SheetCell = string | number | null;

/** A cell read back, normalised: text trimmed, a date as 'YYYY-MM-DD' when the sheet stored a date, numbers as numbers. */
export type ReadCell = { text: string; date: string | null; number: number | null };

export interface SheetWriter {
  /** write rows; resolves when the output can take more (back-pressure) */
  addRows(rows: SheetCell[][]): Promise<void>;
  finish(): Promise<void>;
}

/** Streams one worksheet with a frozen, bold header row into `out`; rows are committed as they are added. */
export function openSheetWriter(out: Writable, sheetName: string, columns: SheetColumn[]): SheetWriter {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c, i) => ({
    key: `c${i}`, width: c.width, style: c.date ? { numFmt: 'yyyy-mm-dd' } : { alignment: { vertical: 'top', wrapText: c.width >= 30 } },
  }));
  const header = sheet.addRow(columns.map((c) => c.header));
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', horizontal: 'center' };
  header.commit();
  return {
    async addRows(rows) {
      for (const cells of rows) {
        sheet.addRow(cells.map((v, i) => (columns[i]?.date && typeof v === 'string' ? utcDate(v) : v))).commit();
      }
      await drained(sheet);
      if (out.writableNeedDrain) await once(out, 'drain');
    },
    async finish() {
      sheet.commit();
      await workbook.commit();
    },
  };
}

/**
 * exceljs' worksheet stream (a StreamBuf) writes into the zip compressor without heeding back-pressure, so rows
 * produced faster than they are deflated pile up as buffers (about 0.7 KB per row: 135 MB for 200,000 rows). Wait
 * for the compressor to drain before taking the next page. Reaches into exceljs internals; without them, yields once.
 */
async function drained(sheet: ExcelJS.Worksheet): Promise<void> {
  type Internal = { _writableState?: { length: number; highWaterMark: number } } & NodeJS.EventEmitter;
  const pipes = (sheet as unknown as { stream?: { pipes?: Internal[] } }).stream?.pipes;
  if (!pipes?.length) return new Promise((resolve) => setImmediate(resolve));
  for (const pipe of pipes) {
    const state = pipe._writableState;
    if (state && state.length >= state.highWaterMark) await once(pipe, 'drain');
  }
}

/** A calendar date as the sheet stores it: midnight UTC, so Excel shows the same day in every time zone. */
function utcDate(ymd: string): Date | string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd);
  return m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : ymd;
}

/**
 * Reads the first worksheet of an .xlsx file: `onRow(rowNumber, cells)` for every row that has a value; return
 * `false` to stop early. Resolves to false, without calling onRow, when the sheet has more than `maxRows` rows.
 *
 * Two passes: the streaming reader (styles cached) only counts rows, so an oversized sheet is refused without being
 * held in memory; the values then come from the full reader, because exceljs' streaming reader keeps only the last
 * run of an inline rich-text string (t="inlineStr" with several <r>), which some generators write.
 */
export async function readFirstSheet(content: Buffer, onRow: (rowNumber: number, cells: ReadCell[]) => boolean | void,
  maxRows: number): Promise<boolean> {
  const input = new PassThrough();
  input.end(content);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore',
  });
  let rows = 0;
  for await (const worksheet of reader) {
    for await (const row of worksheet as unknown as AsyncIterable<ExcelJS.Row>) {
      if (row.hasValues && ++rows > maxRows) return false; // WPS writes formatted empty rows: not counted
    }
    break; // the first sheet only
  }
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(content as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  if (!sheet) return true;
  for (let n = 1; n <= sheet.rowCount; n++) {
    const values = sheet.getRow(n).values as ExcelJS.CellValue[];
    const cells: ReadCell[] = [];
    for (let i = 1; i < values.length; i++) cells[i - 1] = readCell(values[i]);
    for (let i = 0; i < cells.length; i++) cells[i] ??= { text: '', date: null, number: null };
    if (cells.some((c) => c.text) && onRow(n, cells) === false) break;
  }
  return true;
}

/** Anything exceljs may hand back (WPS and Excel differ): rich text, formulas with results, hyperlinks, dates, errors. */
export function readCell(value: ExcelJS.CellValue | undefined): ReadCell {
  if (value === null || value === undefined) return { text: '', date: null, number: null };
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return { text: '', date: null, number: null };
    const ymd = `${value.getUTCFullYear()}-${pad(value.getUTCMonth() + 1)}-${pad(value.getUTCDate())}`;
    return { text: ymd, date: ymd, number: null };
  }
  if (typeof value === 'number') return { text: String(value), date: null, number: value };
  if (typeof value === 'boolean') return { text: value ? 'TRUE' : 'FALSE', date: null, number: null };
  if (typeof value === 'string') return { text: clean(value), date: null, number: null };
  const v = value as unknown as Record<string, unknown>;
  if (Array.isArray(v.richText)) return { text: clean((v.richText as Array<{ text?: string }>).map((r) => r.text ?? '').join('')), date: null, number: null };
  if ('formula' in v || 'sharedFormula' in v) return readCell(v.result as ExcelJS.CellValue | undefined);
  if ('text' in v) return readCell(v.text as ExcelJS.CellValue);
  if ('error' in v) return { text: '', date: null, number: null };
  return { text: clean(String(value)), date: null, number: null };
}

const pad = (n: number) => String(n).padStart(2, '0');
const clean = (s: string) => s.replace(/[\u00a0\u3000]/g, ' ').replace(/\s+/g, ' ').trim();

/** Collects a writer's output into a Buffer (templates, tests). */
export async function sheetToBuffer(columns: SheetColumn[], sheetName: string, rows: SheetCell[][]): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise((resolve, reject) => { out.on('end', resolve); out.on('error', reject); });
  const writer = openSheetWriter(out, sheetName, columns);
  await writer.addRows(rows);
  await writer.finish();
  await done;
  return Buffer.concat(chunks);
}
