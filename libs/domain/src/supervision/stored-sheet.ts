import type { QueryRow } from '@app/database';
import type { DocumentKind } from './cadence-policy';
import { sheetOf, type Sheet } from './render';

/** A document as stored: what it was issued with, and its text as issued. */
export interface StoredDocument {
  kind: DocumentKind;
  number: string;
  /** the title as it reads today (storedTitle) */
  title: string;
  period: string;
  unitName: string;
  /** the jurisdiction's office unit, for documents whose text has no 落款 (issued before it) */
  officeName: string | null;
  issuedAt: Date;
  content: QueryRow;
  text: string;
}

const CHINESE_DATE = /^\d{4}年\d{1,2}月\d{1,2}日$/;
/** The Beijing calendar day of an instant, 2026-03-05 (China keeps UTC+8 all year). */
const beijingDate = (at: Date) => new Date(new Date(at).getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

/**
 * The Sheet a stored document was drawn from, rebuilt from its content as it is issued today (so parts added to a
 * genre render too) with what the policy gave it at the time read back from its text: the 落款 (the line above the
 * 成文日期) and the 抄送 line, which the ladder step's recipients decided. Content that no longer reads as its genre
 * (a shape from before a change) gives the stored text as the body, under the same 版头, 文号 and title.
 */
export function storedSheet(d: StoredDocument): Sheet {
  const lines = d.text.split('\n');
  const dateAt = lines.findLastIndex((l) => CHINESE_DATE.test(l));
  const last = lines[lines.length - 1] ?? '';
  const issuer = (dateAt > 0 && lines[dateAt - 1]) || d.officeName || d.unitName;
  const cc = last.startsWith('抄送：') ? last.slice(3).replace(/。$/, '').split('，').filter(Boolean) : [];
  const date = beijingDate(d.issuedAt);
  try {
    const sheet = sheetOf(d.kind, d.content, { number: d.number, unitName: d.unitName, issuer, date, period: d.period,
      officeName: d.officeName ?? undefined });
    return { ...sheet, title: d.title, cc, ...(dateAt > 0 ? { date: lines[dateAt] } : {}) };
  } catch {
    return { head: lines[0] ?? issuer, number: d.number, title: d.title, to: '', intro: '', columns: [], rows: [],
      outro: '', closing: lines.slice(1, dateAt > 0 ? dateAt - 1 : undefined).filter((l) => l && l !== d.number && l !== d.title)
        .map((l) => l.replace(/^　+/, '')), issuer, date: dateAt > 0 ? lines[dateAt] : date, cc };
  }
}
