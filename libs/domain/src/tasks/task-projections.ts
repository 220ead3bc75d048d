/**
 * The task module's tables as other modules' set-based SQL may read them: read-only FROM items with the columns they
 * may rely on (the cadence's beats: `FROM ${TASK_ROWS} t`). PostgreSQL pulls such a plain subquery up into the outer
 * query, so plans — the partial index on open deadlines included — are those of the table itself; what the tasks
 * module changes in its tables stays behind these lists. Writes go through the tasks module's services only.
 */

/** One row per task. */
export const TASK_ROWS = `(SELECT id, code, title, jurisdiction_id, lead_unit_id, status, current_deadline, assigned_at,
  completed_at, cancelled_at, progress_percent, last_progress_at, group_id, report_cycle, report_cycle_since FROM task)`;

/** One row per progress update (定期报送 reads the lead unit's as its reports), with the unit and instant. */
export const TASK_PROGRESS = `(SELECT task_id, unit_id, created_at AS at FROM task_progress)`;

/** One row per 工作重点 (task group): its title and place in its plan year's order. */
export const TASK_GROUPS = `(SELECT id, title, plan_year, position FROM task_group)`;

/** One row per 退回 (an office returning a submission), with its instant. */
export const TASK_RETURNS = `(SELECT task_id, at FROM task_event WHERE action = 'return')`;

/** One row per 申请办结 (a unit submitting its task for close-out), with its instant. */
export const TASK_SUBMISSIONS = `(SELECT task_id, at FROM task_event WHERE action = 'submit')`;

/** One row per extension request the office has not decided yet (at most one per task), with its instant. */
export const TASK_PENDING_EXTENSIONS = `(SELECT task_id, requested_deadline, created_at AS requested_at FROM task_extension
  WHERE status = 'pending')`;

/** A task's close-out evidence (申请办结 的佐证材料), the checklist of a 督察抽查 (supervision/spot-checks.service.ts). */
export const TASK_SUBMISSION_EVIDENCE = `(SELECT task_id, file_name, created_at FROM evidence_file WHERE purpose = 'submission')`;

/** A task's close-out note (办结说明), checked by a 督察抽查. */
export const TASK_COMPLETION_NOTES = `(SELECT id AS task_id, completion_note FROM task)`;
