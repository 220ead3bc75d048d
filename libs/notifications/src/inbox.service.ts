import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { QueryRow } from '@app/database';
import { storedNoticeTitle } from './notice-title';

/** Whose inbox: a leader's own notices and the unit's (recipient_user_id NULL); the inbox is per unit, not per user. */
export interface InboxOwner {
  userId: string;
  unitId: string;
}

export interface InboxPageQuery {
  unreadOnly?: boolean;
  /** rows per page, already bounded by the caller */
  limit: number;
  /** the (created_at, id) of the last notice of the previous page */
  after?: { at: string; id: string };
}

export interface InboxNotice {
  id: string;
  kind: string;
  title: string;
  body: string;
  period: string | null;
  documentId: string | null;
  taskId: string | null;
  /** a beat's notice: its document's HTML (the table as a table) */
  html: string | null;
  createdAt: Date;
  readAt: Date | null;
}

export interface InboxPage {
  items: InboxNotice[];
  /** whether notices follow the page */
  more: boolean;
  /** of the whole inbox, whatever the page and filter */
  unreadCount: number;
  totalCount: number;
}

/** A notice sent to one user (a leader's escalations), with the document it carries. */
export interface UserNotice {
  id: string;
  kind: string;
  title: string;
  documentId: string | null;
  documentNumber: string | null;
  /** the unit the document is about */
  unitName: string | null;
  createdAt: Date;
  readAt: Date | null;
}

/** The inbox's recipients, `$1` the user and `$2` the unit. */
const OWNED = `(n.recipient_user_id = $1 OR (n.recipient_user_id IS NULL AND n.recipient_unit_id = $2))`;

/**
 * The in-app inbox over the outbox's rows: a page of notices with the counts, and reading them. A notice's title reads
 * as new ones do (storedNoticeTitle). The page and the user's notices join the document they carry for its number
 * and HTML: a LEFT JOIN of supervision_document (supervision's table) in the same statement, an exception to the
 * one-owner rule so that a page stays one read; libs/notifications cannot call libs/domain.
 */
@Injectable()
export class InboxService {
  constructor(private readonly dataSource: DataSource) {}

  /** Newest first, keyset-paged by (created_at, id), with the unread and total counts of the whole inbox. */
  async page(owner: InboxOwner, q: InboxPageQuery): Promise<InboxPage> {
    const values: unknown[] = [owner.userId, owner.unitId];
    const where = [OWNED];
    if (q.unreadOnly) where.push('n.read_at IS NULL');
    if (q.after) {
      values.push(q.after.at, q.after.id);
      where.push(`(n.created_at, n.id) < ($3::timestamptz, $4::uuid)`);
    }
    // a beat's notice carries its document's HTML (the table as a table); a step's notice its task
    const rows: QueryRow[] = await this.dataSource.query(`SELECT n.id, n.kind, n.title, n.body, n.period,
        n.document_id AS "documentId", n.task_id AS "taskId", d.body_html AS html, n.created_at AS "createdAt",
        n.read_at AS "readAt", d.number
      FROM notification n LEFT JOIN supervision_document d ON d.id = n.document_id WHERE ${where.join(' AND ')}
      ORDER BY n.created_at DESC, n.id DESC LIMIT ${q.limit + 1}`, values);
    const items = rows.slice(0, q.limit)
      .map(({ number, ...n }) => ({ ...n, title: storedNoticeTitle(n.title, number) }) as InboxNotice);
    const [{ unread, total }] = await this.dataSource.query(`SELECT count(*) FILTER (WHERE n.read_at IS NULL)::int AS unread,
        count(*)::int AS total FROM notification n WHERE ${OWNED}`, values.slice(0, 2));
    return { items, more: rows.length > q.limit, unreadCount: unread, totalCount: total };
  }

  /** 全部已读: every unread notice of the inbox, in one statement; returns how many were unread. */
  async markAllRead(owner: InboxOwner, at: Date): Promise<number> {
    const [, updated]: [unknown, number] = await this.dataSource.query(`UPDATE notification n SET read_at = $3
      WHERE n.read_at IS NULL AND ${OWNED}`, [owner.userId, owner.unitId, at]);
    return updated;
  }

  /** Marks one notice of the inbox read (the first reading counts); null when the inbox has no such notice. */
  async markRead(owner: InboxOwner, id: string, at: Date): Promise<{ id: string; readAt: Date } | null> {
    const [rows] = await this.dataSource.query(`UPDATE notification n SET read_at = coalesce(n.read_at, $3)
      WHERE n.id = $4 AND ${OWNED} RETURNING n.id, n.read_at AS "readAt"`, [owner.userId, owner.unitId, at, id]);
    return rows?.[0] ?? null;
  }

  /** The newest `limit` notices of `kinds` sent to the user in person, with how many there are and how many unread. */
  async sentToUser(userId: string, kinds: readonly string[], limit: number):
    Promise<{ total: number; unread: number; items: UserNotice[] }> {
    const rows: QueryRow[] = await this.dataSource.query(
      `SELECT n.id, n.kind, n.title, n.document_id, n.created_at, n.read_at, d.number, du.name AS unit_name,
              count(*) OVER () AS total, count(*) FILTER (WHERE n.read_at IS NULL) OVER () AS unread
         FROM notification n
         LEFT JOIN supervision_document d ON d.id = n.document_id LEFT JOIN unit du ON du.id = d.unit_id
        WHERE n.recipient_user_id = $1 AND n.kind = ANY($2::text[])
        ORDER BY n.created_at DESC, n.id DESC
        LIMIT ${limit}`,
      [userId, kinds],
    );
    return {
      total: rows.length ? Number(rows[0].total) : 0,
      unread: rows.length ? Number(rows[0].unread) : 0,
      items: rows.map((r) => ({
        id: r.id, kind: r.kind, title: storedNoticeTitle(r.title, r.number), documentId: r.document_id,
        documentNumber: r.number, unitName: r.unit_name, createdAt: r.created_at, readAt: r.read_at,
      })),
    };
  }
}
