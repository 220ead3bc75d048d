/**
 * The report tables as other modules' SQL may read them: read-only FROM items with the columns they may rely on
 * (the task views' source excerpt, the dashboard's figures per report). PostgreSQL pulls such a plain subquery up into
 * the outer query, so the plans are the table's own. No imports: the tasks module reads these, and reports imports
 * tasks (drafting makes tasks), so a service call the other way would make the two modules depend on each other.
 */

/** One row per imported report: its title as shown (the file name when it has none), years and full text. */
export const REPORT_ROWS = `(SELECT id, title, file_name, report_year, plan_year, created_at, text FROM report)`;
