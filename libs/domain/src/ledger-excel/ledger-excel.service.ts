import { createHash } from 'node:crypto';
import type { Writable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '../organisation/actor';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { TaskLedgerQueriesService, TaskListQuery } from '../tasks/task-ledger-queries.service';
import { TaskLedgerWritesService } from '../tasks/task-ledger-writes.service';
import type { TaskView } from '../tasks/task-view';
import { regionName } from '../supervision/document-excel.service';
import { chineseDate } from '../supervision/render';
import {
  ANY_ROW_GUARD, CELL_GUARD, EMPTY_CELL, ledgerHeaderName, openSheetWriter, ReadCell, SheetCell, SheetColumn, SheetHeading, templateToBuffer,
} from './ledger-excel';
import { LedgerSheetReader } from './ledger-sheet-reader';
import { unitsNamed } from '../reports/owner-suggester';

export const EXPORT_COLUMNS: SheetColumn[] = [
  { header: '序号', width: 7 }, { header: '任务编号', width: 11 }, { header: '任务来源', width: 22 },
  { header: '问题/举措内容', width: 50 }, { header: '牵头单位', width: 18 }, { header: '配合单位', width: 24 },
  { header: '责任领导', width: 10 }, { header: '完成时限', width: 12, date: true }, { header: '原定时限', width: 12, date: true },
  { header: '进展情况', width: 40 }, { header: '状态', width: 9 }, { header: '是否逾期', width: 9 }, { header: '逾期天数', width: 9 },
];

/** The import template's columns, in order; headers are matched by name, so users may reorder or add columns. */
export const IMPORT_COLUMNS: SheetColumn[] = [
  { header: '序号', width: 7 }, { header: '计划年度', width: 10 }, { header: '任务来源', width: 24 },
  { header: '问题/举措内容', width: 50 }, { header: '牵头单位', width: 18 }, { header: '配合单位', width: 24 },
  { header: '责任领导', width: 10 }, { header: '完成时限', width: 12, date: true }, { header: '任务说明', width: 40 },
];
const REQUIRED_HEADERS = ['计划年度', '问题/举措内容', '牵头单位', '完成时限'];
export const IMPORT_MAX_ROWS = 5000;
const TITLE_MAX = 200;

export interface LedgerImportRowError {
  row: number;
  field: string;
  reason: string;
}

export interface LedgerImportResult {
  /** data rows read */
  rows: number;
  created: number;
  /** rows already imported earlier (same import key): not created again */
  skipped: number;
  taskIds: string[];
}

/**
 * How far an import has got, for a progress bar: first every row is checked (`validating`), then, if all are right,
 * the drafts are written in one transaction (`writing`; rows imported before count as done). Reported after the sheet
 * was read and its headers found, so errors before the first report are about the file as a whole.
 */
export type LedgerImportProgress = { phase: 'validating' | 'writing'; done: number; total: number };
export type LedgerImportProgressListener = (progress: LedgerImportProgress) => void;

/** rows between two progress reports */
const VALIDATE_STEP = 250;

interface ParsedRow {
  row: number;
  planYear: number;
  title: string;
  description: string;
  source: string | null;
  leadUnitId: string;
  coOwnerUnitIds: string[];
  responsibleLeaderId: string | null;
  deadline: string;
  importKey: string;
}

/** Excel ledger (台账) export and import. */
@Injectable()
export class LedgerExcelService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly ledger: TaskLedgerQueriesService,
    private readonly writes: TaskLedgerWritesService,
    private readonly clock: Clock,
    private readonly sheets: LedgerSheetReader,
  ) {}

  /** Streams the filtered ledger, in the caller's scope, as .xlsx into `out`, one keyset page (1,000 tasks) at a time. */
  async exportTo(actor: Actor, query: Omit<TaskListQuery, 'after' | 'limit'>, out: Writable): Promise<number> {
    const writer = openSheetWriter(out, '任务台账', EXPORT_COLUMNS, await this.exportHeading(actor));
    let n = 0;
    for await (const page of this.ledger.pages(actor, query, 1000)) {
      const notes = await this.latestNotes(page.map((t) => t.id));
      await writer.addRows(page.map((t) => exportRow(++n, t, notes.get(t.id))));
    }
    await writer.finish();
    return n;
  }

  /** 甲县督办任务台账, 截至日期：2026年3月15日 (the system administrator's, of every county: 督办任务台账). */
  private async exportHeading(actor: Actor): Promise<SheetHeading> {
    const [j]: Array<{ name: string }> = actor.role === 'admin' ? []
      : await this.dataSource.query(`SELECT name FROM unit WHERE id = $1`, [actor.jurisdictionId]);
    return { title: `${j ? regionName(j.name) : ''}督办任务台账`, subtitle: `截至日期：${chineseDate(this.clock.today())}` };
  }

  /**
   * The import template of the caller's jurisdiction: a drop-down of its assignable units on 牵头单位 and 配合单位 (on a
   * hidden sheet), and one example row (grey, 序号 “示例”) that the import skips, so the file imports as downloaded.
   */
  async templateBuffer(actor: Actor): Promise<Buffer> {
    const year = Number(this.clock.today().slice(0, 4));
    const names = (await this.assignableUnits(actor)).map((u) => u.name);
    const lead = names.find((n) => n.endsWith('司法局')) ?? names[0] ?? '县司法局';
    const co = names.filter((n) => n !== lead).slice(0, 2).join('、');
    const column = (header: string) => IMPORT_COLUMNS.findIndex((c) => c.header === header);
    return templateToBuffer('任务导入', IMPORT_COLUMNS, [EXAMPLE_MARK, year, `${year - 1}年度法治政府建设情况报告`,
      `${EXAMPLE_MARK}：开展行政执法人员法治培训（本行为填写示例，导入时跳过，可保留或删除）`, lead, co, '', `${year}-12-31`,
      '可选：任务的具体要求。单位可从下拉列表选择，也可填写简称（如 县司法局）'], {
      sheetName: '单位名录', values: names, rows: IMPORT_MAX_ROWS, columns: [
        { index: column('牵头单位'), prompt: '从下拉列表选择本辖区单位，或填写全称、简称（如 县司法局）',
          warn: '该单位不在下拉列表中。可以保留简称（如 县司法局），导入时按单位名录识别；识别不了的会在导入结果中列出' },
        { index: column('配合单位'), prompt: '可从下拉列表选择一个单位；多个单位用顿号“、”分隔' },
      ] });
  }

  /** Units a task of the caller's jurisdiction may be given to (not the jurisdiction itself), by code. */
  private assignableUnits(actor: Actor): Promise<Array<{ id: string; name: string; code: string; kind: string }>> {
    return this.dataSource.query(`SELECT id, name, code, kind FROM unit WHERE path LIKE $1 || '%' AND kind <> 'jurisdiction'
      ORDER BY code`, [actor.jurisdictionPath]);
  }

  /**
   * Validates the whole sheet first; any bad row and nothing is written (LEDGER_IMPORT_INVALID lists every bad row).
   * Otherwise creates the drafts in one transaction; rows imported before (same import key) are skipped.
   */
  async importSheet(actor: Actor, content: Buffer, onProgress: LedgerImportProgressListener = () => undefined): Promise<LedgerImportResult> {
    if (actor.role !== 'office') {
      throw new DomainError('forbidden', 'LEDGER_IMPORT_FORBIDDEN', '只有法治办可以导入任务台账');
    }
    const sheet = await readSheet(this.sheets, content);
    const errors: LedgerImportRowError[] = [];
    const parsed = await this.parse(actor, sheet, errors, onProgress);
    if (errors.length) {
      throw new DomainError('invalid', 'LEDGER_IMPORT_INVALID',
        `导入文件有 ${new Set(errors.map((e) => e.row)).size} 行数据有误，未导入任何任务；请修改后重新导入`, { rows: errors });
    }
    return this.dataSource.transaction(async (em) => {
      const existing: Array<{ import_key: string }> = await em.query(
        `SELECT import_key FROM task WHERE jurisdiction_id = $1 AND import_key = ANY($2::text[])`,
        [actor.jurisdictionId, parsed.map((r) => r.importKey)]);
      const seen = new Set(existing.map((r) => r.import_key));
      // rows imported before count as written; the new ones go in set-based chunks
      const fresh = parsed.filter((r) => !seen.has(r.importKey) && seen.add(r.importKey));
      const before = parsed.length - fresh.length;
      onProgress({ phase: 'writing', done: before, total: parsed.length });
      const taskIds = await this.writes.createMany(actor, fresh.map((r) => ({
        title: r.title, description: r.description, planYear: r.planYear, leadUnitId: r.leadUnitId,
        coOwnerUnitIds: r.coOwnerUnitIds, responsibleLeaderId: r.responsibleLeaderId, deadline: r.deadline,
        source: r.source, importKey: r.importKey,
      })), em, (written) => onProgress({ phase: 'writing', done: before + written, total: parsed.length }));
      if (!fresh.length) onProgress({ phase: 'writing', done: parsed.length, total: parsed.length });
      return { rows: parsed.length, created: taskIds.length, skipped: parsed.length - taskIds.length, taskIds };
    });
  }

  private async parse(actor: Actor, sheet: SheetRows, errors: LedgerImportRowError[],
    onProgress: LedgerImportProgressListener): Promise<ParsedRow[]> {
    const bad = (row: number, field: string, reason: string) => errors.push({ row, field, reason });
    if (sheet.missingHeaders.length) {
      bad(sheet.headerRow, '表头', `缺少列：${sheet.missingHeaders.join('、')}（请使用导入模板）`);
      return [];
    }
    // a sheet of example rows only (the template as downloaded) imports nothing, without an error
    if (!sheet.rows.length && !sheet.examples) bad(sheet.headerRow + 1, '表格', '没有可导入的数据行');
    if (sheet.rows.length > IMPORT_MAX_ROWS) {
      bad(sheet.rows[IMPORT_MAX_ROWS].row, '表格', `一次最多导入 ${IMPORT_MAX_ROWS} 行，请分批导入`);
      return [];
    }
    const units = await this.assignableUnits(actor);
    const leaders: Array<{ id: string; display_name: string; username: string }> = await this.dataSource.query(
      `SELECT u.id, u.display_name, u.username FROM app_user u JOIN unit un ON un.id = u.unit_id
        WHERE u.role = 'leader' AND u.active AND un.path LIKE $1 || '%'`, [actor.jurisdictionPath]);
    // spaces inside a name are never meant (甲县 城关镇, a wrapped cell): compared without them
    const bare = (s: string) => s.replace(/\s+/g, '');
    // a full name, a unit code, or a short name as reports use them (县司法局, 司法局): resolved as report import does
    const bareUnits = units.map((u) => ({ ...u, name: bare(u.name) }));
    const findUnit = (row: number, field: string, name: string): string | null => {
      const byCode = units.filter((u) => u.code === name);
      const hits = byCode.length ? byCode : unitsNamed(bare(name), bareUnits);
      if (hits.length === 1) return hits[0].id;
      bad(row, field, hits.length
        ? `单位“${name}”可指 ${hits.map((u) => units.find((x) => x.id === u.id)!.name).join('、')}，请填写全称或单位编码`
        : `单位“${name}”不在本辖区的单位名录中`);
      return null;
    };
    const today = this.clock.today();
    const out: ParsedRow[] = [];
    const keys = new Map<string, number>();
    const total = sheet.rows.length;
    onProgress({ phase: 'validating', done: 0, total });
    let done = 0;
    for (const { row, get } of sheet.rows) {
      if (++done % VALIDATE_STEP === 0) {
        onProgress({ phase: 'validating', done, total });
        await new Promise((resolve) => setImmediate(resolve)); // let the report go out
      }
      const before = errors.length;
      const yearText = get('计划年度').text;
      const yearDigits = halfWidth(yearText).replace(/\s+/g, '').replace(/年(度)?$/, '');
      const planYear = /^\d{4}$/.test(yearDigits) ? Number(yearDigits) : NaN;
      if (!yearText) bad(row, '计划年度', '计划年度不能为空');
      else if (!(planYear >= 2000 && planYear <= 2100)) bad(row, '计划年度', `计划年度“${yearText}”无效，应为四位年份，如 ${today.slice(0, 4)}`);
      const title = get('问题/举措内容').text;
      if (!title) bad(row, '问题/举措内容', '问题/举措内容不能为空');
      else if (title.length > TITLE_MAX) bad(row, '问题/举措内容', `问题/举措内容超过 ${TITLE_MAX} 字，请精简，详细要求可写在“任务说明”列`);
      const leadName = get('牵头单位').text;
      const leadUnitId = leadName ? findUnit(row, '牵头单位', leadName) : (bad(row, '牵头单位', '牵头单位不能为空'), null);
      const coOwnerUnitIds: string[] = [];
      for (const name of splitNames(get('配合单位'))) {
        const id = findUnit(row, '配合单位', name);
        if (id && id === leadUnitId) bad(row, '配合单位', `“${name}”已是牵头单位，不能同时作为配合单位`);
        else if (id && !coOwnerUnitIds.includes(id)) coOwnerUnitIds.push(id);
      }
      const leaderName = get('责任领导').text;
      let responsibleLeaderId: string | null = null;
      if (leaderName) {
        const hits = leaders.filter((l) => bare(l.display_name) === bare(leaderName) || l.username === leaderName);
        if (hits.length === 1) responsibleLeaderId = hits[0].id;
        else bad(row, '责任领导', hits.length ? `责任领导“${leaderName}”有重名` : `责任领导“${leaderName}”不是本辖区的分管领导`);
      }
      const deadlineCell = get('完成时限');
      const deadline = parseDate(deadlineCell);
      if (!deadlineCell.text) bad(row, '完成时限', '完成时限不能为空');
      else if (!deadline) bad(row, '完成时限', `完成时限“${deadlineCell.text}”不是有效日期（如 2026-06-30、2026/6/30 或 2026年6月30日）`);
      else if (deadline < today) bad(row, '完成时限', `完成时限 ${deadline} 早于今天`);
      if (errors.length > before || !leadUnitId || !deadline) continue;
      const importKey = createHash('sha256').update(JSON.stringify([title, leadName, deadline, planYear])).digest('hex');
      const first = keys.get(importKey);
      if (first !== undefined) {
        bad(row, '问题/举措内容', `与第 ${first} 行重复（内容、牵头单位、完成时限、计划年度均相同）`);
        continue;
      }
      keys.set(importKey, row);
      out.push({ row, planYear, title, description: get('任务说明').text, source: get('任务来源').text || null, leadUnitId,
        coOwnerUnitIds, responsibleLeaderId, deadline, importKey });
    }
    if (done % VALIDATE_STEP !== 0) onProgress({ phase: 'validating', done, total });
    return out;
  }

  /** The latest progress note of the lead unit for each task of a page: one query per page. */
  private async latestNotes(taskIds: string[]): Promise<Map<string, string>> {
    if (!taskIds.length) return new Map();
    const rows: Array<{ task_id: string; note: string }> = await this.dataSource.query(
      `SELECT DISTINCT ON (p.task_id) p.task_id, p.note FROM task_progress p JOIN task t ON t.id = p.task_id
        WHERE p.task_id = ANY($1::uuid[]) AND p.unit_id = t.lead_unit_id ORDER BY p.task_id, p.created_at DESC`, [taskIds]);
    return new Map(rows.map((r) => [r.task_id, r.note]));
  }
}

