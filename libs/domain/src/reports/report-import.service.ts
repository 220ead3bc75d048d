import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { OwnerRuleEntity, ReportEntity, ReportItemEntity, ReportItemKind, ReportItemLinkEntity } from '@app/database';
import { parseReport, ParsedReport, ReportItem, ReportParseError } from '@app/report-parser';
import type { Actor } from '../organisation/actor';
import { Clock } from '../common/clock';
import { CandidateUnit, DEFAULT_OWNER_RULES, KeywordRule, suggestOwners } from './owner-suggester';
import { ReportErrors } from './reports.errors';
import { keyTerms, termOverlap } from './text-terms';

export const REPORT_MAX_BYTES = 10 * 1024 * 1024;
/** a measure linked to a problem needs at least this share of key terms in common */
export const LINK_THRESHOLD = 0.12;
/** a problem this close to one of an earlier report of the same body is the same problem again */
export const RECURRENCE_THRESHOLD = 0.3;

export interface ReportUpload {
  bytes: Buffer;
  fileName: string;
  mimeType: string;
  jurisdictionId?: string;
}

export interface ImportSummary {
  id: string;
  title: string | null;
  organization: string | null;
  reportYear: number | null;
  planYear: number | null;
  counts: { problems: number; measures: number; suggestions: number; links: number; recurring: number };
  warnings: Array<{ code: string; message: string }>;
}

interface FlatItem {
  id: string;
  kind: ReportItemKind;
  item: ReportItem;
  parentId: string | null;
  position: number;
}

/** Parses an uploaded report and stores everything about it in one transaction: nothing half-stored. */
@Injectable()
export class ReportImportService {
  private readonly logger = new Logger(ReportImportService.name);

  constructor(private readonly dataSource: DataSource, private readonly clock: Clock) {}

  async import(actor: Actor, upload: ReportUpload): Promise<ImportSummary> {
    if (actor.role !== 'office' && actor.role !== 'admin') throw ReportErrors.officeOnly();
    if (!upload.bytes.length) throw ReportErrors.empty();
    if (upload.bytes.length > REPORT_MAX_BYTES) throw ReportErrors.tooLarge(REPORT_MAX_BYTES / 1048576);
    const jurisdictionId = await this.resolveJurisdiction(actor, upload.jurisdictionId);
    const sha256 = createHash('sha256').update(upload.bytes).digest('hex');
    await this.assertNew(jurisdictionId, sha256);

    let parsed: ParsedReport;
    try {
      parsed = await parseReport({ bytes: upload.bytes, fileName: upload.fileName, mimeType: upload.mimeType });
    } catch (err) {
      if (err instanceof ReportParseError) {
        throw err.code === 'EMPTY' ? ReportErrors.empty() : err.code === 'TOO_LARGE'
          ? ReportErrors.tooLarge(REPORT_MAX_BYTES / 1048576) : ReportErrors.unsupported(err.message);
      }
      throw err;
    }

    const summary = await this.store(actor, upload, jurisdictionId, sha256, parsed).catch(async (err: unknown) => {
      // lost a race with the same upload: answer with the report that won
      if ((err as { code?: string }).code === '23505') await this.assertNew(jurisdictionId, sha256);
      throw err;
    });
    this.logger.log({ reportId: summary.id, ...summary.counts }, 'report imported');
    return summary;
  }

  private store(actor: Actor, upload: ReportUpload, jurisdictionId: string, sha256: string, parsed: ParsedReport) {
    const planYear = parsed.planYear ?? (parsed.reportYear ? parsed.reportYear + 1 : Number(this.clock.today().slice(0, 4)));
    return this.dataSource.transaction(async (em): Promise<ImportSummary> => {
      const reportId = (await em.insert(ReportEntity, {
        jurisdictionId, uploadedBy: actor.userId, fileName: upload.fileName, mimeType: upload.mimeType || 'application/octet-stream',
        byteSize: upload.bytes.length, sha256, original: upload.bytes, encoding: parsed.encoding, sourceType: parsed.sourceType,
        text: parsed.text, title: parsed.title, organization: parsed.organization, reportYear: parsed.reportYear,
        planYear: parsed.planYear, reportDate: parsed.reportDate, docNumber: parsed.docNumber, signer: parsed.signer,
        sections: parsed.sections, warnings: parsed.warnings, parserVersion: parsed.parserVersion, createdAt: this.clock.now(),
      })).identifiers[0].id as string;

      const flat = [
        ...flatten(parsed.problems, 'problem'), ...flatten(parsed.measures, 'measure'), ...flatten(parsed.suggestions, 'suggestion'),
      ];
      const units = await this.candidateUnits(em, jurisdictionId);
      const rules = await this.rules(em, jurisdictionId);
      const recurring = await this.recurrences(em, jurisdictionId, reportId, parsed, flat);
      if (flat.length) {
        await em.insert(ReportItemEntity, flat.map((f) => ({
          id: f.id, reportId, parentId: f.parentId, kind: f.kind, position: f.position, ordinal: f.item.ordinal,
          heading: f.item.heading, text: f.item.text, spanStart: f.item.span.start, spanEnd: f.item.span.end,
          suggestion: f.kind === 'measure' && !f.parentId ? suggestOwners(f.item.text, units, rules, planYear) : null,
          recurrence: recurring.get(f.id) ?? [],
        })));
      }
      const links = suggestLinks(flat.filter((f) => f.kind === 'problem' && !f.parentId),
        flat.filter((f) => f.kind === 'measure' && !f.parentId));
      if (links.length) {
        await em.insert(ReportItemLinkEntity, links.map((l) => ({ ...l, reportId, status: 'suggested' as const })));
      }
      const top = (k: ReportItemKind) => flat.filter((f) => f.kind === k && !f.parentId).length;
      return {
        id: reportId, title: parsed.title, organization: parsed.organization, reportYear: parsed.reportYear, planYear: parsed.planYear,
        counts: { problems: top('problem'), measures: top('measure'), suggestions: top('suggestion'), links: links.length,
          recurring: recurring.size },
        warnings: parsed.warnings,
      };
    });
  }

