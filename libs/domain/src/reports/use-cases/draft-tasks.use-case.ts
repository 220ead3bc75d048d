import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ReportItemEntity, TaskPriority } from '@app/database';
import { Clock } from '../../common/clock';
import type { Actor } from '../../organisation/actor';
import { TaskLedgerWritesService } from '../../tasks/task-ledger-writes.service';
import { liveTasksOfReportItems } from '../../tasks/task-report-links.queries';
import type { TaskView } from '../../tasks/task-view';
import { DomainError } from '../../common/domain-error';
import { draftPlanYearOf, itemRowLabel, lockReportItems, ownerContext, suggestionFor } from '../report-context';
import { ReportErrors } from '../reports.errors';
import { ReportsService } from '../reports.service';

export interface DraftRequestItem {
  itemId: string;
  title?: string;
  leadUnitId?: string;
  coOwnerUnitIds?: string[];
  responsibleLeaderId?: string;
  deadline?: string;
  priority?: TaskPriority;
}

export interface DraftTasksInput {
  actor: Actor;
  reportId: string;
  /** the plan year of the drafts (their codes follow it); default draftPlanYearOf the report */
  planYear?: number;
  items: DraftRequestItem[];
}

export interface DraftResult {
  created: TaskView[];
  /** items that already have a live task: nothing is created twice */
  skipped: Array<{ itemId: string; taskId: string; code: string }>;
}

const KIND_LABEL = { problem: '问题', measure: '举措', suggestion: '建议' } as const;

/**
 * Drafts tasks from a report: selected measures (and problems, as 整改任务) become draft tasks that keep their report
 * item as their source, with the suggested owners and deadline unless the request names others; all or nothing. They go
 * to the plan year asked for, else the report's, else this year when the report's has passed.
 */
@Injectable()
export class DraftTasksUseCase {
  constructor(private readonly dataSource: DataSource, private readonly reports: ReportsService,
    private readonly writes: TaskLedgerWritesService, private readonly clock: Clock) {}

  async execute({ actor, reportId, planYear: chosen, items: requests }: DraftTasksInput): Promise<DraftResult> {
    return this.dataSource.transaction(async (em) => {
      const report = await this.reports.loadScoped(actor, reportId, em, true);
      const today = this.clock.today();
      const planYear = chosen ?? draftPlanYearOf(report, today);
      const context = await ownerContext(em, report.jurisdictionId);
      // items are drafted as they are after any merge, split, edit or delete before; one that went meanwhile is a 409
      const all = await lockReportItems(em, reportId, requests.map((r) => r.itemId));
      const label = (itemId: string) => itemRowLabel(all.find((i) => i.id === itemId)!, all);
      const twice = requests.filter((r, i) => requests.findIndex((x) => x.itemId === r.itemId) !== i).map((r) => r.itemId);
      if (twice.length) throw ReportErrors.draftTwice([...new Set(twice)].map((itemId) => ({ itemId, row: label(itemId) })));

      const plans: Array<{ item: ReportItemEntity; req: DraftRequestItem; row: string; lead: string | null; coOwners: string[];
        deadline: string }> = [];
      const skipped: DraftResult['skipped'] = [];
      const live = await liveTasksOfReportItems(em, requests.map((r) => r.itemId));
      for (const req of requests) {
        const item = all.find((i) => i.id === req.itemId)!;
        if (item.kind === 'suggestion') throw ReportErrors.notDraftable(item.id, label(item.id));
        const existing = live.get(item.id);
        if (existing) {
          skipped.push({ itemId: item.id, taskId: existing.id, code: existing.code });
          continue;
        }
        const suggestion = suggestionFor(item, context, planYear, today)!;
        plans.push({
          item, req, row: label(item.id), lead: req.leadUnitId ?? suggestion.leadUnitId,
          coOwners: req.coOwnerUnitIds ?? suggestion.coOwnerUnitIds, deadline: req.deadline ?? suggestion.deadline,
        });
      }
      const leaderless = plans.filter((p) => !p.lead).map((p) => ({ itemId: p.item.id, row: p.row, heading: p.item.heading }));
      if (leaderless.length) throw ReportErrors.noLead(leaderless);
      const past = plans.filter((p) => p.deadline < today).map((p) => ({ itemId: p.item.id, row: p.row, deadline: p.deadline }));
      if (past.length) throw ReportErrors.draftDeadlinePast(past);

      const created: TaskView[] = [];
      for (const p of plans) {
        const title = p.req.title ?? (p.item.kind === 'problem' ? `整改：${p.item.heading}` : p.item.heading);
        created.push(await this.writes.create(actor, {
          title: title.slice(0, 200), description: p.item.text, planYear, leadUnitId: p.lead!,
          coOwnerUnitIds: p.coOwners.filter((u) => u !== p.lead), responsibleLeaderId: p.req.responsibleLeaderId ?? null,
          deadline: p.deadline, priority: p.req.priority, jurisdictionId: report.jurisdictionId,
          source: `${report.title ?? report.fileName}·${KIND_LABEL[p.item.kind]}${p.item.ordinal ? ` ${p.item.ordinal}` : ''}`.slice(0, 500),
          reportId, reportItemId: p.item.id,
          sourceSpan: p.item.spanStart === null ? null : { start: p.item.spanStart, end: p.item.spanEnd! },
        }, em).catch((err: unknown) => {
          // the ledger's own refusals (a unit or leader outside the county …) say which row they are about
          if (err instanceof DomainError) throw new DomainError(err.kind, err.code, `${p.row}：${err.message}`, { ...err.details, itemId: p.item.id, row: p.row });
          throw err;
        }));
      }
      return { created, skipped };
    });
  }
}
