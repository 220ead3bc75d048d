import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { LinkStatus, ReportEntity, ReportItemEntity, ReportItemLinkEntity } from '@app/database';
import type { Actor } from '../organisation/actor';
import { Clock } from '../common/clock';
import { firstTaskOfReportItems } from '../tasks/task-report-links.queries';
import { suggestOwners } from './owner-suggester';
import { findRecurrences, LINK_THRESHOLD, lockReportItems, ownerContext, planYearOf } from './report-context';
import { ReportErrors } from './reports.errors';
import { firstClause, ItemInput, ReportItemView, ReportsService } from './reports.service';
import { keyTerms, termOverlap } from './text-terms';

type Span = { start: number; end: number };
interface CarriedLink { counterpartId: string; status: LinkStatus; score: number }

export interface NewItemInput extends ItemInput {
  /** the report's characters the item was picked from (selected in the report text), if any */
  span?: Span;
}

/**
 * Curating the extracted items (add, edit, delete, merge, split), so the list matches what the report means before
 * tasks are made from it. Whatever changes an item's text or kind works out again what is derived from it, in one place
 * (refresh): owner and deadline suggestions, recurrence, suggested links; the office's confirmed and rejected links stay.
 *
 * Spans keep the rule of parsed items, text.slice(start, end) === text, wherever the characters are the report's own:
 * - merge: one stretch of the report, from the first part's start to the last part's end, and the merged text is exactly
 *   those characters (with what the report has between the parts, e.g. "二是" or a line break). That is only true when
 *   no other item lies in between, so such a merge is refused rather than highlighting someone else's words. Parts
 *   edited or added by hand have no characters of their own in the report: their texts are joined with line breaks and
 *   the span is where the spanned parts came from, as for any edited item.
 * - split: each part's span is its own characters (trimmed) inside the original span, so the highlight and a task's
 *   source text split with it. Of an edited item, a part found in the report gets its characters there; when neither
 *   part is found both keep where the item came from; when only one is, the other has no span.
 * Items made from a task (even a cancelled one) are not restructured: the task points at the item.
 */
@Injectable()
export class ReportItemsService {
  constructor(private readonly dataSource: DataSource, private readonly clock: Clock, private readonly reports: ReportsService) {}

  /** An item the parser missed. Picked from the report text it has that span and goes where it is in the report. */
  async add(actor: Actor, reportId: string, input: NewItemInput): Promise<ReportItemView> {
    const id = await this.dataSource.transaction(async (em) => {
      const report = await this.reports.loadScoped(actor, reportId, em, true);
      const all = await lockReportItems(em, reportId, input.parentId ? [input.parentId] : []);
      const text = input.text.trim();
      let span: Span | null = null;
      if (input.span) {
        const { start, end } = input.span;
        if (start >= end || end > report.text.length) throw ReportErrors.itemSpan(report.text.length);
        // a selection with white space around the words: the span is the words, as for parsed items
        const raw = report.text.slice(start, end);
        const lead = raw.length - raw.trimStart().length;
        span = raw.trim() === text ? { start: start + lead, end: start + lead + text.length } : { start, end };
      }
      const parentId = input.parentId ?? null;
      const position = span ? await this.makeRoom(em, all, input.kind, parentId, span.start)
        : Math.max(-1, ...all.map((i) => i.position)) + 1;
      const itemId = crypto.randomUUID();
      await em.insert(ReportItemEntity, {
        id: itemId, reportId, parentId, kind: input.kind, position, ordinal: null, heading: input.heading?.trim() || firstClause(text),
        text, spanStart: span?.start ?? null, spanEnd: span?.end ?? null, manual: true, suggestion: null, recurrence: [],
      });
      await this.refresh(em, report, { id: itemId, text }, []);
      return itemId;
    });
    return this.reports.itemView(actor, reportId, id);
  }

