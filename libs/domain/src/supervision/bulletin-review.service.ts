import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { businessDate, Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { SqlParams } from '../common/sql-params';
import type { Actor } from '../organisation/actor';
import { leaveNoticeIdsForCommit } from '../tasks/task-notices';
import type { BulletinSummary } from './bulletin-summary';
import { DraftReview, noticeDocuments } from './document-issuer';
import { renderHtml, renderText, sheetOf } from './render';
import { documentScopeSql, SupervisionQueriesService } from './supervision-queries.service';

/** The most a paragraph may hold: a 公文's paragraph, not an attachment (the beat's own run to a few hundred). */
export const SUMMARY_MAX_LENGTH = 2000;

interface DraftRow {
  id: string;
  jurisdiction_id: string;
  kind: string;
  status: 'draft' | 'issued';
  period: string;
  number: string;
  unit_name: string;
  content: Record<string, unknown> & { summary?: BulletinSummary };
  review: DraftReview | null;
}

/**
 * A bulletin under review (cadence policy `bulletinReview`): the monthly beat writes it as a draft (待签发) that sends
 * nothing; the office of its jurisdiction edits the 总体评价 and 下一步工作要求, then issues it (签发): only then are
 * its notices written to the outbox — the recipients and channels the beat would have used — and it takes the time
 * (and 成文日期) of its issue. Its 文号 is the one it was written with. Departments and leaders never see a draft.
 */
@Injectable()
export class BulletinReviewService {
  constructor(private readonly dataSource: DataSource, private readonly clock: Clock,
    private readonly queries: SupervisionQueriesService) {}

  /** Replaces either paragraph (or both) of a draft and renders it again. */
  async editSummary(actor: Actor, id: string, edit: Partial<BulletinSummary>) {
    await this.dataSource.transaction(async (em) => {
      const doc = await this.loadOwn(em, actor, id);
      if (doc.status !== 'draft') throw new DomainError('conflict', 'BULLETIN_ALREADY_ISSUED', `通报 ${doc.number} 已签发，不能再修改`);
      const summary = { overall: edit.overall ?? doc.content.summary?.overall ?? '', nextSteps: edit.nextSteps ?? doc.content.summary?.nextSteps ?? '' };
      for (const [key, label] of [['overall', '总体评价'], ['nextSteps', '下一步工作要求']] as const) {
        if (!summary[key].trim()) throw new DomainError('invalid', 'VALIDATION_FAILED', `${label}不能为空`, { fields: [{ field: key }] });
      }
      await this.render(em, doc, { ...doc.content, summary }, businessDate(this.clock.now()), `status = 'draft'`);
    });
    return this.queries.getDocument(actor, id);
  }

  /** 签发: the draft becomes the issued bulletin and its notices are written once; a second 签发 is 409. */
  async issue(actor: Actor, id: string) {
    const at = this.clock.now();
    await this.dataSource.transaction(async (em) => {
      const doc = await this.loadOwn(em, actor, id);
      if (doc.status !== 'draft' || !doc.review) {
        throw new DomainError('conflict', 'BULLETIN_ALREADY_ISSUED', `通报 ${doc.number} 已签发，不能重复签发`);
      }
      await this.render(em, doc, doc.content, businessDate(at), `status = 'issued', review = NULL, issued_at = $5`, [at]);
      const r = doc.review;
      const ids = await noticeDocuments(em, { documentIds: [doc.id], recipients: r.recipients, channels: r.channels, at,
        jurisdictionId: doc.jurisdiction_id, defaultLeaderId: r.defaultLeaderId });
      leaveNoticeIdsForCommit(em, ids); // dispatched once this commits (the API's NoticeDispatch)
    });
    return this.queries.getDocument(actor, id);
  }

  /** Writes the content and the text and HTML drawn from it, dated `date`, with the further `set`. */
  private async render(em: EntityManager, doc: DraftRow, content: DraftRow['content'], date: string, set: string, extra: unknown[] = []) {
    const r = doc.review!;
    const sheet = sheetOf('bulletin', content, { number: doc.number, unitName: doc.unit_name, issuer: r.issuer, date,
      period: doc.period, officeName: r.officeName, recipients: r.recipients });
    // the row is locked and was a draft; the status condition keeps it so whatever ran before
    await em.query(`UPDATE supervision_document SET content = $2, body_text = $3, body_html = $4, ${set}
      WHERE id = $1 AND status = 'draft'`, [doc.id, content, renderText(sheet), renderHtml(sheet), ...extra]);
  }

  /**
   * The document, locked, when the caller may review it: out of the caller's sight 404 (a draft is out of a department's
   * and a leader's); a bulletin of a jurisdiction that is not the caller's own office's, 403.
   */
  private async loadOwn(em: EntityManager, actor: Actor, id: string): Promise<DraftRow> {
    const p = new SqlParams();
    const [doc]: DraftRow[] = await em.query(`SELECT d.id, d.jurisdiction_id, d.kind, d.status, d.period, d.number, u.name AS unit_name,
        d.content, d.review
      FROM supervision_document d JOIN unit u ON u.id = d.unit_id
      WHERE d.id = ${p.add(id)} AND ${documentScopeSql(actor, p)} FOR UPDATE OF d`, p.values);
    if (!doc) throw new DomainError('not_found', 'DOCUMENT_NOT_FOUND', '文书不存在或无权查看');
    if (actor.role !== 'office' || actor.jurisdictionId !== doc.jurisdiction_id) {
      throw new DomainError('forbidden', 'BULLETIN_REVIEW_FORBIDDEN', '只有本辖区法治办可以修改和签发月通报');
    }
    if (doc.kind !== 'bulletin') throw new DomainError('conflict', 'BULLETIN_ALREADY_ISSUED', '只有待签发的月通报可以修改和签发');
    return doc;
  }
}
