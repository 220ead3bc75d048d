import type { EntityManager } from 'typeorm';
import type { TaskStatus } from '@app/database';
import { TaskOutcome, taskOutcomeSql } from './task-outcomes.queries';

/*
 * Tasks as seen from the report they came from (task.report_id, task.report_item_id): the reports module reads and
 * lets go of these links through here, since the task table is this module's. Set-based: one statement per call.
 */

/** A task made from a report item, for the item's view. */
export interface ReportItemTaskRow {
  id: string;
  code: string;
  status: TaskStatus;
  reportItemId: string;
  currentDeadline: string;
  leadUnitName: string;
  /** what became of it (按期办结 …), as the year-end outcome says it */
  outcome: TaskOutcome;
}

/** Tasks not cancelled, per report; a report without any is missing from the map. */
export async function liveTaskCountsByReport(em: EntityManager, reportIds: string[]): Promise<Map<string, number>> {
  if (!reportIds.length) return new Map();
  const rows: Array<{ report_id: string; n: number }> = await em.query(
    `SELECT report_id, count(*)::int AS n FROM task WHERE report_id = ANY($1::uuid[]) AND status <> 'cancelled'
      GROUP BY report_id`, [reportIds]);
  return new Map(rows.map((r) => [r.report_id, r.n]));
}

/** Every task made from the report, cancelled ones too, by code; locked (FOR UPDATE) until the caller's transaction ends. */
export function lockTasksOfReport(em: EntityManager, reportId: string): Promise<Array<{ id: string; code: string; status: TaskStatus }>> {
  return em.query(`SELECT id, code, status FROM task WHERE report_id = $1 ORDER BY code FOR UPDATE`, [reportId]);
}

/** The tasks made from the report let go of it (report, item and source span), so the report can be deleted. */
export async function releaseReportSource(em: EntityManager, reportId: string): Promise<void> {
  await em.query(`UPDATE task SET report_id = NULL, report_item_id = NULL, source_span_start = NULL, source_span_end = NULL,
      version = version + 1 WHERE report_id = $1`, [reportId]);
}

/** The tasks made from these report items (any status), with their lead unit's name, by code. */
export async function tasksOfReportItems(em: EntityManager, itemIds: string[]): Promise<ReportItemTaskRow[]> {
  if (!itemIds.length) return [];
  const rows: Array<{ id: string; code: string; status: TaskStatus; report_item_id: string; current_deadline: string;
    lead_unit_name: string; outcome: TaskOutcome }> = await em.query(
    `SELECT t.id, t.code, t.status, t.report_item_id, t.current_deadline, u.name AS lead_unit_name, ${taskOutcomeSql('t')} AS outcome
       FROM task t JOIN unit u ON u.id = t.lead_unit_id WHERE t.report_item_id = ANY($1::uuid[]) ORDER BY t.code`, [itemIds]);
  return rows.map((r) => ({ id: r.id, code: r.code, status: r.status, reportItemId: r.report_item_id,
    currentDeadline: r.current_deadline, leadUnitName: r.lead_unit_name, outcome: r.outcome }));
}

/**
 * The first task (by code, any status, cancelled too) made from any of these report items, or null; share-locked so it
 * cannot be repointed or deleted while the caller changes the items.
 */
export async function firstTaskOfReportItems(em: EntityManager, itemIds: string[]): Promise<{ code: string; reportItemId: string } | null> {
  const [task]: Array<{ code: string; report_item_id: string }> = await em.query(
    `SELECT code, report_item_id FROM task WHERE report_item_id = ANY($1::uuid[]) ORDER BY code LIMIT 1 FOR SHARE`, [itemIds]);
  return task ? { code: task.code, reportItemId: task.report_item_id } : null;
}

/** The task not cancelled made from each of these report items (the first by code, should there be more). */
export async function liveTasksOfReportItems(em: EntityManager, itemIds: string[]): Promise<Map<string, { id: string; code: string }>> {
  if (!itemIds.length) return new Map();
  const rows: Array<{ id: string; code: string; report_item_id: string }> = await em.query(
    `SELECT DISTINCT ON (report_item_id) id, code, report_item_id FROM task
      WHERE report_item_id = ANY($1::uuid[]) AND status <> 'cancelled' ORDER BY report_item_id, code`, [itemIds]);
  return new Map(rows.map((r) => [r.report_item_id, { id: r.id, code: r.code }]));
}
