import type { EntityManager } from 'typeorm';
import { businessDateSql } from '../common/clock';

/*
 * What became of the tasks made from a report (整改落实情况), for the year-end outcome and for a later report's
 * recurrence. The task table is this module's, so the reports module reads outcomes through here. Set-based: one
 * statement per call.
 */

export const TASK_OUTCOMES = ['on_time', 'extended', 'late', 'carried', 'cancelled', 'open', 'unassigned'] as const;
export type TaskOutcome = (typeof TASK_OUTCOMES)[number];

/** The words the outcome JSON, the report page and the Word document use. */
export const TASK_OUTCOME_LABELS: Record<TaskOutcome, string> = {
  on_time: '按期办结',
  extended: '延期后办结',
  late: '逾期办结',
  carried: '未办结（结转）',
  cancelled: '已撤销',
  open: '在办',
  unassigned: '未交办',
};

/**
 * A task's outcome from its row (`t`), as SQL. Completed: by the original deadline is 按期; after it but by an approved
 * extension's new deadline is 延期后办结; else 逾期 — all on the Beijing date it was approved (completed_at). Cancelled
 * with a successor (task.carried_from_task_id) is 结转, else 撤销. A draft was never assigned to anyone.
 */
export const taskOutcomeSql = (t = 't') => `CASE
    WHEN ${t}.status = 'completed' AND ${businessDateSql(`${t}.completed_at`)} <= ${t}.original_deadline THEN 'on_time'
    WHEN ${t}.status = 'completed' AND ${t}.extension_count > 0 AND ${businessDateSql(`${t}.completed_at`)} <= ${t}.current_deadline THEN 'extended'
    WHEN ${t}.status = 'completed' THEN 'late'
    WHEN ${t}.status = 'cancelled' AND EXISTS (SELECT 1 FROM task n WHERE n.carried_from_task_id = ${t}.id) THEN 'carried'
    WHEN ${t}.status = 'cancelled' THEN 'cancelled'
    WHEN ${t}.status = 'draft' THEN 'unassigned'
    ELSE 'open' END`;

export interface TaskOutcomeRow {
  id: string;
  code: string;
  title: string;
  planYear: number;
  reportItemId: string;
  leadUnitName: string;
  coOwnerNames: string[];
  originalDeadline: string;
  currentDeadline: string;
  extensionCount: number;
  /** the Beijing date the office approved the close-out (销号) */
  completedOn: string | null;
  outcome: TaskOutcome;
  /** the reason given when it was cancelled (or carried over) */
  cancelReason: string | null;
  /** the task of the next plan year that continues it */
  carriedTo: { id: string; code: string; planYear: number } | null;
  /** its evidence files' names, those submitted for 办结 first, then in the order they came */
  evidence: string[];
}

/** Every task made from these report items, with its outcome, by code. */
export async function taskOutcomesOfItems(em: EntityManager, itemIds: string[]): Promise<TaskOutcomeRow[]> {
  if (!itemIds.length) return [];
  const rows: Array<Record<string, unknown>> = await em.query(
    `SELECT t.id, t.code, t.title, t.plan_year, t.report_item_id, u.name AS lead_unit_name,
            COALESCE((SELECT array_agg(cu.name ORDER BY cu.code) FROM task_co_owner c JOIN unit cu ON cu.id = c.unit_id
                       WHERE c.task_id = t.id), '{}') AS co_owner_names,
            t.original_deadline, t.current_deadline, t.extension_count,
            CASE WHEN t.status = 'completed' THEN ${businessDateSql('t.completed_at')}::text END AS completed_on,
            ${taskOutcomeSql('t')} AS outcome,
            CASE WHEN t.status = 'cancelled' THEN (SELECT e.reason FROM task_event e WHERE e.task_id = t.id AND e.action = 'cancel'
                                                     ORDER BY e.at DESC, e.id DESC LIMIT 1) END AS cancel_reason,
            n.id AS next_id, n.code AS next_code, n.plan_year AS next_plan_year,
            COALESCE((SELECT array_agg(f.file_name ORDER BY f.purpose = 'submission' DESC, f.created_at, f.id)
                        FROM evidence_file f WHERE f.task_id = t.id), '{}') AS evidence
       FROM task t JOIN unit u ON u.id = t.lead_unit_id
       LEFT JOIN task n ON n.carried_from_task_id = t.id
      WHERE t.report_item_id = ANY($1::uuid[])
      ORDER BY t.code`, [itemIds]);
  return rows.map((r) => ({
    id: r.id as string, code: r.code as string, title: r.title as string, planYear: r.plan_year as number,
    reportItemId: r.report_item_id as string, leadUnitName: r.lead_unit_name as string, coOwnerNames: r.co_owner_names as string[],
    originalDeadline: r.original_deadline as string, currentDeadline: r.current_deadline as string,
    extensionCount: r.extension_count as number, completedOn: (r.completed_on as string | null) ?? null,
    outcome: r.outcome as TaskOutcome, cancelReason: (r.cancel_reason as string | null) ?? null,
    carriedTo: r.next_id ? { id: r.next_id as string, code: r.next_code as string, planYear: r.next_plan_year as number } : null,
    evidence: [...new Set(r.evidence as string[])],
  }));
}

export interface TaskRef { id: string; code: string; planYear: number }

/**
 * The task this one continues (结转自) and the one that continues it (结转至), for the task page: two columns of a
 * statement over `task t`, carry_from_ref and carry_to_ref, each a TaskRef or null.
 */
const taskRef = (alias: string) => `json_build_object('id', ${alias}.id, 'code', ${alias}.code, 'planYear', ${alias}.plan_year)`;
export const CARRY_CHAIN_COLUMNS = `(SELECT ${taskRef('cf')} FROM task cf WHERE cf.id = t.carried_from_task_id) AS carry_from_ref,
  (SELECT ${taskRef('ct')} FROM task ct WHERE ct.carried_from_task_id = t.id) AS carry_to_ref`;
