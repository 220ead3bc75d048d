import type { EntityManager } from 'typeorm';

/** A DataSource or a transaction's EntityManager. */
type Queryable = Pick<EntityManager, 'query'>;

export interface ChannelStatusCount {
  channel: string;
  status: string;
  n: number;
}

/** created_at of the oldest pending notice in epoch seconds, null when none is pending (partial pending index). */
export async function oldestPendingNoticeAt(q: Queryable): Promise<number | null> {
  const [row] = await q.query(`SELECT extract(epoch FROM min(created_at))::float8 AS at FROM notification WHERE status = 'pending'`);
  return (row?.at as number | null) ?? null;
}

/** The outbox by requested channel and status (a scan of `notification`). */
export function noticeCounts(q: Queryable): Promise<ChannelStatusCount[]> {
  return q.query(`SELECT c.channel, n.status, count(*)::int AS n FROM notification n, unnest(n.channels) AS c(channel) GROUP BY 1, 2`);
}

/** Delivery targets by channel and result (a scan of `notification_delivery`). */
export function deliveryCounts(q: Queryable): Promise<ChannelStatusCount[]> {
  return q.query(`SELECT channel, status, count(*)::int AS n FROM notification_delivery GROUP BY 1, 2`);
}

/** Whether any notice was ever written. */
export async function anyNotice(q: Queryable): Promise<boolean> {
  const [{ any }] = await q.query(`SELECT EXISTS (SELECT 1 FROM notification) AS any`);
  return any;
}
