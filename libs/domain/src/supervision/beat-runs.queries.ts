import type { EntityManager } from 'typeorm';

/** A DataSource or a transaction's EntityManager. */
type Queryable = Pick<EntityManager, 'query'>;

export interface BeatRunCount {
  beat: string;
  outcome: string;
  n: number;
  /** the newest such run's created_at, epoch seconds */
  lastAt: number;
}

/** The beats' runs by beat and outcome (a row per jurisdiction, beat and period: a small table). */
export async function beatRunCounts(q: Queryable): Promise<BeatRunCount[]> {
  const rows: Array<{ beat: string; outcome: string; n: number; last_at: number }> = await q.query(
    `SELECT beat, outcome, count(*)::int AS n, extract(epoch FROM max(created_at))::float8 AS last_at FROM beat_run GROUP BY 1, 2`);
  return rows.map((b) => ({ beat: b.beat, outcome: b.outcome, n: b.n, lastAt: b.last_at }));
}

/** Whether any beat ever ran against this database. */
export async function anyBeatRun(q: Queryable): Promise<boolean> {
  const [{ any }] = await q.query(`SELECT EXISTS (SELECT 1 FROM beat_run) AS any`);
  return any;
}
