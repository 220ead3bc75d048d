import { once } from 'node:events';
import { PassThrough, Writable } from 'node:stream';
import * as ExcelJS from 'exceljs';
import { neutraliseFormula, restoreNeutralised } from '../common/spreadsheet-text';

/**
 * The project's own interface to .xlsx files. exceljs 4.4.0 is unmaintained (no release since October 2023), so this
 * is the only file that imports it: replacing the library means rewriting this file, nothing else.
 */
export interface SheetColumn {
  header: string;
  /** width in characters */
  width: number;
  /** cells of this column are calendar dates ('YYYY-MM-DD' strings in, dates in the sheet) */
  date?: boolean;
}

export type SheetCell = string | number | null;

/**
 * A cell read back, normalised: `text` trimmed, runs of spaces (full-width too) as one space, a line break between two
 * Chinese characters removed (a break typed to wrap a long name); `parts` the text's lines, for lists one per line;
 * `date` as 'YYYY-MM-DD' when the sheet stored a date; `serialDate` the same for a plain number read as a day number
 * of the workbook's date system (1900 or 1904), when it falls in 1954–2119; numbers as numbers.
 */
export type ReadCell = { text: string; parts: string[]; date: string | null; serialDate: string | null; number: number | null };

export interface SheetWriter {
  /** write rows; resolves when the output can take more (back-pressure) */
  addRows(rows: SheetCell[][]): Promise<void>;
  finish(): Promise<void>;
}

/** What a printed sheet carries above its table: a title row and a line under it (e.g. 截至日期). */
export interface SheetHeading {
  title: string;
  subtitle?: string;
}

/** A4 landscape, as wide as the page, as many pages down as it takes, the header row repeated on each. */
const printSetup = (headerRow: number): Partial<ExcelJS.PageSetup> => ({
  paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, horizontalCentered: true,
  margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 }, printTitlesRow: `${headerRow}:${headerRow}`,
});

/**
 * Streams one worksheet with a frozen, bold header row into `out`; rows are committed as they are added. With a
 * `heading`, a title row (and the subtitle's) above the header, and the sheet set up to print on A4 landscape.
 */
