import type * as ExcelJS from 'exceljs';
import type { Response } from 'superagent';

/** supertest's parser for a download: the body as one Buffer. */
export const binary = (res: Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};
/** A cell as a value to compare: dates as YYYY-MM-DD, empty cells (never written, or '') as null. */
const cell = (v: ExcelJS.CellValue | undefined) => (v instanceof Date ? v.toISOString().slice(0, 10) : v === '' ? null : v ?? null);
/** A sheet's rows as plain values, as wide as its columns (row 1 first). */
export const rowsOf = (ws: ExcelJS.Worksheet) => {
  const rows: unknown[][] = [];
  for (let n = 1; n <= ws.rowCount; n++) {
    const values = ws.getRow(n).values as ExcelJS.CellValue[];
    rows.push(Array.from({ length: ws.columns.length }, (_, i) => cell(values[i + 1])));
  }
  return rows;
};
/** The rows under the header row that starts with `first`, and that header's row number. */
export const tableOf = (ws: ExcelJS.Worksheet, first: string) => {
  const rows = rowsOf(ws);
  const at = rows.findIndex((r) => r[0] === first);
  if (at < 0) throw new Error(`no header ${first} in ${ws.name}`);
  return { headerRow: at + 1, header: rows[at], rows: rows.slice(at + 1).filter((r) => r.some((v) => v !== null && v !== '')) };
};
/** The figures: a row of labels over a row of values. */
export const figuresOf = (ws: ExcelJS.Worksheet, firstLabel: string) => {
  const rows = rowsOf(ws);
  const at = rows.findIndex((r) => r[0] === firstLabel);
  return Object.fromEntries(rows[at].map((label, i) => [label, rows[at + 1][i]]).filter(([label]) => label !== null));
};
