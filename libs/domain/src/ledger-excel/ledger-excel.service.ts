import type { Writable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '../organisation/actor';
import { businessDate, Clock } from '../common/clock';
import { TaskLedgerQueriesService, TaskListQuery } from '../tasks/task-ledger-queries.service';
import { latestLeadProgressNotes } from '../tasks/task-ledger-sheet.queries';
import type { TaskView } from '../tasks/task-view';
import { regionName } from '../supervision/document-excel.service';
import { chineseDate } from '../supervision/render';
import { openSheetWriter, SheetCell, SheetColumn, SheetHeading, templateToBuffer } from './ledger-excel';
import { assignableUnits, EXAMPLE_MARK, IMPORT_COLUMNS, IMPORT_MAX_ROWS } from './ledger-import-sheet';

export const EXPORT_COLUMNS: SheetColumn[] = [
  { header: '序号', width: 7 }, { header: '任务编号', width: 11 }, { header: '任务来源', width: 22 },
  { header: '问题/举措内容', width: 50 }, { header: '牵头单位', width: 18 }, { header: '配合单位', width: 24 },
  { header: '责任领导', width: 10 }, { header: '完成时限', width: 12, date: true }, { header: '原定时限', width: 12, date: true },
  { header: '进展情况', width: 40 }, { header: '状态', width: 9 }, { header: '是否逾期', width: 9 }, { header: '逾期天数', width: 9 },
  { header: '工作重点', width: 20 }, { header: '报送周期', width: 14 }, { header: '最近报送', width: 12, date: true },
];

/** Excel ledger (台账) export and the import template; the import itself is ImportLedgerUseCase. */
@Injectable()
export class LedgerExcelService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly ledger: TaskLedgerQueriesService,
    private readonly clock: Clock,
  ) {}

  /**
   * Streams the filtered ledger, in the caller's scope, as .xlsx into `out`, one keyset page (1,000 tasks) at a time,
   * in the plan's order: 工作重点 in their order, then the tasks under none, each by code.
   */
  async exportTo(actor: Actor, query: Omit<TaskListQuery, 'after' | 'limit'>, out: Writable): Promise<number> {
    const writer = openSheetWriter(out, '任务台账', EXPORT_COLUMNS, await this.exportHeading(actor));
    let n = 0;
    for await (const page of this.ledger.pages(actor, { ...query, sort: 'plan' }, 1000)) {
      const notes = await latestLeadProgressNotes(this.dataSource.manager, page.map((t) => t.id));
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
    const names = (await assignableUnits(this.dataSource.manager, actor.jurisdictionPath)).map((u) => u.name);
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
}

function exportRow(n: number, t: TaskView, note: string | undefined): SheetCell[] {
  const progress = [`${t.progressPercent}%`, t.completionNote ?? note].filter(Boolean).join('；');
  return [n, t.code, t.source ?? '', t.title, t.leadUnit.name, t.coOwners.map((c) => c.unitName).join('、'),
    t.responsibleLeader?.name ?? '', t.currentDeadline, t.originalDeadline, progress, t.statusLabel,
    t.overdue ? '是' : '否', t.overdue ? t.daysOverdue : 0, t.group?.title ?? '', t.reportCycleLabel,
    // 最近报送: the Beijing date of the latest progress update (the report of a 定期报送 task)
    t.lastProgressAt ? businessDate(new Date(t.lastProgressAt)) : ''];
}

