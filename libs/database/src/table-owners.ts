/**
 * Which module owns each table: only the owner writes it, and only the owner's SQL reads it (other modules call the
 * owner's services or read its published projections, e.g. tasks/task-projections.ts). `table-owners.spec.ts` holds the
 * tree to it; docs/architecture.md explains the rule and its one standing exception.
 */
export const TABLE_OWNERS: Readonly<Record<string, string>> = {
  // 单位、用户、分管 — the shared reference data: every module's SQL may join these (read-only) for names and scope
  unit: 'domain/organisation',
  app_user: 'domain/organisation',
  leader_unit: 'domain/organisation',
  national_calendar_year: 'domain/calendar',
  national_calendar_day: 'domain/calendar',
  working_day_override: 'domain/calendar',
  idempotency_key: 'domain/idempotency',
  task: 'domain/tasks',
  task_co_owner: 'domain/tasks',
  task_code_counter: 'domain/tasks',
  task_progress: 'domain/tasks',
  task_extension: 'domain/tasks',
  evidence_file: 'domain/tasks',
  evidence_chunk: 'domain/tasks',
  task_event: 'domain/tasks',
  task_group: 'domain/tasks',
  report: 'domain/reports',
  report_item: 'domain/reports',
  report_item_link: 'domain/reports',
  owner_rule: 'domain/reports',
  supervision_document: 'domain/supervision',
  supervision_mark: 'domain/supervision',
  cadence_policy: 'domain/supervision',
  document_counter: 'domain/supervision',
  beat_run: 'domain/supervision',
  // 问责记录: kept beside the assessments they are read with (the annual review)
  accountability_record: 'domain/supervision',
  // 督察抽查: the month's draw and each task's result, read into the quarterly assessment
  spot_check: 'domain/supervision',
  spot_check_item: 'domain/supervision',
  notification: 'notifications',
  notification_delivery: 'notifications',
};

/** The tables any module may read (never write): the organisation's, which every list, document and scope names. */
export const SHARED_REFERENCE_TABLES: readonly string[] = ['unit', 'app_user', 'leader_unit'];

/**
 * Reads of another module's table that stay where they are, and why. libs/notifications sits below libs/domain (the
 * domain writes notices through it), so it cannot call the supervision module: the inbox page and the delivery of a
 * document's notice join the document for its number and HTML in the same read, rather than a second round trip per
 * page or per delivery.
 */
export const READ_EXCEPTIONS: ReadonlyArray<{ module: string; table: string; why: string }> = [
  { module: 'notifications', table: 'supervision_document', why: 'a notice shows and sends its document (number, HTML)' },
];