  /**
   * A new text is worked out again like a merged one (suggestions, recurrence, suggested links; confirmed and rejected
   * links stay); the span stays where the item came from. A new kind (top-level items only: sub-items follow their
   * parent) starts the item and its sub-items afresh, links included. Not once a task was made from it.
   */
  async edit(actor: Actor, reportId: string, itemId: string, input: Partial<ItemInput>): Promise<ReportItemView> {
    await this.dataSource.transaction(async (em) => {
      const report = await this.reports.loadScoped(actor, reportId, em, true);
      const all = await lockReportItems(em, reportId, [itemId]);
      const item = all.find((i) => i.id === itemId)!;
      const text = input.text?.trim() || item.text;
      const kind = input.kind ?? item.kind;
      const textChanged = text !== item.text;
      const kindChanged = kind !== item.kind;
      if (kindChanged && item.parentId) throw ReportErrors.childKind();
      await this.assertNoTask(em, all, [item], '修改');
      const heading = input.heading?.trim() || (textChanged ? firstClause(text) : item.heading);
      await em.update(ReportItemEntity, { id: itemId }, { text, heading });
      if (!textChanged && !kindChanged) return;

      const subtree = kindChanged ? [item.id, ...descendants(all, item.id)] : [item.id];
      if (kindChanged) await em.update(ReportItemEntity, { id: In(subtree) }, { kind });
      const carried = kindChanged ? [] : (await this.linksOf(em, [item.id])).filter((l) => l.status !== 'suggested')
        .map((l) => ({ counterpartId: l.problemItemId === item.id ? l.measureItemId : l.problemItemId, status: l.status, score: l.score }));
      await em.query(`DELETE FROM report_item_link WHERE problem_item_id = ANY($1::uuid[]) OR measure_item_id = ANY($1::uuid[])`,
        [subtree]);
      if (kindChanged && item.kind === 'problem') await this.dropRecurrences(em, subtree);
      else if (item.kind === 'problem') await this.repointRecurrences(em, [item.id], [{ id: item.id, text }]);
      for (const id of subtree) {
        await this.refresh(em, report, { id, text: id === item.id ? text : all.find((i) => i.id === id)!.text },
          id === item.id ? carried : []);
      }
    });
    return this.reports.itemView(actor, reportId, itemId);
  }

