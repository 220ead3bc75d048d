import { once } from 'node:events';
import type { Writable } from 'node:stream';
import * as ExcelJS from 'exceljs';
import { neutraliseFormula } from '../common/spreadsheet-text';
import { addHeadingRows, type SheetCell } from '../ledger-excel/ledger-excel';

/**
 * Workbooks an office hands to leaders (the bulletin, the assessments): per sheet a title, a line under it, the
 * summary figures, then one table under a frozen header. The second file that imports exceljs (the ledger's is
 * ledger-excel.ts); like it, this interface is what callers see, so replacing the library means rewriting these two.
 */
export interface ReportColumn {
  header: string;
  /** width in characters */
  width: number;
  /**
   * 'date': 'YYYY-MM-DD' strings in, dates in the sheet; 'percent': fractions in, 0.0% shown; 'score': the exact number
   * kept, two decimals shown; text wraps when wide
   */
  format?: 'date' | 'percent' | 'score';
  align?: 'left' | 'center';
}

export interface ReportFigure {
  label: string;
  value: SheetCell;
  format?: 'percent';
}

export interface ReportSheetSpec {
  /** the tab's name (at most 31 characters, no []:*?/\) */
  name: string;
  title: string;
  subtitle?: string;
  /** figures shown as a row of labels over a row of values, above the table */
  figures?: ReportFigure[];
  columns: ReportColumn[];
}

export interface ReportSheet {
  /** write table rows; resolves when the output can take more (back-pressure) */
  addRows(rows: SheetCell[][]): Promise<void>;
  /** ends the sheet; the next addSheet may follow */
  finish(): Promise<void>;
}

export interface ReportWorkbook {
  addSheet(spec: ReportSheetSpec): ReportSheet;
  finish(): Promise<void>;
}

const THIN = { style: 'thin' as const, color: { argb: 'FF909399' } };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const HEADER_FILL = { type: 'pattern' as const, pattern: 'solid' as const, fgColor: { argb: 'FFF2F3F5' } };

/** Streams a workbook of report sheets into `out`, one sheet after the other, rows committed as they are added. */
export function openReportWorkbook(out: Writable, creator = '督办系统'): ReportWorkbook {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = creator;
  workbook.created = new Date();
  return {
    addSheet(spec) {
      const width = Math.max(spec.columns.length, spec.figures?.length ?? 0);
      const figureRows = spec.figures?.length ? 3 : 0; // labels, values, a blank line
      const headerRow = (spec.subtitle ? 3 : 2) + figureRows + 1;
      const sheet = workbook.addWorksheet(safeName(spec.name), {
        views: [{ state: 'frozen', ySplit: headerRow, activeCell: `A${headerRow + 1}` }],
        pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0,
          horizontalCentered: true, margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
          printTitlesRow: `${headerRow}:${headerRow}` }, // the table's header on every printed page
        headerFooter: { oddFooter: '第 &P 页，共 &N 页' },
      });
      sheet.columns = spec.columns.map((c, i) => ({ key: `c${i}`, width: c.width }));
      addHeadingRows(sheet, width, spec, { font: { color: { argb: 'FF606266' } }, alignment: { horizontal: 'center' } });
      sheet.addRow([]).commit();
      if (spec.figures?.length) {
        const labels = sheet.addRow(spec.figures.map((f) => neutraliseFormula(f.label)));
        const values = sheet.addRow(spec.figures.map((f) => neutraliseFormula(f.value ?? '—')));
        spec.figures.forEach((f, i) => {
          labels.getCell(i + 1).style = { font: { bold: true }, fill: HEADER_FILL, border: BORDER, alignment: { horizontal: 'center' } };
          values.getCell(i + 1).style = { font: { bold: true, size: 13 }, border: BORDER, alignment: { horizontal: 'center' },
            numFmt: f.format === 'percent' ? '0.0%' : undefined };
        });
        labels.commit();
        values.commit();
        sheet.addRow([]).commit();
      }
      const header = sheet.addRow(spec.columns.map((c) => neutraliseFormula(c.header)));
      header.height = 20;
      spec.columns.forEach((_, i) => {
        header.getCell(i + 1).style = { font: { bold: true }, fill: HEADER_FILL, border: BORDER,
          alignment: { horizontal: 'center', vertical: 'middle', wrapText: true } };
      });
      header.commit();

      const styles = spec.columns.map((c): Partial<ExcelJS.Style> => ({
        border: BORDER,
        numFmt: c.format === 'date' ? 'yyyy-mm-dd' : c.format === 'percent' ? '0.0%' : c.format === 'score' ? '0.00' : undefined,
        alignment: { vertical: 'top', horizontal: c.align ?? (c.width >= 20 ? 'left' : 'center'), wrapText: c.width >= 20 },
      }));
      return {
        async addRows(rows) {
          for (const cells of rows) {
            const row = sheet.addRow(cells.map((v, i) => (spec.columns[i]?.format === 'date' && typeof v === 'string' ? utcDate(v) : neutraliseFormula(v ?? ''))));
            styles.forEach((s, i) => { row.getCell(i + 1).style = s; });
            row.commit();
          }
          if (out.writableNeedDrain) await once(out, 'drain');
          else await new Promise((resolve) => setImmediate(resolve));
        },
        async finish() {
          sheet.commit();
        },
      };
    },
    async finish() {
      await workbook.commit();
    },
  };
}

const safeName = (name: string) => name.replace(/[[\]:*?/\\]/g, '').replace(/\s+/g, ' ').trim().slice(0, 31) || 'Sheet';

/** A calendar date as the sheet stores it: midnight UTC, so Excel shows the same day in every time zone. */
function utcDate(ymd: string): Date | string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd);
  return m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : ymd;
}
