import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ReportItemKind } from '@app/database';
import { Clock } from '../common/clock';
import type { Actor } from '../organisation/actor';
import { TASK_OUTCOME_LABELS, TASK_OUTCOMES, TaskOutcome, TaskOutcomeRow, taskOutcomesOfItems } from '../tasks/task-outcomes.queries';
import { renderOutcomeDocx } from './render-outcome-docx';
import { ReportErrors } from './reports.errors';
import { ReportsService } from './reports.service';

/** An item's outcome: a task's, or 未立项 when no task was made from it. */
export const ITEM_OUTCOMES = [...TASK_OUTCOMES, 'untracked'] as const;
export type ItemOutcome = (typeof ITEM_OUTCOMES)[number];
export const ITEM_OUTCOME_LABELS: Record<ItemOutcome, string> = { ...TASK_OUTCOME_LABELS, untracked: '未立项' };

export interface OutcomeTaskView extends TaskOutcomeRow {
  outcomeLabel: string;
}

export interface OutcomeItemView {
  itemId: string;
  kind: Extract<ReportItemKind, 'problem' | 'measure'>;
  ordinal: string | null;
  heading: string;
  text: string;
  outcome: ItemOutcome;
  outcomeLabel: string;
  tasks: OutcomeTaskView[];
}

export interface OutcomeSummary {
  problems: number;
  measures: number;
  /** items (problems and measures) whose outcome is each of these */
  completed: number;
  onTime: number;
  extended: number;
  late: number;
  carried: number;
  cancelled: number;
  open: number;
  unassigned: number;
  untracked: number;
}

export interface ReportOutcomeView {
  reportId: string;
  title: string;
  reportYear: number | null;
  planYear: number | null;
  /** the business day the outcome was read on: 在办 means open on this day */
  asOf: string;
  summary: OutcomeSummary;
  problems: OutcomeItemView[];
  measures: OutcomeItemView[];
}

/**
 * Which task's outcome speaks for an item made into more than one task: a cancelled task is left out when another was
 * made (it was replaced); of the rest the least finished speaks, since the item is done only when all of it is.
 */
const ITEM_RANK: readonly TaskOutcome[] = ['unassigned', 'open', 'carried', 'late', 'extended', 'on_time', 'cancelled'];
function itemOutcome(tasks: TaskOutcomeRow[]): ItemOutcome {
  if (!tasks.length) return 'untracked';
  const live = tasks.filter((t) => t.outcome !== 'cancelled');
  const from = live.length ? live : tasks;
  return ITEM_RANK.find((o) => from.some((t) => t.outcome === o))!;
}

/**
 * The year's outcome of a report (上年问题整改情况): for each problem and top-level measure, the tasks drafted from it
 * and what became of each, a summary, and the Word document the office pastes into next year's report. The office's
 * document: departments and leaders are refused (403) like every report page; another county's report is not found.
 */
@Injectable()
export class ReportOutcomeService {
  constructor(private readonly dataSource: DataSource, private readonly reports: ReportsService, private readonly clock: Clock) {}

  async outcome(actor: Actor, reportId: string): Promise<ReportOutcomeView> {
    if (actor.role !== 'office' && actor.role !== 'admin') throw ReportErrors.officeOnly();
    const em = this.dataSource.manager;
    const report = await this.reports.loadScoped(actor, reportId, em);
    const items: Array<{ id: string; kind: 'problem' | 'measure'; ordinal: string | null; heading: string; text: string }> =
      await em.query(`SELECT id, kind, ordinal, heading, text FROM report_item
        WHERE report_id = $1 AND parent_id IS NULL AND kind IN ('problem', 'measure') ORDER BY position`, [reportId]);
    const byItem = new Map<string, TaskOutcomeRow[]>();
    for (const t of await taskOutcomesOfItems(em, items.map((i) => i.id))) {
      byItem.set(t.reportItemId, [...(byItem.get(t.reportItemId) ?? []), t]);
    }
    const views = items.map((i): OutcomeItemView => {
      const tasks = byItem.get(i.id) ?? [];
      const outcome = itemOutcome(tasks);
      return { itemId: i.id, kind: i.kind, ordinal: i.ordinal, heading: i.heading, text: i.text, outcome,
        outcomeLabel: ITEM_OUTCOME_LABELS[outcome], tasks: tasks.map((t) => ({ ...t, outcomeLabel: TASK_OUTCOME_LABELS[t.outcome] })) };
    });
    const count = (o: ItemOutcome) => views.filter((v) => v.outcome === o).length;
    const summary: OutcomeSummary = {
      problems: views.filter((v) => v.kind === 'problem').length, measures: views.filter((v) => v.kind === 'measure').length,
      completed: count('on_time') + count('extended') + count('late'), onTime: count('on_time'), extended: count('extended'),
      late: count('late'), carried: count('carried'), cancelled: count('cancelled'), open: count('open'),
      unassigned: count('unassigned'), untracked: count('untracked'),
    };
    return { reportId, title: report.title ?? report.fileName.replace(/\.[^.]+$/, ''), reportYear: report.reportYear,
      planYear: report.planYear, asOf: this.clock.today(), summary,
      problems: views.filter((v) => v.kind === 'problem'), measures: views.filter((v) => v.kind === 'measure') };
  }

  /** The outcome as a Word document; its file name is its title. */
  async docx(actor: Actor, reportId: string): Promise<{ fileName: string; body: Buffer }> {
    const view = await this.outcome(actor, reportId);
    const { title, body } = await renderOutcomeDocx(view, actor.unitName);
    return { fileName: `${title}.docx`.replace(/[\\/:*?"<>|\r\n]/g, '_'), body };
  }
}