  /** With its sub-items and links; later reports no longer name it as an earlier occurrence. Not once a task was made from it. */
  async remove(actor: Actor, reportId: string, itemId: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      await this.reports.loadScoped(actor, reportId, em);
      const all = await lockReportItems(em, reportId, [itemId]);
      const item = all.find((i) => i.id === itemId)!;
      await this.assertNoTask(em, all, [item], '删除');
      await this.dropRecurrences(em, [item.id, ...descendants(all, item.id)]);
      await em.delete(ReportItemEntity, { id: item.id });
    });
  }

  async merge(actor: Actor, reportId: string, itemIds: string[]): Promise<ReportItemView> {
    const mergedId = await this.dataSource.transaction(async (em) => {
      const report = await this.reports.loadScoped(actor, reportId, em, true);
      const ids = [...new Set(itemIds)];
      if (ids.length < 2) throw ReportErrors.mergeTooFew();
      const all = await lockReportItems(em, reportId, ids);
      const parts = ids.map((id) => all.find((i) => i.id === id)!);
      if (new Set(parts.map((p) => p.kind)).size > 1) throw ReportErrors.mergeKinds();
      if (new Set(parts.map((p) => p.parentId)).size > 1) throw ReportErrors.mergeLevels();
      await this.assertNoTask(em, all, parts, '合并');
      parts.sort(documentOrder);

      const spanned = parts.filter((p) => p.spanStart !== null);
      const span = spanned.length ? { start: Math.min(...spanned.map((p) => p.spanStart!)), end: Math.max(...spanned.map((p) => p.spanEnd!)) } : null;
      if (span && spanned.length > 1) {
        const inside = new Set([...parts.map((p) => p.id), ...parts.flatMap((p) => descendants(all, p.id))]);
        const ancestors = ancestorsOf(all, parts[0]);
        const between = all.find((i) => !inside.has(i.id) && !ancestors.has(i.id) && i.spanStart !== null
          && i.spanStart < span.end && i.spanEnd! > span.start);
        if (between) throw ReportErrors.mergeNotAdjacent(between.heading);
      }
      const exact = span !== null && parts.every((p) => isExact(p, report.text));
      const text = exact ? report.text.slice(span.start, span.end) : parts.map((p) => p.text).join('\n');

      const id = crypto.randomUUID();
      await em.insert(ReportItemEntity, {
        id, reportId, parentId: parts[0].parentId, kind: parts[0].kind, position: Math.min(...parts.map((p) => p.position)),
        ordinal: parts[0].ordinal, heading: parts[0].heading, text, spanStart: span?.start ?? null, spanEnd: span?.end ?? null,
        manual: parts.every((p) => p.manual), suggestion: null, recurrence: [],
      });
      const partIds = parts.map((p) => p.id);
      await em.query(`UPDATE report_item SET parent_id = $1 WHERE parent_id = ANY($2::uuid[])`, [id, partIds]);

      // a yes for any part holds for the whole; a no about one part is not a no about the others
      const carried = new Map<string, CarriedLink>();
      const rank = { confirmed: 3, suggested: 2, rejected: 1 } as const;
      for (const l of await this.linksOf(em, partIds)) {
        const counterpartId = partIds.includes(l.problemItemId) ? l.measureItemId : l.problemItemId;
        const seen = carried.get(counterpartId);
        if (!seen || rank[l.status] > rank[seen.status]) carried.set(counterpartId, { counterpartId, status: l.status, score: l.score });
      }
      await this.repointRecurrences(em, partIds, [{ id, text }]);
      await em.delete(ReportItemEntity, partIds);
      await this.refresh(em, report, { id, text }, [...carried.values()]);
      return id;
    });
    return this.reports.itemView(actor, reportId, mergedId);
  }

  async split(actor: Actor, reportId: string, itemId: string, at: number): Promise<ReportItemView[]> {
    const partIds = await this.dataSource.transaction(async (em) => {
      const report = await this.reports.loadScoped(actor, reportId, em, true);
      const all = await lockReportItems(em, reportId, [itemId]);
      const item = all.find((i) => i.id === itemId)!;
      await this.assertNoTask(em, all, [item], '拆分');
      if (!Number.isInteger(at) || at <= 0 || at >= item.text.length) throw ReportErrors.splitPoint();
      const raw = [item.text.slice(0, at), item.text.slice(at)];
      const texts = raw.map((r) => r.trim());
      if (texts.some((t) => !t)) throw ReportErrors.splitPoint();

      const exact = isExact(item, report.text);
      const spans: Array<Span | null> = raw.map((r, n) => {
        if (item.spanStart === null) return null;
        if (exact) {
          const from = item.spanStart + (n === 0 ? 0 : at) + (r.length - r.trimStart().length);
          return { start: from, end: from + texts[n].length };
        }
        // an edited item: a part is the report's own only where the report has those characters
        const found = report.text.slice(item.spanStart, item.spanEnd!).indexOf(texts[n]);
        return found < 0 ? null : { start: item.spanStart + found, end: item.spanStart + found + texts[n].length };
      });
      // a part not found keeps where the item came from, unless the other part is the one found there: then its words
      // are the office's own, like an item added by hand
      if (item.spanStart !== null && !exact && !spans[0] && !spans[1]) spans.fill({ start: item.spanStart, end: item.spanEnd! });

      // children go with the part their words are in; one that the split point cuts through cannot go anywhere
      const children = all.filter((c) => c.parentId === item.id);
      const side = new Map<string, 0 | 1>();
      for (const c of children) {
        const from = exact && c.spanStart !== null ? c.spanStart - item.spanStart! : item.text.indexOf(c.text);
        if (from < 0) side.set(c.id, 0);
        else if (from + c.text.length <= at) side.set(c.id, 0);
        else if (from >= at) side.set(c.id, 1);
        else throw ReportErrors.splitInsideChild(c.heading);
      }

      // the second part comes right after the first part and its descendants, before those of the second
      // (within the run of positions the item's subtree occupies; a child added by hand later sits elsewhere)
      const firstSide = new Set(children.filter((c) => side.get(c.id) === 0).flatMap((c) => [c.id, ...descendants(all, c.id)]));
      const subtree = new Set(descendants(all, item.id));
      let after = item.position;
      for (let k = all.indexOf(item) + 1; k < all.length && subtree.has(all[k].id); k++) {
        if (firstSide.has(all[k].id)) after = all[k].position;
      }
      await em.query(`UPDATE report_item SET position = position + 1 WHERE report_id = $1 AND position > $2`, [reportId, after]);
      const ids = [crypto.randomUUID(), crypto.randomUUID()] as const;
      const keepsHeading = texts[0].includes(item.heading);
      await em.insert(ReportItemEntity, [0, 1].map((n) => ({
        id: ids[n], reportId, parentId: item.parentId, kind: item.kind, position: n === 0 ? item.position : after + 1,
        ordinal: n === 0 ? item.ordinal : null, heading: n === 0 && keepsHeading ? item.heading : firstClause(texts[n]),
        text: texts[n], spanStart: spans[n]?.start ?? null, spanEnd: spans[n]?.end ?? null, manual: item.manual,
        suggestion: null, recurrence: [],
      })));
      for (const n of [0, 1] as const) {
        const mine = children.filter((c) => side.get(c.id) === n).map((c) => c.id);
        if (mine.length) await em.query(`UPDATE report_item SET parent_id = $1 WHERE id = ANY($2::uuid[])`, [ids[n], mine]);
      }

      // the office's decisions hold for both halves; a suggestion is a term overlap, so it is worked out again for each
      // half, and one the whole item had stays on the half that shares more terms rather than disappear
      const links = await this.linksOf(em, [item.id]);
      const carried: [CarriedLink[], CarriedLink[]] = [[], []];
      const counterpartText = new Map(all.map((i) => [i.id, i.text]));
      for (const l of links) {
        const counterpartId = l.problemItemId === item.id ? l.measureItemId : l.problemItemId;
        const link = { counterpartId, status: l.status, score: l.score };
        if (l.status !== 'suggested') {
          carried[0].push(link);
          carried[1].push(link);
          continue;
        }
        const other = keyTerms(counterpartText.get(counterpartId) ?? '');
        const scores = texts.map((t) => termOverlap(keyTerms(t), other).score);
        if (scores.every((s) => s < LINK_THRESHOLD)) carried[scores[1] > scores[0] ? 1 : 0].push(link);
      }
      await this.repointRecurrences(em, [item.id], ids.map((id, n) => ({ id, text: texts[n] })));
      await em.delete(ReportItemEntity, { id: item.id });
      for (const n of [0, 1] as const) await this.refresh(em, report, { id: ids[n], text: texts[n] }, carried[n]);
      return ids;
    });
    return Promise.all(partIds.map((id) => this.reports.itemView(actor, reportId, id)));
  }

  /**
   * Room for an item picked from the report among its siblings of its kind, in document order: after the last one
   * (with its sub-items) that starts before it, else before the first one after it; without spanned siblings, last.
   */
  private async makeRoom(em: EntityManager, all: ReportItemEntity[], kind: ReportItemEntity['kind'], parentId: string | null,
    start: number): Promise<number> {
    const spanned = all.filter((i) => i.kind === kind && i.parentId === parentId && i.spanStart !== null);
    const before = spanned.filter((i) => i.spanStart! <= start).sort((a, b) => b.spanStart! - a.spanStart!)[0];
    const after = spanned.filter((i) => i.spanStart! > start).sort((a, b) => a.spanStart! - b.spanStart!)[0];
    if (!before && !after) return Math.max(-1, ...all.map((i) => i.position)) + 1;
    const subtree = before ? new Set([before.id, ...descendants(all, before.id)]) : new Set<string>();
    const at = before ? Math.max(...all.filter((i) => subtree.has(i.id)).map((i) => i.position)) + 1 : after.position;
    await em.query(`UPDATE report_item SET position = position + 1 WHERE report_id = $1 AND position >= $2`, [all[0].reportId, at]);
    return at;
  }

  private async assertNoTask(em: EntityManager, all: ReportItemEntity[], items: ReportItemEntity[], action: string): Promise<void> {
    const ids = items.flatMap((i) => [i.id, ...descendants(all, i.id)]);
    const task = await firstTaskOfReportItems(em, ids);
    if (task) {
      const item = all.find((i) => i.id === task.reportItemId)!;
      throw ReportErrors.itemHasTaskFor(action, item.heading, task.code);
    }
  }

  private linksOf(em: EntityManager, itemIds: string[]): Promise<ReportItemLinkEntity[]> {
    return em.getRepository(ReportItemLinkEntity).createQueryBuilder('l')
      .where('l.problemItemId IN (:...ids) OR l.measureItemId IN (:...ids)', { ids: itemIds }).getMany();
  }

  /**
   * What is derived from an item's text and kind, worked out again for a new, merged, split or edited item (whose old
   * links are gone): owner and deadline suggestions (top-level measures), recurrence (problems), and links: the carried
   * ones with fresh key terms, plus any newly suggested.
   */
  private async refresh(em: EntityManager, report: ReportEntity, item: { id: string; text: string }, carried: CarriedLink[]) {
    const items = await em.find(ReportItemEntity, { where: { reportId: report.id } });
    const self = items.find((i) => i.id === item.id)!;
    const topLevel = self.parentId === null;
    let suggestion: ReportItemEntity['suggestion'] = null;
    if (self.kind === 'measure' && topLevel) {
      const { units, rules } = await ownerContext(em, report.jurisdictionId);
      const today = this.clock.today();
      suggestion = suggestOwners(item.text, units, rules, planYearOf(report, today), today);
    }
    const recurrence = self.kind === 'problem' ? (await findRecurrences(em, report, [item])).get(item.id) ?? [] : [];
    await em.update(ReportItemEntity, { id: item.id }, { suggestion, recurrence });
    if (self.kind === 'suggestion') return;

    const other = self.kind === 'problem' ? 'measure' : 'problem';
    const terms = keyTerms(item.text);
    const rows: Array<Omit<ReportItemLinkEntity, 'reportId'>> = [];
    for (const c of items.filter((i) => i.kind === other)) {
      const kept = carried.find((l) => l.counterpartId === c.id);
      const { score, shared } = termOverlap(terms, keyTerms(c.text));
      const suggested = topLevel && c.parentId === null && score >= LINK_THRESHOLD && shared.length >= 1;
      if (!kept && !suggested) continue;
      const rounded = Math.round(score * 100) / 100;
      rows.push({
        problemItemId: self.kind === 'problem' ? item.id : c.id, measureItemId: self.kind === 'measure' ? item.id : c.id,
        score: kept && kept.status !== 'suggested' ? Math.max(kept.score, rounded) : rounded, terms: shared.slice(0, 8),
        status: kept?.status ?? 'suggested',
      });
    }
    if (rows.length) await em.insert(ReportItemLinkEntity, rows.map((r) => ({ ...r, reportId: report.id })));
  }

  /** Later reports that named these items as an earlier occurrence now name what they became (the closest part). */
  private async repointRecurrences(em: EntityManager, oldIds: string[], now: Array<{ id: string; text: string }>) {
    const rows: Array<{ id: string; text: string; recurrence: ReportItemEntity['recurrence'] }> = await em.query(
      `SELECT id, text, recurrence FROM report_item
        WHERE EXISTS (SELECT 1 FROM jsonb_array_elements(recurrence) e WHERE e->>'itemId' = ANY($1::text[]))`, [oldIds]);
    for (const row of rows) {
      const terms = keyTerms(row.text);
      const best = now.length === 1 ? now[0]
        : now.map((n) => ({ n, score: termOverlap(terms, keyTerms(n.text)).score })).sort((a, b) => b.score - a.score)[0].n;
      const next: ReportItemEntity['recurrence'] = [];
      for (const r of row.recurrence) {
        const entry = oldIds.includes(r.itemId) ? { ...r, itemId: best.id, text: best.text } : r;
        const twin = next.find((x) => x.itemId === entry.itemId);
        if (twin) twin.similarity = Math.max(twin.similarity, entry.similarity);
        else next.push(entry);
      }
      await em.update(ReportItemEntity, { id: row.id }, { recurrence: next });
    }
  }

  /** Items that are no longer problems of their report are no longer an earlier occurrence of anything. */
  private async dropRecurrences(em: EntityManager, oldIds: string[]) {
    await em.query(`UPDATE report_item SET recurrence = COALESCE((SELECT jsonb_agg(e ORDER BY n) FROM jsonb_array_elements(recurrence)
        WITH ORDINALITY AS x(e, n) WHERE NOT e->>'itemId' = ANY($1::text[])), '[]'::jsonb)
      WHERE EXISTS (SELECT 1 FROM jsonb_array_elements(recurrence) e WHERE e->>'itemId' = ANY($1::text[]))`, [oldIds]);
  }
}

/** Parsed and never edited: its text is exactly the report's characters at its span. */
function isExact(item: ReportItemEntity, reportText: string): boolean {
  return item.spanStart !== null && reportText.slice(item.spanStart, item.spanEnd!) === item.text;
}

/** Where they are in the report; items without a span (added by hand) after, in the order they were added. */
function documentOrder(a: ReportItemEntity, b: ReportItemEntity): number {
  if (a.spanStart !== null && b.spanStart !== null) return a.spanStart - b.spanStart || a.position - b.position;
  if (a.spanStart !== null) return -1;
  if (b.spanStart !== null) return 1;
  return a.position - b.position;
}

function descendants(all: ReportItemEntity[], id: string): string[] {
  return all.filter((i) => i.parentId === id).flatMap((c) => [c.id, ...descendants(all, c.id)]);
}

function ancestorsOf(all: ReportItemEntity[], item: ReportItemEntity): Set<string> {
  const out = new Set<string>();
  for (let p = item.parentId; p; p = all.find((i) => i.id === p)?.parentId ?? null) out.add(p);
  return out;
}
