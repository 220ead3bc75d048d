import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { LinkStatus, OwnerRuleEntity, QueryRow, ReportEntity, ReportItemEntity, ReportItemKind, ReportItemLinkEntity } from '@app/database';
import type { ReportMetadata } from '@app/report-parser';
import type { Actor } from '../organisation/actor';
import { Clock } from '../common/clock';
import { STATUS_LABELS } from '../tasks/task-workflow';
import { TASK_OUTCOME_LABELS, TaskOutcome } from '../tasks/task-outcomes.queries';
import { liveTaskCountsByReport, lockTasksOfReport, releaseReportSource, tasksOfReportItems } from '../tasks/task-report-links.queries';
import { TaskErrors } from '../tasks/tasks.errors';
import { draftPlanYearOf, lockReportItems, ownerContext, planYearOf, suggestionFor } from './report-context';
import { ReportErrors } from './reports.errors';

export interface ItemTaskRef {
  id: string;
  code: string;
  status: string;
  statusLabel: string;
  leadUnitName: string;
  currentDeadline: string;
  /** what became of it: 按期办结, 延期后办结, 逾期办结, 未办结（结转）, 已撤销, 在办, 未交办 (docs/report-import.md) */
  outcome: TaskOutcome;
  outcomeLabel: string;
}

export interface ReportItemView {
  id: string;
  kind: ReportItemKind;
  parentId: string | null;
  ordinal: string | null;
  heading: string;
  text: string;
  span: { start: number; end: number } | null;
  manual: boolean;
  suggestion: ReportItemEntity['suggestion'];
  recurrence: Array<ReportItemEntity['recurrence'][number] & { tasks: ItemTaskRef[] }>;
  tasks: ItemTaskRef[];
  children: ReportItemView[];
}

export interface ReportView extends ReportMetadata {
  id: string;
  jurisdictionId: string;
  fileName: string;
  encoding: string;
  sourceType: string;
  byteSize: number;
  sha256: string;
  parserVersion: string;
  createdAt: Date;
  text: string;
  sections: ReportEntity['sections'];
  warnings: ReportEntity['warnings'];
  problems: ReportItemView[];
  measures: ReportItemView[];
  suggestions: ReportItemView[];
  links: Array<{ problemItemId: string; measureItemId: string; score: number; terms: string[]; status: LinkStatus }>;
  coverage: { problemsWithoutMeasure: string[]; measuresWithoutProblem: string[] };
  /** the business day the suggestions were worked out on: a deadline before it has passed */
  today: string;
  /** the plan year drafts go to unless the office picks another (draftPlanYearOf) */
  draftPlanYear: number;
}

export interface ItemInput {
  kind: ReportItemKind;
  text: string;
  heading?: string;
  parentId?: string | null;
}

/** Reading and curating imported reports: items, links, owner rules. Office work, scoped to the jurisdiction. */
@Injectable()
export class ReportsService {
  constructor(private readonly dataSource: DataSource, private readonly clock: Clock) {}

  async list(actor: Actor) {
    this.assertOffice(actor);
    const rows: Array<QueryRow> = await this.dataSource.query(
      `SELECT r.id, r.file_name, r.title, r.organization, r.report_year, r.plan_year, r.report_date, r.created_at,
              jsonb_array_length(r.warnings) AS warning_count,
              (SELECT count(*) FROM report_item i WHERE i.report_id = r.id AND i.kind = 'problem' AND i.parent_id IS NULL)::int AS problems,
              (SELECT count(*) FROM report_item i WHERE i.report_id = r.id AND i.kind = 'measure' AND i.parent_id IS NULL)::int AS measures
         FROM report r ${actor.role === 'admin' ? '' : 'JOIN unit j ON j.id = r.jurisdiction_id WHERE j.path LIKE $1'}
        ORDER BY r.created_at DESC, r.id`,
      actor.role === 'admin' ? [] : [`${actor.jurisdictionPath}%`],
    );
    const tasks = await liveTaskCountsByReport(this.dataSource.manager, rows.map((r) => r.id));
    return rows.map((r) => ({ id: r.id, fileName: r.file_name, title: r.title, organization: r.organization,
      reportYear: r.report_year, planYear: r.plan_year, reportDate: r.report_date, createdAt: r.created_at,
      warningCount: r.warning_count, counts: { problems: r.problems, measures: r.measures, tasks: tasks.get(r.id) ?? 0 } }));
  }

