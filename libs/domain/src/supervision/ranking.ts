/**
 * Standard competition ranking ("1224"): units that tie share the best rank of their group, the next unit's rank
 * counts everyone above it. `items` come sorted best first; `same` says whether two neighbours tie on what is ranked
 * (a display tie-break such as the name is not part of it). `tied` marks a rank shared with another unit (并列).
 */
export function competitionRanks<T>(items: readonly T[], same: (a: T, b: T) => boolean): Array<{ rank: number; tied: boolean }> {
  const ranks = items.map(() => ({ rank: 0, tied: false }));
  items.forEach((item, i) => {
    const tiesAbove = i > 0 && same(items[i - 1], item);
    ranks[i].rank = tiesAbove ? ranks[i - 1].rank : i + 1;
    if (tiesAbove) ranks[i].tied = ranks[i - 1].tied = true;
  });
  return ranks;
}

/** A ranked row as stored in a document's content (`tied` absent in documents issued before ties were marked). */
export type Ranked = { rank: number; tied?: boolean };

/** A rank as a table cell shows it: 2, or 并列第2 when shared. */
export const rankLabel = (r: Ranked): string | number => (r.tied ? `并列第${r.rank}` : r.rank);

/** A rank in a sentence: 第2 or 并列第2 (…位/…名 follows). */
export const rankPhrase = (r: Ranked): string => `${r.tied ? '并列' : ''}第${r.rank}`;
