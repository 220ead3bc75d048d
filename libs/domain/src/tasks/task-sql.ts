import { businessDateSql } from '../common/clock';
import { OPEN_STATUSES } from './task-workflow';

/** SQL fragments over a task aliased `t`, shared by the ledger's lists and the dashboard's figures. */

/** The open statuses as an SQL list: `t.status IN ${OPEN_SQL}`. */
export const OPEN_SQL = `('${OPEN_STATUSES.join("', '")}')`;

/** Completed (approved) on or before the current deadline, by the Beijing date of the approval. */
export const ON_TIME_SQL = `(t.status = 'completed' AND ${businessDateSql('t.completed_at')} <= t.current_deadline)`;

/**
 * Overdue at the instant `end` (SQL, timestamptz) with `lastDay` (SQL date) its eve: published before, deadline on or
 * before that day, neither completed nor cancelled by then — the monthly bulletin's month-end rule.
 */
export const overdueAtSql = (end: string, lastDay: string) =>
  `(t.assigned_at < ${end} AND t.current_deadline <= ${lastDay}
    AND NOT (t.status = 'completed' AND t.completed_at < ${end}) AND NOT (t.status = 'cancelled' AND t.cancelled_at < ${end}))`;
