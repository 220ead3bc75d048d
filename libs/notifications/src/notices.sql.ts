import type { EntityManager } from 'typeorm';

/** A notice row's columns as SQL expressions over the rows' source (documentId and taskId are NULL when left out). */
export interface NoticeColumnsSql {
  /** one notice per key: a key written before is skipped */
  dedupKey: string;
  kind: string;
  jurisdictionId: string;
  recipientUnitId: string;
  /** a leader's own notice; NULL for the unit's */
  recipientUserId: string;
  documentId?: string;
  taskId?: string;
  period: string;
  title: string;
  body: string;
  channels: string;
  createdAt: string;
}

/** Where a batch of notices comes from: `SELECT <columns> FROM <from>`, after the CTEs `with`, over `params`. */
export interface NoticeSource {
  /** CTEs the source reads, without the WITH */
  with?: string;
  /** what follows FROM: the tables, their joins, the WHERE */
  from: string;
  columns: NoticeColumnsSql;
  params: unknown[];
}

/**
 * Writes a batch of notices in the caller's transaction, one INSERT … SELECT whatever their number, the recipients
 * joined in the source's SQL. A dedup key written before is skipped (ON CONFLICT DO NOTHING), so writing the same
 * notices again writes nothing. Returns the new notices' ids, for NotificationDispatcher once the transaction commits.
 */
export async function insertNotices(em: EntityManager, s: NoticeSource): Promise<string[]> {
  const c = s.columns;
  const rows: Array<{ id: string }> = await em.query(
    `${s.with ? `WITH ${s.with}\n` : ''}INSERT INTO notification (dedup_key, kind, jurisdiction_id, recipient_unit_id,
       recipient_user_id, document_id, task_id, period, title, body, channels, created_at)
     SELECT ${c.dedupKey}, ${c.kind}, ${c.jurisdictionId}, ${c.recipientUnitId}, ${c.recipientUserId},
            ${c.documentId ?? 'NULL'}, ${c.taskId ?? 'NULL'}, ${c.period}, ${c.title}, ${c.body}, ${c.channels}, ${c.createdAt}
       FROM ${s.from}
     ON CONFLICT (dedup_key) DO NOTHING
     RETURNING id`, s.params);
  return rows.map((r) => r.id);
}

/** SQL: whether the document `documentIdSql` was sent to the unit `unitIdSql` (a notice to the unit, not a leader). */
export const noticeSentToUnitSql = (documentIdSql: string, unitIdSql: string): string =>
  `EXISTS (SELECT 1 FROM notification n WHERE n.document_id = ${documentIdSql}
        AND n.recipient_unit_id = ${unitIdSql} AND n.recipient_user_id IS NULL)`;

/** SQL: whether the document `documentIdSql` was sent to the user `userIdSql` in person. */
export const noticeSentToUserSql = (documentIdSql: string, userIdSql: string): string =>
  `EXISTS (SELECT 1 FROM notification n
        WHERE n.document_id = ${documentIdSql} AND n.recipient_user_id = ${userIdSql})`;

/** SQL: how many notices the document `documentIdSql` was sent as (to units and leaders). */
export const noticeCountSql = (documentIdSql: string): string =>
  `(SELECT count(*) FROM notification n WHERE n.document_id = ${documentIdSql})`;
