import { DataSource } from 'typeorm';

/** What /metrics reads from PostgreSQL: the outbox by channel and status, delivery results, the beats' runs. */
export interface OpsStats {
  notices: Array<{ channel: string; status: string; n: number }>;
  deliveries: Array<{ channel: string; status: string; n: number }>;
  /** created_at of the oldest pending notice, epoch seconds */
  oldestPendingAt: number | null;
  beats: Array<{ beat: string; outcome: string; n: number; lastAt: number }>;
}

/**
 * Four grouped reads in one read-only transaction whose statements give up after `timeoutMs` (statement_timeout), so a
 * scrape holds at most one pooled connection for a bounded time. The oldest pending notice comes from the partial
 * pending index; the counts scan `notification`, `notification_delivery` and `beat_run` — cheap at a county's volume
 * (tens of thousands of rows a year), and cached between scrapes by the caller (ApiMetrics).
 */
export function readOpsStats(dataSource: DataSource, timeoutMs: number): Promise<OpsStats> {
  return dataSource.transaction(async (em) => {
    await em.query(`SET TRANSACTION READ ONLY`);
    await em.query(`SELECT set_config('statement_timeout', $1, true)`, [String(timeoutMs)]);
    const notices = await em.query(
      `SELECT c.channel, n.status, count(*)::int AS n FROM notification n, unnest(n.channels) AS c(channel) GROUP BY 1, 2`);
    const deliveries = await em.query(
      `SELECT channel, status, count(*)::int AS n FROM notification_delivery GROUP BY 1, 2`);
    const [oldest] = await em.query(
      `SELECT extract(epoch FROM min(created_at))::float8 AS at FROM notification WHERE status = 'pending'`);
    const beats: Array<{ beat: string; outcome: string; n: number; last_at: number }> = await em.query(
      `SELECT beat, outcome, count(*)::int AS n, extract(epoch FROM max(created_at))::float8 AS last_at FROM beat_run GROUP BY 1, 2`);
    return { notices, deliveries, oldestPendingAt: oldest?.at ?? null,
      beats: beats.map((b) => ({ beat: b.beat, outcome: b.outcome, n: b.n, lastAt: b.last_at })) };
  });
}
