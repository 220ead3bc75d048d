import type { EntityManager } from 'typeorm';

/*
 * What the Excel ledger (ledger-excel) reads of tasks beyond the task list: which sheet rows were imported before, and
 * the lead unit's latest progress note. The task tables are this module's. Set-based: one statement per call.
 */

/** Of these import keys, those a task of the jurisdiction already carries (rows of a sheet imported before). */
export async function importedKeys(em: EntityManager, jurisdictionId: string, importKeys: string[]): Promise<Set<string>> {
  const rows: Array<{ import_key: string }> = await em.query(
    `SELECT import_key FROM task WHERE jurisdiction_id = $1 AND import_key = ANY($2::text[])`, [jurisdictionId, importKeys]);
  return new Set(rows.map((r) => r.import_key));
}

/** The latest progress note of the lead unit for each of these tasks (tasks without one are missing from the map). */
export async function latestLeadProgressNotes(em: EntityManager, taskIds: string[]): Promise<Map<string, string>> {
  if (!taskIds.length) return new Map();
  const rows: Array<{ task_id: string; note: string }> = await em.query(
    `SELECT DISTINCT ON (p.task_id) p.task_id, p.note FROM task_progress p JOIN task t ON t.id = p.task_id
      WHERE p.task_id = ANY($1::uuid[]) AND p.unit_id = t.lead_unit_id ORDER BY p.task_id, p.created_at DESC`, [taskIds]);
  return new Map(rows.map((r) => [r.task_id, r.note]));
}
