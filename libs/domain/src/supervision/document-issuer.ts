import type { EntityManager } from 'typeorm';
import type { Channel, DocumentKind, Recipient } from './cadence-policy';
import { documentNumber, renderHtml, renderText, sheetOf } from './render';
import type { QueryRow } from '@app/database';
import { insertNotices } from '@app/notifications';

export interface IssueContext {
  jurisdictionId: string;
  date: string; // Beijing date of the run
  asOf: Date;
  /** 发文机关全称: the 版头 and 落款 */
  issuer: string;
  /** 机关代字: the head of the 文号 */
  issuerCode: string;
  /** the office unit's name (抄送) */
  officeName: string;
  /** the jurisdiction's default leader: receives what goes to `leaders` for a unit without a leader in charge */
  defaultLeaderId: string | null;
}

export interface DocumentGroup {
  unitId: string;
  unitName: string;
  content: QueryRow;
  /** tasks this document acts on; each (markKind, task, unit, ref) is recorded once, so the step never repeats */
  marks?: Array<{ taskId: string; ref: string }>;
}

export interface IssueResult {
  created: number;
  existing: number;
  notificationIds: string[];
}

/**
 * The number sequence (document_counter) a kind draws from when it is not its own: both kinds of 督办通知单 are
 * numbered 督办〔year〕N号 in one sequence, so no two carry the same 文号.
 */
export const SEQUENCE_OF: Partial<Record<DocumentKind, DocumentKind>> = { ack_supervise: 'supervise' };

// who receives a document d, as (unit_id, user_id) rows
const RECIPIENT_SQL: Record<Recipient, string> = {
  unit: `SELECT d.unit_id, NULL::uuid`,
  // the leaders in charge of the unit; when it has none, the jurisdiction's default leader (the CTE), if an active leader
  leaders: `SELECT u.unit_id, u.id FROM leader_unit lu JOIN app_user u ON u.id = lu.user_id AND u.active
    WHERE lu.unit_id = d.unit_id
    UNION SELECT u.unit_id, u.id FROM app_user u WHERE u.id = (SELECT id FROM default_leader) AND u.active AND u.role = 'leader'
      AND NOT EXISTS (SELECT 1 FROM leader_unit lu JOIN app_user l ON l.id = lu.user_id AND l.active WHERE lu.unit_id = d.unit_id)`,
  office: `SELECT o.id, NULL::uuid FROM office o`, // the CTE below: once per statement, not once per document
  all: `SELECT x.id, NULL::uuid FROM unit x WHERE x.jurisdiction_id = d.jurisdiction_id AND x.kind IN ('office', 'department', 'township')
    UNION SELECT u.unit_id, u.id FROM app_user u JOIN unit x ON x.id = u.unit_id
    WHERE u.role = 'leader' AND u.active AND x.jurisdiction_id = d.jurisdiction_id`,
};

/**
 * Writes one numbered document per group (unique per kind, unit and period), its task marks and its outbox rows, in
 * the caller's transaction, with set-based statements: one INSERT … SELECT FROM unnest per table, whatever the count.
 * The caller holds the beat's advisory lock, so numbers are allocated without gaps.
 */
