import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { SqlParams } from '../common/sql-params';
import type { Actor } from '../organisation/actor';
import type { DocumentKind } from './cadence-policy';
import { storedTitle } from './render';
import { docxFileName, renderDocx } from './render-docx';
import { storedSheet } from './stored-sheet';
import { TASK_ROWS } from '../tasks/task-projections';
import { InboxService, noticeSentToUnitSql, noticeSentToUserSql } from '@app/notifications';

/**
 * Who sees a document (alias d): like tasks — the office its jurisdictions (its own and those below it); a department
 * the documents about its unit and those it was sent (the bulletin); a leader those about the units in charge and
 * those sent to them. Drafts (a bulletin 待签发) only the office and the admin.
 */
export function documentScopeSql(actor: Actor, p: SqlParams, d = 'd'): string {
  switch (actor.role) {
    case 'admin':
      return 'TRUE';
    case 'office':
      return actor.jurisdictionIds.length === 1
        ? `${d}.jurisdiction_id = ${p.add(actor.jurisdictionIds[0])}`
        : `${d}.jurisdiction_id = ANY(${p.add(actor.jurisdictionIds)}::uuid[])`;
    // a draft (待签发) is the office's until it is issued
    case 'department': {
      const unit = p.add(actor.unitId);
      return `${d}.status = 'issued' AND (${d}.unit_id = ${unit} OR ${noticeSentToUnitSql(`${d}.id`, unit)})`;
    }
    case 'leader': {
      const units = p.add(actor.leaderUnitIds);
      return `${d}.status = 'issued' AND (${d}.unit_id = ANY(${units}::uuid[]) OR ${noticeSentToUserSql(`${d}.id`, p.add(actor.userId))})`;
    }
  }
}

export interface DocumentFilter {
  kind?: DocumentKind;
  unitId?: string;
  period?: string;
  limit?: number;
  after?: string;
  /** the first page also counts the filtered list (共 N 份) */
  withTotal?: boolean;
}

export interface InboxQuery {
  unreadOnly?: boolean;
  limit?: number;
  after?: string;
}

const SUMMARY = `d.id, d.kind, d.number, d.title, d.period, d.unit_id AS "unitId", u.name AS "unitName",
  d.jurisdiction_id AS "jurisdictionId", d.issued_at AS "issuedAt", d.status`;