  async get(actor: Actor, id: string): Promise<ReportView> {
    const report = await this.loadScoped(actor, id, this.dataSource.manager, true);
    const items = await this.dataSource.getRepository(ReportItemEntity).find({ where: { reportId: id }, order: { position: 'ASC' } });
    const links = await this.dataSource.getRepository(ReportItemLinkEntity).find({ where: { reportId: id }, order: { score: 'DESC' } });
    const earlierIds = items.flatMap((i) => i.recurrence.map((r) => r.itemId));
    const tasks = await this.tasksOf([...items.map((i) => i.id), ...earlierIds]);
    // suggestions as of today (a deadline stored at import may have passed since); problems get one for 整改任务
    const today = this.clock.today();
    const planYear = planYearOf(report, today);
    const context = await ownerContext(this.dataSource.manager, report.jurisdictionId);
    const views = new Map<string, ReportItemView>();
    for (const i of items) {
      views.set(i.id, {
        id: i.id, kind: i.kind, parentId: i.parentId, ordinal: i.ordinal, heading: i.heading, text: i.text,
        span: i.spanStart === null ? null : { start: i.spanStart, end: i.spanEnd! }, manual: i.manual,
        suggestion: i.parentId === null ? suggestionFor(i, context, planYear, today) : i.suggestion,
        recurrence: i.recurrence.map((r) => ({ ...r, tasks: tasks.get(r.itemId) ?? [] })), tasks: tasks.get(i.id) ?? [], children: [],
      });
    }
    const roots: ReportItemView[] = [];
    for (const v of views.values()) (v.parentId && views.get(v.parentId) ? views.get(v.parentId)!.children : roots).push(v);
    const live = links.filter((l) => l.status !== 'rejected');
    const top = (k: ReportItemKind) => roots.filter((r) => r.kind === k);
    return {
      id: report.id, jurisdictionId: report.jurisdictionId, fileName: report.fileName, encoding: report.encoding,
      sourceType: report.sourceType, byteSize: report.byteSize, sha256: report.sha256, title: report.title,
      organization: report.organization, reportYear: report.reportYear, planYear: report.planYear, reportDate: report.reportDate,
      docNumber: report.docNumber, signer: report.signer, parserVersion: report.parserVersion, createdAt: report.createdAt,
      text: report.text, sections: report.sections, warnings: report.warnings,
      problems: top('problem'), measures: top('measure'), suggestions: top('suggestion'),
      links: links.map((l) => ({ problemItemId: l.problemItemId, measureItemId: l.measureItemId, score: l.score, terms: l.terms,
        status: l.status })),
      coverage: {
        problemsWithoutMeasure: top('problem').filter((p) => !live.some((l) => l.problemItemId === p.id)).map((p) => p.id),
        measuresWithoutProblem: top('measure').filter((m) => !live.some((l) => l.measureItemId === m.id)).map((m) => m.id),
      },
      today, draftPlanYear: draftPlanYearOf(report, today),
    };
  }

  /** A report's title, as the office names it (the parser found none, or not the right one). */
  async rename(actor: Actor, id: string, title: string): Promise<{ id: string; title: string }> {
    await this.dataSource.transaction(async (em) => {
      await this.loadScoped(actor, id, em);
      await em.update(ReportEntity, { id }, { title });
    });
    return { id, title };
  }