function exportRow(n: number, t: TaskView, note: string | undefined): SheetCell[] {
  const progress = [`${t.progressPercent}%`, t.completionNote ?? note].filter(Boolean).join('；');
  return [n, t.code, t.source ?? '', t.title, t.leadUnit.name, t.coOwners.map((c) => c.unitName).join('、'),
    t.responsibleLeader?.name ?? '', t.currentDeadline, t.originalDeadline, progress, t.statusLabel,
    t.overdue ? '是' : '否', t.overdue ? t.daysOverdue : 0];
}

interface SheetRows {
  headerRow: number;
  missingHeaders: string[];
  rows: Array<{ row: number; get: (header: string) => ReadCell }>;
  /** example rows (the template's) passed over */
  examples: number;
}

/** What marks the template's example row: its 序号, or its content (templates of before, “（示例，导入前请删除本行）…”). */
const EXAMPLE_MARK = '示例';
const isExampleRow = (get: (header: string) => ReadCell) =>
  get('序号').text.startsWith(EXAMPLE_MARK) || /^[（(]?示例[，,：:）)]/.test(get('问题/举措内容').text);

/**
 * The ledger sheet (the first visible one with a header row naming 问题/举措内容 within its first 10 rows), its rows
 * mapped by header. Read in a worker thread with a time and memory limit (LedgerSheetReader).
 */
async function readSheet(reader: LedgerSheetReader, content: Buffer): Promise<SheetRows> {
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
function splitNames(cell: ReadCell): string[] {
  return cell.parts.flatMap((line) => line.split(/[、，,;；\s]+/)).map((s) => s.trim()).filter(Boolean);
}

/** Full-width digits and date separators (２０２６／６／３０) as ASCII. */
const halfWidth = (s: string) => s.replace(/[\uff10-\uff19\uff0d\uff0e\uff0f]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0));

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