export function openSheetWriter(out: Writable, sheetName: string, columns: SheetColumn[], heading?: SheetHeading): SheetWriter {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const headerRow = heading ? (heading.subtitle ? 3 : 2) : 1;
  const sheet = workbook.addWorksheet(sheetName, {
    views: [{ state: 'frozen', ySplit: headerRow }],
    ...(heading ? { pageSetup: printSetup(headerRow), headerFooter: { oddFooter: '第 &P 页，共 &N 页' } } : {}),
  });
  sheet.columns = columns.map((c, i) => ({
    key: `c${i}`, width: c.width, style: c.date ? { numFmt: 'yyyy-mm-dd' } : { alignment: { vertical: 'top', wrapText: c.width >= 30 } },
  }));
  if (heading) addHeadingRows(sheet, Math.min(columns.length, 26), heading, { alignment: { horizontal: 'right' } });
  const header = sheet.addRow(columns.map((c) => neutraliseFormula(c.header)));
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', horizontal: 'center' };
  header.commit();
  return {
    async addRows(rows) {
      for (const cells of rows) {
        sheet.addRow(cells.map((v, i) => (columns[i]?.date && typeof v === 'string' ? utcDate(v) : neutraliseFormula(v)))).commit();
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
 * A title row (bold, 16 pt, merged over `width` columns) and, when given, a subtitle row under it in `subtitleStyle`;
 * rows committed (streaming sheets).
 */
export function addHeadingRows(sheet: ExcelJS.Worksheet, width: number, heading: SheetHeading, subtitleStyle: Partial<ExcelJS.Style>): void {
  const last = width <= 26 ? String.fromCharCode(64 + width)
    : String.fromCharCode(64 + Math.floor((width - 1) / 26)) + String.fromCharCode(65 + ((width - 1) % 26));
  const title = sheet.addRow([neutraliseFormula(heading.title)]);
  title.height = 30;
  title.getCell(1).style = { font: { bold: true, size: 16 }, alignment: { horizontal: 'center', vertical: 'middle' } };
  sheet.mergeCells(`A${title.number}:${last}${title.number}`);
  title.commit();
  if (heading.subtitle) {
    const sub = sheet.addRow([neutraliseFormula(heading.subtitle)]);
    sub.getCell(1).style = subtitleStyle;
    sheet.mergeCells(`A${sub.number}:${last}${sub.number}`);
    sub.commit();
  }
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

export interface ReadRow {
  /** the row number in the sheet, 1-based */
  row: number;
  cells: ReadCell[];
}

export type SheetRead =
  | { kind: 'ok'; sheetName: string; header: ReadRow | null; rows: ReadRow[] }
  | { kind: 'too-many'; rows: number }
  /** rows or cells of any kind (formatted empty ones too) past what a ledger can hold: refused while streaming */
  | { kind: 'too-large'; rows: number; cells: number };

/** Rows of all sheets together above which a workbook is refused before it is loaded whole (memory). */
const WORKBOOK_ROW_GUARD = 4;
/**
 * Rows of any kind (formatted empty ones included) and cells (styled empty ones included), per allowed row, before
 * refusing: the full reader holds a few hundred bytes per cell, so 50 MB of small cells (2.5 million) would take GBs.
 * 99,000 formatted empty rows read in 0.7 s and 64 MB.
 */
export const ANY_ROW_GUARD = 20;
export const CELL_GUARD = 40;

/**
 * Reads the ledger sheet of an .xlsx file: the first visible sheet, in the order the workbook shows them, with a row
 * accepted by `isHeader` within its first 10 rows (else the first visible sheet), and the rows with a value below
 * that header. A hidden first sheet (drop-down lists) or an instructions sheet before the ledger is thus passed over.
 * `too-many` when the chosen sheet has more than `maxRows` such rows.
 *
 * Two passes: the streaming reader only counts rows, so a workbook far beyond the limit is refused without being held
 * in memory; the values then come from the full reader, because exceljs' streaming reader keeps only the last run of
 * an inline rich-text string (t="inlineStr" with several <r>) and knows no sheet order or visibility.
 */
export async function readLedgerSheet(content: Buffer, isHeader: (cells: ReadCell[]) => boolean, maxRows: number): Promise<SheetRead> {
  const input = new PassThrough();
  input.end(content);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore',
  });
  let total = 0;
  let allRows = 0;
  let cells = 0;
  for await (const worksheet of reader) {
    for await (const row of worksheet as unknown as AsyncIterable<ExcelJS.Row>) {
      // WPS writes formatted empty rows: not counted against maxRows, but millions of them would be held by the full
      // reader below (8 million took 5 GB and minutes), so all rows and cells have a cap of their own
      allRows++;
      cells += row.cellCount;
      if (allRows > maxRows * ANY_ROW_GUARD || cells > maxRows * CELL_GUARD) {
        return { kind: 'too-large', rows: allRows, cells };
      }
      if (row.hasValues && ++total > maxRows * WORKBOOK_ROW_GUARD) return { kind: 'too-many', rows: total };
    }
  }
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(content as unknown as ArrayBuffer);
  const date1904 = Boolean((workbook.properties as { date1904?: boolean }).date1904);
  const visible = workbook.worksheets.filter((ws) => ws.state !== 'hidden' && ws.state !== 'veryHidden');
  const rowOf = (ws: ExcelJS.Worksheet, n: number): ReadCell[] => {
    const values = ws.getRow(n).values as ExcelJS.CellValue[];
    const cells: ReadCell[] = [];
    for (let i = 1; i < values.length; i++) cells[i - 1] = readCell(values[i], date1904);
    for (let i = 0; i < cells.length; i++) cells[i] ??= EMPTY_CELL;
    return cells;
  };
  let sheet = visible[0] ?? workbook.worksheets[0];
  let header: ReadRow | null = null;
  for (const ws of visible) {
    for (let n = 1; n <= Math.min(10, ws.rowCount) && !header; n++) {
      const cells = rowOf(ws, n);
      if (isHeader(cells)) header = { row: n, cells };
    }
    if (header) {
      sheet = ws;
      break;
    }
  }
  if (!sheet) return { kind: 'ok', sheetName: '', header: null, rows: [] };
  const rows: ReadRow[] = [];
  for (let n = (header?.row ?? 0) + 1; n <= sheet.rowCount; n++) {
    const cells = rowOf(sheet, n);
    if (!cells.some((c) => c.text)) continue; // empty, or formatting only
    rows.push({ row: n, cells });
    if (rows.length > maxRows) return { kind: 'too-many', rows: rows.length };
  }
  return { kind: 'ok', sheetName: sheet.name, header, rows };
}

/** A header cell as a column name: spaces, the required mark (*) and （必填） dropped; 问题举措内容 as the template's. */
export function ledgerHeaderName(text: string): string {
  const name = text.replace(/\s/g, '').replace(/^\*/, '').replace(/（必填）|\(必填\)/, '');
  return name === '问题举措内容' ? '问题/举措内容' : name;
}

export const EMPTY_CELL: ReadCell = Object.freeze({ text: '', parts: [], date: null, serialDate: null, number: null }) as ReadCell;

/**
 * Anything exceljs may hand back (WPS and Excel differ): rich text, formulas with their cached results, hyperlinks,
 * dates, errors. A number is also read as a day number of the workbook's date system, because exceljs takes a number
 * for a date only when it knows the format: not the Chinese built-ins 27–36 and 50–58 (exceljs #2893).
 */
export function readCell(value: ExcelJS.CellValue | undefined, date1904 = false): ReadCell {
  if (value === null || value === undefined) return EMPTY_CELL;
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return EMPTY_CELL;
    const ymd = `${value.getUTCFullYear()}-${pad(value.getUTCMonth() + 1)}-${pad(value.getUTCDate())}`;
    return { text: ymd, parts: [ymd], date: ymd, serialDate: null, number: null };
  }
  if (typeof value === 'number') {
    return { text: String(value), parts: [String(value)], date: null, serialDate: serialToDate(value, date1904), number: value };
  }
  if (typeof value === 'boolean') return textCell(value ? 'TRUE' : 'FALSE');
  if (typeof value === 'string') return textCell(value);
  const v = value as unknown as Record<string, unknown>;
  if (Array.isArray(v.richText)) return textCell((v.richText as Array<{ text?: string }>).map((r) => r.text ?? '').join(''));
  if ('formula' in v || 'sharedFormula' in v) return readCell(v.result as ExcelJS.CellValue | undefined, date1904);
  if ('text' in v) return readCell(v.text as ExcelJS.CellValue, date1904);
  if ('error' in v) return EMPTY_CELL;
  return textCell(String(value));
}

/** An Excel day number as 'YYYY-MM-DD' (the time of day dropped), when it falls in 1954–2119; else null. */
function serialToDate(n: number, date1904: boolean): string | null {
  const days = Math.floor(n) + (date1904 ? 1462 : 0);
  if (days < 20000 || days > 80000) return null;
  return new Date(Date.UTC(1899, 11, 30) + days * 86_400_000).toISOString().slice(0, 10);
}

// CJK ideographs and punctuation, kana, full-width forms; not the full-width space U+3000
const CJK = '\\u2e80-\\u2fff\\u3001-\\u303f\\u3040-\\u9fff\\uf900-\\ufaff\\ufe30-\\ufe4f\\uff01-\\uffee';
const BREAK_BETWEEN_CJK = new RegExp(`([${CJK}])[^\\S\\r\\n]*[\\r\\n]\\s*(?=[${CJK}])`, 'g');
const pad = (n: number) => String(n).padStart(2, '0');
const squash = (s: string) => s.replace(/\s+/g, ' ').trim(); // \s covers U+00A0 and U+3000

function textCell(raw: string): ReadCell {
  const s = restoreNeutralised(raw);
  return { text: squash(s.replace(BREAK_BETWEEN_CJK, '$1')), parts: s.split(/[\r\n]+/).map(squash).filter(Boolean),
    date: null, serialDate: null, number: null };
}

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

/** A drop-down list offered on some columns of a template. */
export interface TemplateList {
  /** the hidden sheet that holds the values (an inline list is limited to 255 characters in Excel) */
  sheetName: string;
  values: string[];
  /** 0-based columns of the template that offer it */
  columns: Array<{ index: number; prompt: string; /** warn about a value not on the list (it may still be kept) */ warn?: string }>;
  /** data rows (from the second row) that offer it */
  rows: number;
}

const EXAMPLE_STYLE: Partial<ExcelJS.Style> = {
  font: { italic: true, color: { argb: 'FF909399' } },
  fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F3F5' } },
  alignment: { vertical: 'top', wrapText: true },
};

/**
 * An import template: the header (frozen, bold), one example row in grey italics (the reader is told to skip it), and
 * drop-down lists on the named columns, their values on a hidden sheet the list refers to, so hundreds of values fit.
 */
export async function templateToBuffer(sheetName: string, columns: SheetColumn[], example: SheetCell[], list: TemplateList): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({ width: c.width, style: c.date ? { numFmt: 'yyyy-mm-dd' } : {} }));
  const header = sheet.addRow(columns.map((c) => neutraliseFormula(c.header)));
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', horizontal: 'center' };
  const row = sheet.addRow(example.map((v, i) => (columns[i]?.date && typeof v === 'string' ? utcDate(v) : neutraliseFormula(v))));
  columns.forEach((c, i) => { row.getCell(i + 1).style = { ...EXAMPLE_STYLE, ...(c.date ? { numFmt: 'yyyy-mm-dd' } : {}) }; });
  if (list.values.length) {
    const names = workbook.addWorksheet(list.sheetName, { state: 'hidden' });
    list.values.forEach((v, i) => { names.getCell(i + 1, 1).value = neutraliseFormula(v); });
    const source = `'${list.sheetName}'!$A$1:$A$${list.values.length}`;
    // exceljs 4.4 writes validations of a range but its typings only know a cell's
    const validations = (sheet as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }).dataValidations;
    for (const c of list.columns) {
      const letter = String.fromCharCode(65 + c.index);
      validations.add(`${letter}2:${letter}${list.rows + 1}`, {
        type: 'list', allowBlank: true, formulae: [source], showInputMessage: true, promptTitle: columns[c.index].header,
        prompt: c.prompt, showErrorMessage: Boolean(c.warn), errorStyle: 'warning', errorTitle: columns[c.index].header, error: c.warn,
      });
    }
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