  /**
   * Only while no task, draft or published, comes from it: a task keeps its report as its source (the office is told
   * to cancel them first). Cancelled ones let go of their source.
   */
  async delete(actor: Actor, id: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      await this.loadScoped(actor, id, em);
      await lockReportItems(em, id, []); // no drafting from it meanwhile
      const live = (await lockTasksOfReport(em, id)).filter((t) => t.status !== 'cancelled');
      if (live.length) throw ReportErrors.hasTasks(live.map((t) => t.code), live.filter((t) => t.status === 'draft').length);
      await releaseReportSource(em, id);
      await em.delete(ReportEntity, { id });
    });
  }

  /** Confirms, rejects or adds a problem ↔ measure link. */
  async setLink(actor: Actor, reportId: string, problemItemId: string, measureItemId: string, status: LinkStatus) {
    await this.dataSource.transaction(async (em) => {
      await this.loadScoped(actor, reportId, em);
      const all = await lockReportItems(em, reportId, [problemItemId, measureItemId]);
      const problem = all.find((i) => i.id === problemItemId)!;
      const measure = all.find((i) => i.id === measureItemId)!;
      if (problem.kind !== 'problem' || measure.kind !== 'measure') throw ReportErrors.linkKinds();
      await em.query(`INSERT INTO report_item_link (problem_item_id, measure_item_id, report_id, score, status)
        VALUES ($1, $2, $3, 1, $4) ON CONFLICT (problem_item_id, measure_item_id) DO UPDATE SET status = EXCLUDED.status`,
      [problemItemId, measureItemId, reportId, status]);
    });
    return (await this.get(actor, reportId)).links;
  }

  async listRules(actor: Actor) {
    this.assertOffice(actor);
    return this.dataSource.query(`SELECT r.id, r.keywords, r.unit_id AS "unitId", u.name AS "unitName", r.role, r.created_at AS "createdAt"
      FROM owner_rule r JOIN unit u ON u.id = r.unit_id WHERE r.jurisdiction_id = $1 ORDER BY r.created_at`, [actor.jurisdictionId]);
  }

  async addRule(actor: Actor, input: { keywords: string[]; unitId: string; role: 'lead' | 'co_owner' }) {
    if (actor.role !== 'office') throw ReportErrors.officeOnly();
    const inside: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM unit u JOIN unit j ON j.id = $2 WHERE u.id = $1 AND u.path LIKE j.path || '%' AND u.kind <> 'jurisdiction'`,
      [input.unitId, actor.jurisdictionId]);
    if (!inside.length) throw TaskErrors.unitNotInJurisdiction(input.unitId);
    await this.dataSource.getRepository(OwnerRuleEntity).insert({ jurisdictionId: actor.jurisdictionId,
      keywords: [...new Set(input.keywords.map((k) => k.trim()).filter(Boolean))], unitId: input.unitId, role: input.role });
    return this.listRules(actor);
  }

  async deleteRule(actor: Actor, ruleId: string): Promise<void> {
    if (actor.role !== 'office') throw ReportErrors.officeOnly();
    const { affected } = await this.dataSource.getRepository(OwnerRuleEntity).delete({ id: ruleId, jurisdictionId: actor.jurisdictionId });
    // another jurisdiction's rule is as unknown as a missing one
    if (!affected) throw ReportErrors.ruleNotFound(ruleId);
  }

  async loadScoped(actor: Actor, id: string, em: EntityManager = this.dataSource.manager, withText = false): Promise<ReportEntity> {
    this.assertOffice(actor);
    const qb = em.getRepository(ReportEntity).createQueryBuilder('r').where('r.id = :id', { id });
    if (withText) qb.addSelect('r.text');
    if (actor.role !== 'admin') {
      qb.innerJoin('unit', 'j', 'j.id = r.jurisdiction_id').andWhere('j.path LIKE :prefix', { prefix: `${actor.jurisdictionPath}%` });
    }
    const report = await qb.getOne();
    if (!report) throw ReportErrors.notFound(id);
    return report;
  }

  async itemView(actor: Actor, reportId: string, itemId: string): Promise<ReportItemView> {
    const view = await this.get(actor, reportId);
    const find = (items: ReportItemView[]): ReportItemView | undefined =>
      items.map((i) => (i.id === itemId ? i : find(i.children))).find(Boolean);
    return find([...view.problems, ...view.measures, ...view.suggestions])!;
  }

  private async tasksOf(itemIds: string[]): Promise<Map<string, ItemTaskRef[]>> {
    const byItem = new Map<string, ItemTaskRef[]>();
    for (const t of await tasksOfReportItems(this.dataSource.manager, itemIds)) {
      const list = byItem.get(t.reportItemId) ?? [];
      list.push({ id: t.id, code: t.code, status: t.status, statusLabel: STATUS_LABELS[t.status],
        leadUnitName: t.leadUnitName, currentDeadline: t.currentDeadline, outcome: t.outcome, outcomeLabel: TASK_OUTCOME_LABELS[t.outcome] });
      byItem.set(t.reportItemId, list);
    }
    return byItem;
  }

  private assertOffice(actor: Actor): void {
    if (actor.role !== 'office' && actor.role !== 'admin') throw ReportErrors.officeOnly();
  }
}

/** The short title a ledger shows: the first clause or sentence. */
export function firstClause(text: string): string {
  const m = /^(.{4,60}?)[。；;！!？?]/.exec(text);
  return (m ? m[1] : text.slice(0, 60)).trim();
}
