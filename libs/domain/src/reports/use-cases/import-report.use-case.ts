import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ReportEntity, ReportItemEntity, ReportItemKind, ReportItemLinkEntity } from '@app/database';
import { ParsedReport, ReportItem, ReportParseError } from '@app/report-parser';
import type { Actor } from '../../organisation/actor';
import { Clock } from '../../common/clock';
import type { DomainError } from '../../common/domain-error';
import { suggestOwners } from '../owner-suggester';
import { findRecurrences, LINK_THRESHOLD, ownerContext, planYearOf } from '../report-context';
import { ReportParserService } from '../report-parser.service';
import { ReportErrors } from '../reports.errors';
import { keyTerms, termOverlap } from '../text-terms';

export { LINK_THRESHOLD, RECURRENCE_THRESHOLD } from '../report-context';
export const REPORT_MAX_BYTES = 10 * 1024 * 1024;
/**
 * The most items (problems, measures, suggestions and their sub-items) one report may bring. Real reports have tens;
 * thousands mean a file that is not one report (a 10 MB compilation made 7,000), whose item rows would pass
 * PostgreSQL's 65,535 parameters in one INSERT and whose problem × measure linking would hold the event loop.
 */
export const REPORT_MAX_ITEMS = 1_000;

export interface ReportUpload {
  bytes: Buffer;
  fileName: string;
  mimeType: string;
  jurisdictionId?: string;
}

export interface ImportReportInput {
  actor: Actor;
  upload: ReportUpload;
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

function parseErrorToDomain(err: ReportParseError): DomainError {
  switch (err.code) {
    case 'EMPTY': return ReportErrors.empty();
    case 'TOO_LARGE': return ReportErrors.tooLarge(REPORT_MAX_BYTES / 1048576);
    case 'NO_TEXT': return ReportErrors.pdfNoText(err.message);
    case 'ARCHIVE_TOO_LARGE': return ReportErrors.archiveTooLarge(err.message);
    case 'UNSAFE_XML': return ReportErrors.unsafeXml(err.message);
    case 'PARSE_TIMEOUT': return ReportErrors.parseLimit('REPORT_PARSE_TIMEOUT', err.message);
    case 'PARSE_TOO_COMPLEX': return ReportErrors.parseLimit('REPORT_PARSE_TOO_COMPLEX', err.message);
    case 'PARSE_BUSY': return ReportErrors.parseBusy(err.message);
    default: return ReportErrors.unsupported(err.message);
  }
}

/**
 * Imports an uploaded report: parses it, then stores the report, its items (with owner and deadline suggestions and
 * the problems an earlier report of the same body named) and the suggested problem ↔ measure links in one
 * transaction: nothing half-stored.
 */
@Injectable()
export class ImportReportUseCase {
  private readonly logger = new Logger(ImportReportUseCase.name);

  constructor(private readonly dataSource: DataSource, private readonly clock: Clock, private readonly parser: ReportParserService) {}

  /** `em`: store inside the caller's transaction (an idempotent upload records its key in it). */
  async execute({ actor, upload }: ImportReportInput, em?: EntityManager): Promise<ImportSummary> {
    if (actor.role !== 'office' && actor.role !== 'admin') throw ReportErrors.officeOnly();
    if (!upload.bytes.length) throw ReportErrors.empty();
    if (upload.bytes.length > REPORT_MAX_BYTES) throw ReportErrors.tooLarge(REPORT_MAX_BYTES / 1048576);
    // on the caller's transaction when there is one: a second connection per request could drain the pool
    const jurisdictionId = await this.resolveJurisdiction(actor, upload.jurisdictionId, em);
    const sha256 = createHash('sha256').update(upload.bytes).digest('hex');
    await this.assertNew(jurisdictionId, sha256, em);

    let parsed: ParsedReport;
    try {
      parsed = await this.parser.parse({ bytes: upload.bytes, fileName: upload.fileName, mimeType: upload.mimeType });
    } catch (err) {
      if (err instanceof ReportParseError) throw parseErrorToDomain(err);
      throw err;
    }
    const items = countItems([...parsed.problems, ...parsed.measures, ...parsed.suggestions]);
    if (items > REPORT_MAX_ITEMS) throw ReportErrors.tooManyItems(items, REPORT_MAX_ITEMS);

    const summary = await this.store(actor, upload, jurisdictionId, sha256, parsed, em).catch(async (err: unknown) => {
      // lost a race with the same upload: answer with the report that won (read on a connection of its own: the
      // caller's transaction is aborted)
      if ((err as { code?: string }).code === '23505') await this.assertNew(jurisdictionId, sha256);
      throw err;
    });
    this.logger.log({ reportId: summary.id, ...summary.counts }, 'report imported');
    return summary;
  }

  private store(actor: Actor, upload: ReportUpload, jurisdictionId: string, sha256: string, parsed: ParsedReport,
    outer?: EntityManager) {
    const planYear = planYearOf(parsed, this.clock.today());
    const inTransaction = <T>(work: (em: EntityManager) => Promise<T>) => (outer ? work(outer) : this.dataSource.transaction(work));
    return inTransaction(async (em): Promise<ImportSummary> => {
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
      const { units, rules } = await ownerContext(em, jurisdictionId);
      const recurring = await findRecurrences(em, { id: reportId, jurisdictionId, organization: parsed.organization,
        reportYear: parsed.reportYear }, flat.filter((f) => f.kind === 'problem').map((f) => ({ id: f.id, text: f.item.text })));
      if (flat.length) {
        await em.insert(ReportItemEntity, flat.map((f) => ({
          id: f.id, reportId, parentId: f.parentId, kind: f.kind, position: f.position, ordinal: f.item.ordinal,
          heading: f.item.heading, text: f.item.text, spanStart: f.item.span.start, spanEnd: f.item.span.end,
          suggestion: f.kind === 'measure' && !f.parentId ? suggestOwners(f.item.text, units, rules, planYear, this.clock.today()) : null,
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

  private async assertNew(jurisdictionId: string, sha256: string, em: EntityManager = this.dataSource.manager): Promise<void> {
    const existing = await em.getRepository(ReportEntity).findOne({ where: { jurisdictionId, sha256 },
      select: { id: true, title: true } });
    if (existing) throw ReportErrors.duplicate(existing.id, existing.title);
  }

  private async resolveJurisdiction(actor: Actor, requested?: string, em: EntityManager = this.dataSource.manager): Promise<string> {
    if (actor.role === 'office') return actor.jurisdictionId;
    if (!requested) throw ReportErrors.jurisdictionRequired();
    const rows: unknown[] = await em.query(`SELECT 1 FROM unit WHERE id = $1 AND kind = 'jurisdiction'`, [requested]);
    if (!rows.length) throw ReportErrors.jurisdictionRequired();
    return requested;
  }
}

function countItems(items: ReportItem[]): number {
  return items.reduce((n, item) => n + 1 + countItems(item.children), 0);
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