export async function issueDocuments(em: EntityManager, ctx: IssueContext, spec: {
  kind: DocumentKind;
  period: string;
  groups: DocumentGroup[];
  markKind?: string;
  recipients: Recipient[];
  channels: Channel[];
  /** written as a draft (待签发, bulletins only): no notices now; the office's 签发 writes them (bulletin-review.service.ts) */
  draft?: boolean;
}): Promise<IssueResult> {
  const { kind, period } = spec;
  // one lookup per unit on (kind, unit_id, period) (OFFSET 0 keeps the subquery per unit): planned as a join, or with
  // `unit_id = ANY`, PostgreSQL read every document of the kind and period, which during a province's beat are the
  // thousands the other jurisdictions just wrote (its statistics, taken before the beat, counted none)
  const have: Array<{ unit_id: string }> = spec.groups.length ? await em.query(
    `SELECT d.unit_id FROM unnest($3::uuid[]) AS x (unit_id) CROSS JOIN LATERAL (SELECT d.unit_id FROM supervision_document d
      WHERE d.kind = $1 AND d.unit_id = x.unit_id AND d.period = $2 OFFSET 0) d`,
    [kind, period, spec.groups.map((g) => g.unitId)]) : [];
  const existing = new Set(have.map((h) => h.unit_id));
  const fresh = spec.groups.filter((g) => !existing.has(g.unitId));
  if (!fresh.length) return { created: 0, existing: existing.size, notificationIds: [] };

  const year = Number(ctx.date.slice(0, 4));
  const [{ last_seq: last }] = await em.query(
    `INSERT INTO document_counter (jurisdiction_id, year, kind, last_seq) VALUES ($1, $2, $3, $4)
     ON CONFLICT (jurisdiction_id, year, kind) DO UPDATE SET last_seq = document_counter.last_seq + EXCLUDED.last_seq
     RETURNING last_seq`, [ctx.jurisdictionId, year, SEQUENCE_OF[kind] ?? kind, fresh.length]);
  const first = Number(last) - fresh.length + 1;
  // one json parameter, not seven arrays: PostgreSQL reads a json document of the rendered documents twice as fast
  // as the array literals (jsonb[] above all), and the content travels as an object, not as an escaped string
  const rows = fresh.map((g, i) => {
    const seq = first + i;
    const number = documentNumber(kind, year, seq, ctx.issuerCode);
    const sheet = sheetOf(kind, g.content, { number, unitName: g.unitName, issuer: ctx.issuer, date: ctx.date, period,
      officeName: ctx.officeName, recipients: spec.recipients });
    return { unit_id: g.unitId, seq, number, title: sheet.title, content: g.content, body_text: renderText(sheet),
      body_html: renderHtml(sheet) };
  });
  // a draft keeps what its 签发 needs: who receives it on which channels, and what its 版头 and 抄送 read
  const review: DraftReview | null = spec.draft ? { recipients: spec.recipients, channels: spec.channels, issuer: ctx.issuer,
    officeName: ctx.officeName, defaultLeaderId: ctx.defaultLeaderId } : null;
  const docs: Array<{ id: string; unit_id: string }> = await em.query(
    `INSERT INTO supervision_document (jurisdiction_id, kind, unit_id, period, year, seq, number, title, content, body_text,
       body_html, issued_at, status, review)
     SELECT $1, $2, u.unit_id, $3, $4, u.seq, u.number, u.title, u.content, u.body_text, u.body_html, $5,
            CASE WHEN $7::jsonb IS NULL THEN 'issued' ELSE 'draft' END, $7::jsonb
       FROM json_to_recordset($6::json)
         AS u (unit_id uuid, seq int, number text, title text, content jsonb, body_text text, body_html text)
     ON CONFLICT DO NOTHING
     RETURNING id, unit_id`,
    [ctx.jurisdictionId, kind, period, year, ctx.asOf, JSON.stringify(rows), review && JSON.stringify(review)]);
  const docOf = new Map(docs.map((d) => [d.unit_id, d.id]));

  if (spec.markKind) {
    const m = { task: [] as string[], unit: [] as string[], ref: [] as string[], doc: [] as string[] };
    for (const g of fresh) {
      for (const mark of g.marks ?? []) {
        m.task.push(mark.taskId);
        m.unit.push(g.unitId);
        m.ref.push(mark.ref);
        m.doc.push(docOf.get(g.unitId)!);
      }
    }
    await insertMarks(em, spec.markKind, ctx.asOf, m);
  }

  const notificationIds = spec.draft ? [] : await noticeDocuments(em, { documentIds: docs.map((d) => d.id),
    recipients: spec.recipients, channels: spec.channels, at: ctx.asOf, jurisdictionId: ctx.jurisdictionId,
    defaultLeaderId: ctx.defaultLeaderId });
  return { created: docs.length, existing: existing.size, notificationIds };
}

/** What a draft (待签发) keeps for its 签发: its notices' recipients and channels, and its 版头 / 抄送 as the beat had them. */
export interface DraftReview {
  recipients: Recipient[];
  channels: Channel[];
  issuer: string;
  officeName: string;
  defaultLeaderId: string | null;
}

/**
 * Writes the outbox rows of documents of one jurisdiction (one per recipient, unique by dedup_key), as of `at`: when
 * the beat issues them, or when the office issues a draft.
 */
export async function noticeDocuments(em: EntityManager, n: { documentIds: string[]; recipients: Recipient[]; channels: Channel[];
  at: Date; jurisdictionId: string; defaultLeaderId: string | null }): Promise<string[]> {
  if (!n.recipients.length || !n.documentIds.length) return [];
  const who = [...new Set(n.recipients)].map((r) => RECIPIENT_SQL[r]).join(' UNION ');
  return insertNotices(em, {
    with: `office AS MATERIALIZED (SELECT o.id FROM unit o WHERE o.jurisdiction_id = $4 AND o.kind = 'office'),
      default_leader AS (SELECT $5::uuid AS id)`,
    columns: {
      dedupKey: `d.kind || '|' || coalesce(r.user_id::text, r.unit_id::text) || '|' || d.unit_id || '|' || d.period`,
      kind: 'd.kind', jurisdictionId: 'd.jurisdiction_id', recipientUnitId: 'r.unit_id', recipientUserId: 'r.user_id',
      documentId: 'd.id', period: 'd.period', title: `d.title || ' ' || d.number`, body: 'd.body_text',
      channels: '$2::text[]', createdAt: '$3',
    },
    from: `supervision_document d CROSS JOIN LATERAL (${who}) AS r (unit_id, user_id) WHERE d.id = ANY($1::uuid[])`,
    params: [n.documentIds, n.channels, n.at, n.jurisdictionId, n.defaultLeaderId],
  });
}

export async function insertMarks(em: EntityManager, kind: string, at: Date,
  m: { task: string[]; unit: string[]; ref: string[]; doc: Array<string | null> }): Promise<number> {
  if (!m.task.length) return 0;
  // counted in the database: tens of thousands of marks need not come back to be counted
  const [{ n }] = await em.query(
    `WITH ins AS (
       INSERT INTO supervision_mark (kind, task_id, unit_id, ref, document_id, created_at)
       SELECT $1, x.task_id, x.unit_id, x.ref, x.document_id, $2
         FROM unnest($3::uuid[], $4::uuid[], $5::text[], $6::uuid[]) AS x (task_id, unit_id, ref, document_id)
       ON CONFLICT DO NOTHING RETURNING 1)
     SELECT count(*)::int AS n FROM ins`, [kind, at, m.task, m.unit, m.ref, m.doc]);
  return n;
}
