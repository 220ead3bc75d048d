import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '../../organisation/actor';
import { Clock } from '../../common/clock';
import { DomainError } from '../../common/domain-error';
import { importedKeys } from '../../tasks/task-ledger-sheet.queries';
import { TaskLedgerWritesService } from '../../tasks/task-ledger-writes.service';
import { unitsNamed } from '../../reports/owner-suggester';
import { LedgerSheetReader } from '../ledger-sheet-reader';
import { assignableUnits, halfWidth, IMPORT_MAX_ROWS, parseDate, readSheet, SheetRows, splitNames } from '../ledger-import-sheet';

const TITLE_MAX = 200;

export interface ImportLedgerInput {
  actor: Actor;
  /** the .xlsx file */
  content: Buffer;
  onProgress?: LedgerImportProgressListener;
}

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

/**
 * Imports an Excel ledger (台账) sheet as draft tasks. Validates the whole sheet first; any bad row and nothing is
 * written (LEDGER_IMPORT_INVALID lists every bad row). Otherwise creates the drafts in one transaction; rows imported
 * before (same import key) are skipped.
 */
@Injectable()
export class ImportLedgerUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly writes: TaskLedgerWritesService,
    private readonly clock: Clock,
    private readonly sheets: LedgerSheetReader,
  ) {}

  async execute({ actor, content, onProgress = () => undefined }: ImportLedgerInput): Promise<LedgerImportResult> {
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
      const seen = await importedKeys(em, actor.jurisdictionId, parsed.map((r) => r.importKey));
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
    const units = await assignableUnits(this.dataSource.manager, actor.jurisdictionPath);
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
}
