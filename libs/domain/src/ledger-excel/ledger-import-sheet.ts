import type { EntityManager } from 'typeorm';
import { DomainError } from '../common/domain-error';
import { ANY_ROW_GUARD, CELL_GUARD, EMPTY_CELL, ledgerHeaderName, ReadCell, SheetColumn } from './ledger-excel';
import { LedgerSheetReader } from './ledger-sheet-reader';

/*
 * The import sheet's format, shared by the template (LedgerExcelService) and the import (ImportLedgerUseCase): its
 * columns, its example row, how its rows, names and dates are read, and the units its unit columns may name.
 */

/** The import template's columns, in order; headers are matched by name, so users may reorder or add columns. */
export const IMPORT_COLUMNS: SheetColumn[] = [
  { header: '序号', width: 7 }, { header: '计划年度', width: 10 }, { header: '任务来源', width: 24 },
  { header: '问题/举措内容', width: 50 }, { header: '牵头单位', width: 18 }, { header: '配合单位', width: 24 },
  { header: '责任领导', width: 10 }, { header: '完成时限', width: 12, date: true }, { header: '任务说明', width: 40 },
];
export const REQUIRED_HEADERS = ['计划年度', '问题/举措内容', '牵头单位', '完成时限'];
export const IMPORT_MAX_ROWS = 5000;

export interface SheetRows {
  headerRow: number;
  missingHeaders: string[];
  rows: Array<{ row: number; get: (header: string) => ReadCell }>;
  /** example rows (the template's) passed over */
  examples: number;
}

/** What marks the template's example row: its 序号, or its content (templates of before, “（示例，导入前请删除本行）…”). */
export const EXAMPLE_MARK = '示例';
const isExampleRow = (get: (header: string) => ReadCell) =>
  get('序号').text.startsWith(EXAMPLE_MARK) || /^[（(]?示例[，,：:）)]/.test(get('问题/举措内容').text);

/**
 * The ledger sheet (the first visible one with a header row naming 问题/举措内容 within its first 10 rows), its rows
 * mapped by header. Read in a worker thread with a time and memory limit (LedgerSheetReader).
 */
export async function readSheet(reader: LedgerSheetReader, content: Buffer): Promise<SheetRows> {
  const read = await reader.read(content, '问题/举措内容', IMPORT_MAX_ROWS);
  if (read.kind === 'too-large') {
    throw new DomainError('too_large', 'LEDGER_IMPORT_TOO_LARGE',
      `表格过大（含带格式的空行超过 ${IMPORT_MAX_ROWS * ANY_ROW_GUARD} 行，或单元格超过 ${IMPORT_MAX_ROWS * CELL_GUARD} 个），` +
      '请删除多余的空行、空列后再导入', { maxRows: IMPORT_MAX_ROWS * ANY_ROW_GUARD, maxCells: IMPORT_MAX_ROWS * CELL_GUARD });
  }
  if (read.kind === 'too-many') {
    throw new DomainError('invalid', 'LEDGER_IMPORT_INVALID', `一次最多导入 ${IMPORT_MAX_ROWS} 行，请分批导入`,
      { rows: [{ row: IMPORT_MAX_ROWS + 11, field: '表格', reason: `超过 ${IMPORT_MAX_ROWS} 行` }] });
  }
  const header = new Map<string, number>((read.header?.cells ?? []).map((c, i) => [ledgerHeaderName(c.text), i]));
  const all = read.rows.map(({ row, cells }) => ({ row, get: (h: string) => cells[header.get(h) ?? -1] ?? EMPTY_CELL }));
  const rows = all.filter((r) => !isExampleRow(r.get));
  return {
    headerRow: read.header?.row ?? 1,
    missingHeaders: REQUIRED_HEADERS.filter((h) => !header.has(h)),
    rows,
    examples: all.length - rows.length,
  };
}

/** A list of names: separated by 、，,;； spaces or line breaks. */
export function splitNames(cell: ReadCell): string[] {
  return cell.parts.flatMap((line) => line.split(/[、，,;；\s]+/)).map((s) => s.trim()).filter(Boolean);
}

/** Full-width digits and date separators (２０２６／６／３０) as ASCII. */
export const halfWidth = (s: string) => s.replace(/[\uff10-\uff19\uff0d\uff0e\uff0f]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0));

/**
 * A date cell as 'YYYY-MM-DD': a real date, a day number (in the workbook's date system, whatever its number format),
 * or text such as 2026/6/30, 2026.6.30, 2026-06-30 00:00:00, 2026年6月30日 (full-width digits too).
 */
export function parseDate(cell: ReadCell): string | null {
  if (cell.date) return cell.date;
  if (cell.number !== null) return cell.serialDate;
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$/.exec(halfWidth(cell.text));
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

/** Units a task of the jurisdiction at `jurisdictionPath` may be given to (not the jurisdiction itself), by code. */
export function assignableUnits(em: EntityManager, jurisdictionPath: string): Promise<Array<{ id: string; name: string; code: string; kind: string }>> {
  return em.query(`SELECT id, name, code, kind FROM unit WHERE path LIKE $1 || '%' AND kind <> 'jurisdiction'
    ORDER BY code`, [jurisdictionPath]);
}
