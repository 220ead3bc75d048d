import { DataSource, EntityManager } from 'typeorm';
import { BeatRunCount, beatRunCounts } from '@app/domain';
import { ChannelStatusCount, deliveryCounts, noticeCounts, oldestPendingNoticeAt } from '@app/notifications';

/** What /metrics reads from PostgreSQL; a figure that could not be read in time is null. */
export interface OpsStats {
  /** the outbox by requested channel and status */
  notices: ChannelStatusCount[] | null;
  /** delivery targets by channel and result */
  deliveries: ChannelStatusCount[] | null;
  /** created_at of the oldest pending notice, epoch seconds (null inside: none pending) */
  oldestPending: { at: number | null } | null;
  beats: BeatRunCount[] | null;
}

export type OpsFigure = keyof OpsStats;

/** The longest the four statements can hold the connection together (each has its own statement_timeout). */
export const opsStatsBudgetMs = (statementTimeoutMs: number) => 4 * statementTimeoutMs + 500;

/**
 * Four grouped reads in one read-only transaction, each under `statement_timeout` and behind its own savepoint, so a
 * figure that takes too long is given up alone and the others are still reported; one pooled connection, for a bounded
 * time; the reads are their tables' owners' (libs/notifications, domain/supervision). The cheap ones first: the oldest
 * pending notice (partial pending index) and `beat_run` (a row per jurisdiction, beat and day). The outbox counts scan `notification` and `notification_delivery`: about 1 s per million notices on
 * the 2-core dev box, so past a million or so they time out and are left out (docs/operations.md).
 */
export function readOpsStats(dataSource: DataSource, statementTimeoutMs: number): Promise<OpsStats> {
  return dataSource.transaction(async (em) => {
    await em.query(`SET TRANSACTION READ ONLY`);
    await em.query(`SELECT set_config('statement_timeout', $1, true)`, [String(statementTimeoutMs)]);
    const oldest = await figure(em, async () => ({ at: await oldestPendingNoticeAt(em) }));
    const beats = await figure(em, () => beatRunCounts(em));
    const deliveries = await figure(em, () => deliveryCounts(em));
    const notices = await figure(em, () => noticeCounts(em));
    return { notices, deliveries, oldestPending: oldest, beats };
  });
}

/** One figure behind a savepoint: a statement cancelled by the timeout does not abort the others. */
async function figure<T>(em: EntityManager, read: () => Promise<T>): Promise<T | null> {
  await em.query(`SAVEPOINT figure`);
  try {
    const out = await read();
    await em.query(`RELEASE SAVEPOINT figure`);
    return out;
  } catch {
    await em.query(`ROLLBACK TO SAVEPOINT figure`);
    return null;
  }
}