  private async assertNew(jurisdictionId: string, sha256: string): Promise<void> {
    const existing = await this.dataSource.getRepository(ReportEntity).findOne({ where: { jurisdictionId, sha256 },
      select: { id: true, title: true } });
    if (existing) throw ReportErrors.duplicate(existing.id, existing.title);
  }

  private async resolveJurisdiction(actor: Actor, requested?: string): Promise<string> {
    if (actor.role === 'office') return actor.jurisdictionId;
    if (!requested) throw ReportErrors.jurisdictionRequired();
    const rows: unknown[] = await this.dataSource.query(`SELECT 1 FROM unit WHERE id = $1 AND kind = 'jurisdiction'`, [requested]);
    if (!rows.length) throw ReportErrors.jurisdictionRequired();
    return requested;
  }

  private candidateUnits(em: EntityManager, jurisdictionId: string): Promise<CandidateUnit[]> {
    return em.query(`SELECT u.id, u.name, u.kind FROM unit u JOIN unit j ON j.id = $1
      WHERE u.path LIKE j.path || '%' AND u.kind <> 'jurisdiction' ORDER BY u.code`, [jurisdictionId]);
  }

  private async rules(em: EntityManager, jurisdictionId: string): Promise<KeywordRule[]> {
    const own = await em.find(OwnerRuleEntity, { where: { jurisdictionId }, order: { createdAt: 'ASC' } });
    return [...own.map((r) => ({ keywords: r.keywords, unitId: r.unitId, role: r.role })), ...DEFAULT_OWNER_RULES];
  }

  /** Problems of this report that an earlier report of the same body already named. */
  private async recurrences(em: EntityManager, jurisdictionId: string, reportId: string, parsed: ParsedReport, flat: FlatItem[]) {
    const found = new Map<string, ReportItemEntity['recurrence']>();
    if (!parsed.organization) return found;
    const earlier: Array<{ id: string; report_id: string; report_year: number | null; text: string }> = await em.query(
      `SELECT i.id, i.report_id, r.report_year, i.text FROM report_item i JOIN report r ON r.id = i.report_id
        WHERE r.jurisdiction_id = $1 AND r.organization = $2 AND r.id <> $3 AND i.kind = 'problem'
          AND ($4::int IS NULL OR r.report_year IS NULL OR r.report_year < $4)`,
      [jurisdictionId, parsed.organization, reportId, parsed.reportYear],
    );
    if (!earlier.length) return found;
    const earlierTerms = earlier.map((e) => ({ e, terms: keyTerms(e.text) }));
    for (const f of flat.filter((x) => x.kind === 'problem')) {
      const terms = keyTerms(f.item.text);
      const hits = earlierTerms.map(({ e, terms: t }) => ({ e, score: termOverlap(terms, t).score }))
        .filter((h) => h.score >= RECURRENCE_THRESHOLD).sort((a, b) => b.score - a.score).slice(0, 3);
      if (hits.length) {
        found.set(f.id, hits.map(({ e, score }) => ({ reportId: e.report_id, itemId: e.id, reportYear: e.report_year, text: e.text,
          similarity: Math.round(score * 100) / 100 })));
      }
    }
    return found;
  }
}

function flatten(items: ReportItem[], kind: ReportItemKind, parentId: string | null = null, out: FlatItem[] = []): FlatItem[] {
  items.forEach((item) => {
    const id = crypto.randomUUID();
    out.push({ id, kind, item, parentId, position: out.length });
    flatten(item.children, kind, id, out);
  });
  return out;
}

/** Measures that share key terms with a problem (with children's text counted in), best first. */
export function suggestLinks(problems: FlatItem[], measures: FlatItem[]) {
  const links: Array<{ problemItemId: string; measureItemId: string; score: number; terms: string[] }> = [];
  const measureTerms = measures.map((m) => ({ m, terms: keyTerms(m.item.text) }));
  for (const p of problems) {
    const terms = keyTerms(p.item.text);
    for (const { m, terms: mt } of measureTerms) {
      const { score, shared } = termOverlap(terms, mt);
      if (score >= LINK_THRESHOLD && shared.length >= 1) {
        links.push({ problemItemId: p.id, measureItemId: m.id, score: Math.round(score * 100) / 100, terms: shared.slice(0, 8) });
      }
    }
  }
  return links;
}
