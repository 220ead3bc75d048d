import type { EntityManager } from 'typeorm';
import { OwnerRuleEntity, OwnerSuggestion, Recurrence, ReportItemEntity } from '@app/database';
import { CandidateUnit, currentSuggestion, DEFAULT_OWNER_RULES, KeywordRule, suggestOwners } from './owner-suggester';
import { ReportErrors } from './reports.errors';
import { keyTerms, termOverlap } from './text-terms';

/** a measure linked to a problem needs at least this share of key terms in common */
export const LINK_THRESHOLD = 0.12;
/** a problem this close to one of an earlier report of the same body is the same problem again */
export const RECURRENCE_THRESHOLD = 0.3;

/** What owner suggestions are made from: the units of the jurisdiction and its keyword rules, its own first. */
export async function ownerContext(em: EntityManager, jurisdictionId: string): Promise<{ units: CandidateUnit[]; rules: KeywordRule[] }> {
  const units: CandidateUnit[] = await em.query(`SELECT u.id, u.name, u.kind FROM unit u JOIN unit j ON j.id = $1
    WHERE u.path LIKE j.path || '%' AND u.kind <> 'jurisdiction' ORDER BY u.code`, [jurisdictionId]);
  const own = await em.find(OwnerRuleEntity, { where: { jurisdictionId }, order: { createdAt: 'ASC' } });
  return { units, rules: [...own.map((r) => ({ keywords: r.keywords, unitId: r.unitId, role: r.role })), ...DEFAULT_OWNER_RULES] };
}

/** The plan year a report's measures are for: as written, else the year after the report year, else this year. */
export function planYearOf(report: { planYear: number | null; reportYear: number | null }, today: string): number {
  return report.planYear ?? (report.reportYear ? report.reportYear + 1 : Number(today.slice(0, 4)));
}

/**
 * The plan year drafts go to unless the office picks another: the report's, or this year (the clock's business year)
 * when the report's has passed, so that last year's report imported late does not fill a closed plan year.
 */
export function draftPlanYearOf(report: { planYear: number | null; reportYear: number | null }, today: string): number {
  return Math.max(planYearOf(report, today), Number(today.slice(0, 4)));
}

/**
 * An item's owner and deadline suggestion as of today: the one stored at import (top-level measures), its deadline
 * worked out again once passed; for a problem (a 整改任务) or a sub-item, worked out now. None for 意见建议.
 */
export function suggestionFor(item: Pick<ReportItemEntity, 'kind' | 'text' | 'suggestion'>,
  context: { units: CandidateUnit[]; rules: KeywordRule[] }, planYear: number, today: string): OwnerSuggestion | null {
  if (item.kind === 'suggestion') return null;
  return item.suggestion ? currentSuggestion(item.suggestion, item.text, planYear, today)
    : suggestOwners(item.text, context.units, context.rules, planYear, today);
}

const ROW_WORD = { problem: '问题', measure: '举措', suggestion: '建议' } as const;

/**
 * How the review page counts an item, for messages: 第3条举措 (the third top-level measure in the report's order), or
 * 第3条举措的小项（一） for a sub-item. `all`: the report's items by position.
 */
export function itemRowLabel(item: Pick<ReportItemEntity, 'id' | 'kind' | 'parentId' | 'ordinal'>,
  all: ReadonlyArray<Pick<ReportItemEntity, 'id' | 'kind' | 'parentId'>>): string {
  const top = item.parentId ? all.find((i) => i.id === item.parentId) ?? item : item;
  const n = all.filter((i) => i.kind === top.kind && i.parentId === null).findIndex((i) => i.id === top.id) + 1;
  const row = `第${n}条${ROW_WORD[top.kind]}`;
  return top === item ? row : `${row}的小项${item.ordinal ?? ''}`;
}

/** Problems of a report that an earlier report of the same body already named, at most three each, closest first. */
export async function findRecurrences(
  em: EntityManager,
  report: { id: string; jurisdictionId: string; organization: string | null; reportYear: number | null },
  problems: Array<{ id: string; text: string }>,
): Promise<Map<string, Recurrence[]>> {
  const found = new Map<string, Recurrence[]>();
  if (!report.organization || !problems.length) return found;
  const earlier: Array<{ id: string; report_id: string; report_year: number | null; text: string }> = await em.query(
    `SELECT i.id, i.report_id, r.report_year, i.text FROM report_item i JOIN report r ON r.id = i.report_id
      WHERE r.jurisdiction_id = $1 AND r.organization = $2 AND r.id <> $3 AND i.kind = 'problem'
        AND ($4::int IS NULL OR r.report_year IS NULL OR r.report_year < $4)`,
    [report.jurisdictionId, report.organization, report.id, report.reportYear],
  );
  if (!earlier.length) return found;
  const earlierTerms = earlier.map((e) => ({ e, terms: keyTerms(e.text) }));
  for (const p of problems) {
    const terms = keyTerms(p.text);
    const hits = earlierTerms.map(({ e, terms: t }) => ({ e, score: termOverlap(terms, t).score }))
      .filter((h) => h.score >= RECURRENCE_THRESHOLD).sort((a, b) => b.score - a.score).slice(0, 3);
    if (hits.length) {
      found.set(p.id, hits.map(({ e, score }) => ({ reportId: e.report_id, itemId: e.id, reportYear: e.report_year, text: e.text,
        similarity: Math.round(score * 100) / 100 })));
    }
  }
  return found;
}

/**
 * A report's items, for a change to them or to what is made from them (merge, split, add, edit, delete, links, drafts).
 * Every such writer locks the report row first: items come and go under merge and split, so the report is the one row
 * all of them can find, they take turns on it and cannot deadlock. The items are then read (and locked, so a merge in an
 * earlier report repointing their recurrence waits too) after the wait, so a writer sees what the one before it
 * committed. An item asked for that was there before the wait and is gone after it was merged, split or deleted by
 * the writer before: 409, rather than a foreign-key error on a task or link that points at nothing.
 */
export async function lockReportItems(em: EntityManager, reportId: string, itemIds: string[]): Promise<ReportItemEntity[]> {
  const known: Array<{ id: string }> = itemIds.length
    ? await em.query(`SELECT id FROM report_item WHERE report_id = $1 AND id = ANY($2::uuid[])`, [reportId, itemIds]) : [];
  const unknown = itemIds.find((id) => !known.some((k) => k.id === id));
  if (unknown) throw ReportErrors.itemNotFound(unknown);
  const locked: unknown[] = await em.query(`SELECT 1 FROM report WHERE id = $1 FOR NO KEY UPDATE`, [reportId]);
  if (!locked.length) throw ReportErrors.notFound(reportId);
  const all = await em.getRepository(ReportItemEntity).createQueryBuilder('i').where('i.reportId = :reportId', { reportId })
    .orderBy('i.position', 'ASC').setLock('pessimistic_write').getMany();
  if (itemIds.some((id) => !all.some((i) => i.id === id))) throw ReportErrors.itemChanged();
  return all;
}