/** Rows as issued, titles as they read today (see storedTitle). */
const titled = <T extends Array<{ title: string; number: string }>>(rows: T): T => {
  for (const r of rows) r.title = storedTitle(r.title, r.number);
  return rows;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Keyset cursors over (timestamp, id), newest first; opaque to clients. */
const encodeCursor = (at: Date, id: string) => Buffer.from(`${new Date(at).toISOString()}|${id}`).toString('base64url');
function decodeCursor(cursor: string): [string, string] {
  const [at, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  if (!id || !UUID.test(id) || Number.isNaN(Date.parse(at))) throw new DomainError('invalid', 'INVALID_CURSOR', '翻页参数无效');
  return [at, id];
}
const pageSize = (limit?: number) => Math.min(Math.max(limit ?? 50, 1), 100);

/** The read side of the cadence: documents, bulletins and assessments in the caller's scope, and the inbox (InboxService's). */
export interface UnitWithoutLeader {
  unitId: string;
  unitName: string;
  openTasks: number;
}

@Injectable()
export class SupervisionQueriesService {
  constructor(private readonly dataSource: DataSource, private readonly clock: Clock, private readonly notices: InboxService) {}

  /**
   * The office's warning: units of its jurisdictions leading open tasks whose 督办通知单 would reach no leader — no
   * active leader in charge of the unit, and no default leader (an active leader) in the jurisdiction's policy — with
   * their open tasks, most first. Only offices and the admin are warned; anyone else gets an empty list.
   */
  async unitsWithoutLeader(actor: Actor): Promise<UnitWithoutLeader[]> {
    if (actor.role !== 'admin' && actor.role !== 'office') return [];
    return this.dataSource.query(
      `SELECT x.id AS "unitId", x.name AS "unitName", count(*)::int AS "openTasks"
         FROM unit x JOIN ${TASK_ROWS} t ON t.lead_unit_id = x.id AND t.status IN ('assigned', 'acknowledged', 'submitted')
         LEFT JOIN cadence_policy p ON p.jurisdiction_id = x.jurisdiction_id
        WHERE ($1::boolean OR x.jurisdiction_id = ANY($2::uuid[])) AND x.kind IN ('department', 'township')
          AND NOT EXISTS (SELECT 1 FROM leader_unit lu JOIN app_user l ON l.id = lu.user_id AND l.active WHERE lu.unit_id = x.id)
          AND NOT EXISTS (SELECT 1 FROM app_user d WHERE d.id::text = p.policy->>'defaultLeaderId' AND d.active AND d.role = 'leader')
        GROUP BY x.id, x.name, x.code ORDER BY "openTasks" DESC, x.code`, [actor.role === 'admin', actor.jurisdictionIds]);
  }

  /** Newest first, keyset-paged by (issued_at, id). */
  async listDocuments(actor: Actor, f: DocumentFilter) {
    const p = new SqlParams();
    const where = [documentScopeSql(actor, p)];
    if (f.kind) where.push(`d.kind = ${p.add(f.kind)}`);
    if (f.unitId) where.push(`d.unit_id = ${p.add(f.unitId)}`);
    if (f.period) where.push(`d.period = ${p.add(f.period)}`);
    const countSql = f.withTotal && !f.after ? `SELECT count(*)::int AS n FROM supervision_document d WHERE ${where.join(' AND ')}` : null;
    const countValues = [...p.values];
    if (f.after) {
      const [at, id] = decodeCursor(f.after);
      where.push(`(d.issued_at, d.id) < (${p.add(at)}::timestamptz, ${p.add(id)}::uuid)`);
    }
    const limit = pageSize(f.limit);
    const [rows, counted] = await Promise.all([
      this.dataSource.query(`SELECT ${SUMMARY} FROM supervision_document d JOIN unit u ON u.id = d.unit_id
        WHERE ${where.join(' AND ')} ORDER BY d.issued_at DESC, d.id DESC LIMIT ${limit + 1}`, p.values),
      countSql ? this.dataSource.query(countSql, countValues) as Promise<Array<{ n: number }>> : null,
    ]);
    const items = titled(rows.slice(0, limit));
    const last = items[items.length - 1];
    const nextCursor = rows.length > limit ? encodeCursor(last.issuedAt, last.id) : null;
    return counted ? { items, nextCursor, total: counted[0].n } : { items, nextCursor };
  }

  async getDocument(actor: Actor, id: string) {
    const p = new SqlParams();
    const [doc] = await this.dataSource.query(`SELECT ${SUMMARY}, d.content, d.body_text AS "text", d.body_html AS "html"
      FROM supervision_document d JOIN unit u ON u.id = d.unit_id WHERE d.id = ${p.add(id)} AND ${documentScopeSql(actor, p)}`, p.values);
    if (!doc) throw new DomainError('not_found', 'DOCUMENT_NOT_FOUND', '文书不存在或无权查看');
    return titled([doc])[0];
  }

  /**
   * The document as a .docx (GB/T 9704), in the same scope as the document itself: 404 DOCUMENT_NOT_FOUND for one the
   * caller may not read. Named `<文号> <标题>.docx`.
   */
  async documentDocx(actor: Actor, id: string): Promise<{ fileName: string; body: Buffer }> {
    const p = new SqlParams();
    const [doc] = await this.dataSource.query(`SELECT d.kind, d.number, d.title, d.period, u.name AS "unitName", d.issued_at AS "issuedAt",
        d.content, d.body_text AS "text",
        (SELECT o.name FROM unit o WHERE o.jurisdiction_id = d.jurisdiction_id AND o.kind = 'office' ORDER BY o.code LIMIT 1) AS "officeName"
      FROM supervision_document d JOIN unit u ON u.id = d.unit_id WHERE d.id = ${p.add(id)} AND ${documentScopeSql(actor, p)}`, p.values);
    if (!doc) throw new DomainError('not_found', 'DOCUMENT_NOT_FOUND', '文书不存在或无权查看');
    const sheet = storedSheet({ ...doc, title: storedTitle(doc.title, doc.number) });
    return { fileName: docxFileName(sheet), body: await renderDocx(sheet) };
  }

  /** The quarter's assessments in the caller's scope, by jurisdiction and rank, with each unit's lines. */
  async assessments(actor: Actor, quarter: string) {
    const p = new SqlParams();
    const items = await this.dataSource.query(`SELECT ${SUMMARY}, (d.content->>'score')::float8 AS score,
        (d.content->>'base')::float8 AS base, (d.content->>'rank')::int AS rank, COALESCE((d.content->>'tied')::boolean, false) AS tied,
        (d.content->>'of')::int AS "of",
        d.content->'lines' AS lines
      FROM supervision_document d JOIN unit u ON u.id = d.unit_id
      WHERE d.kind = 'assessment' AND d.period = ${p.add(quarter)} AND ${documentScopeSql(actor, p)}
      ORDER BY d.jurisdiction_id, rank, u.name, d.id`, p.values);
    return { quarter, items: titled(items) };
  }

  /** Newest first, keyset-paged by (created_at, id), with the unread and total counts of the whole inbox. */
  async inbox(actor: Actor, q: InboxQuery) {
    const after = q.after ? decodeCursor(q.after) : undefined;
    const page = await this.notices.page(actor, { unreadOnly: q.unreadOnly, limit: pageSize(q.limit),
      after: after && { at: after[0], id: after[1] } });
    const last = page.items[page.items.length - 1];
    return { items: page.items, unreadCount: page.unreadCount, totalCount: page.totalCount,
      nextCursor: page.more ? encodeCursor(last.createdAt, last.id) : null };
  }

  /** 全部已读: every unread notice of the caller's inbox, in one statement; returns how many were unread. */
  async markAllRead(actor: Actor): Promise<{ updated: number }> {
    return { updated: await this.notices.markAllRead(actor, this.clock.now()) };
  }

  /** Marks one notice of the caller's inbox read (the first reading counts); others' notices are 404. */
  async markRead(actor: Actor, id: string) {
    const updated = await this.notices.markRead(actor, id, this.clock.now());
    if (!updated) throw new DomainError('not_found', 'NOTIFICATION_NOT_FOUND', '通知不存在或不属于本单位');
    return updated;
  }
}
