import type { EntityManager } from 'typeorm';
import type { BeatName } from '@app/queues';
import { businessDateSql } from '../common/clock';
import { DayCalendar, periodRange } from '../calendar/day-calendar';
import type { CadencePolicy, DocumentKind } from './cadence-policy';
import { DocumentGroup, insertMarks, IssueContext, issueDocuments, IssueResult } from './document-issuer';
import type { QueryRow } from '@app/database';
import { BulletinFigures, bulletinSummary } from './bulletin-summary';
import { competitionRanks } from './ranking';
import { type BulletinFocus, REMINDER_FLAGS } from './render';
import { TASK_GROUPS, TASK_PENDING_EXTENSIONS, TASK_PROGRESS, TASK_RETURNS, TASK_ROWS, TASK_SUBMISSIONS } from '../tasks/task-projections';
import { lastDuePeriod, REPORT_REQUIRED_SQL, ReportCycle, reportCycleLabel, ReportPeriod, reportPeriod } from '../tasks/report-cycle';

export interface BeatContext extends IssueContext {
  policy: CadencePolicy;
  calendar: DayCalendar;
  period: string;
}

export type BeatProducer = (em: EntityManager, ctx: BeatContext) => Promise<IssueResult[]>;

/** The document kinds a beat writes (to count what a repeated run finds already there). */
export const BEAT_KINDS: Record<BeatName, DocumentKind[]> = {
  'daily-assign': ['assign_slip', 'ack_chase', 'ack_supervise', 'report_chase'],
  'weekly-remind': ['work_reminder'],
  'monthly-bulletin': ['bulletin'],
  'quarterly-review': ['assessment'],
  escalate: ['due_soon', 'urge', 'supervise'],
};

// the unit's duty: a submitted task waits on the office, so the ladder and the slip chase leave it alone
const DUTY = `('assigned', 'acknowledged')`;
const OPEN = `('assigned', 'acknowledged', 'submitted')`;
const LINE_FIELDS = `'taskId', t.id, 'code', t.code, 'title', t.title, 'deadline', t.current_deadline,
  'progress', t.progress_percent, 'daysOverdue', GREATEST(0, $2::date - t.current_deadline)`;
const LINE = `jsonb_build_object(${LINE_FIELDS})`;

interface GroupRow { unit_id: string; unit_name: string; items: QueryRow[]; task_ids: string[]; refs: string[] }
const toGroups = (rows: GroupRow[], content: (r: GroupRow) => QueryRow = (r) => ({ items: r.items })): DocumentGroup[] =>
  rows.map((r) => ({ unitId: r.unit_id, unitName: r.unit_name, content: content(r),
    marks: r.task_ids.map((taskId, i) => ({ taskId, ref: r.refs[i] })) }));

/**
 * A grouped statement's rows (by `unit_id`) with the unit's name, in the units' code order (the order documents are
 * numbered in). The unit is read by its key once per group (OFFSET 0 keeps the lookup per group): joined before the
 * grouping, every statement hashed the whole unit table, 5,022 rows in a province, for a county's few dozen units.
 */
const byUnit = (grouped: string) => `SELECT g.*, u.name AS unit_name FROM (${grouped}) g
  CROSS JOIN LATERAL (SELECT name, code FROM unit WHERE id = g.unit_id OFFSET 0) u ORDER BY u.code`;

/**
 * 日交办: one slip per lead unit listing its tasks published since its last slip; chase slips left unsigned. A slip
 * issued on day D is to be signed within `chaseAfterWorkingDays` (n) working days, D not counted (the day of receipt
 * is excluded): still unsigned after the n-th working day after D, it is chased on the next working day. On day C
 * that is every slip issued before the n-th working day before C (n working days lie between them, C excluded).
 */
const dailyAssign: BeatProducer = async (em, ctx) => {
  const slips: GroupRow[] = await em.query(byUnit(
    `SELECT t.lead_unit_id AS unit_id, jsonb_agg(${LINE} ORDER BY t.code) AS items,
            array_agg(t.id ORDER BY t.code) AS task_ids, array_agg(''::text ORDER BY t.code) AS refs
       FROM ${TASK_ROWS} t
      WHERE t.jurisdiction_id = $1 AND t.status IN ${OPEN} AND t.assigned_at <= $3
        AND NOT EXISTS (SELECT 1 FROM supervision_mark m WHERE m.kind = 'assign_slip' AND m.task_id = t.id
                          AND m.unit_id = t.lead_unit_id AND m.ref = '')
      GROUP BY t.lead_unit_id`), [ctx.jurisdictionId, ctx.date, ctx.asOf]);
  const slipResult = await issueDocuments(em, ctx, { kind: 'assign_slip', period: ctx.period, groups: toGroups(slips),
    markKind: 'assign_slip', recipients: ['unit'], channels: ['inbox', 'email', 'webhook'] });

  const n = ctx.policy.chaseAfterWorkingDays;
  const chases: GroupRow[] = await em.query(byUnit(
    `SELECT t.lead_unit_id AS unit_id,
            jsonb_agg(${LINE} || jsonb_build_object('slipNumber', d.number) ORDER BY t.code) AS items,
            array_agg(t.id ORDER BY t.code) AS task_ids, array_agg(d.id::text ORDER BY t.code) AS refs
       FROM ${TASK_ROWS} t
       JOIN supervision_mark m ON m.kind = 'assign_slip' AND m.task_id = t.id AND m.unit_id = t.lead_unit_id AND m.ref = ''
       JOIN supervision_document d ON d.id = m.document_id
      WHERE t.jurisdiction_id = $1 AND t.status = 'assigned'
        AND ${businessDateSql('d.issued_at')} < $3::date
        AND NOT EXISTS (SELECT 1 FROM supervision_mark c WHERE c.kind = 'ack_chase' AND c.task_id = t.id
                          AND c.unit_id = t.lead_unit_id AND c.ref = d.id::text)
      GROUP BY t.lead_unit_id`), [ctx.jurisdictionId, ctx.date, ctx.calendar.addWorkingDays(ctx.date, -n)]);
  const chaseResult = await issueDocuments(em, ctx, { kind: 'ack_chase', period: ctx.period,
    groups: toGroups(chases, (r) => ({ items: r.items, chaseAfter: n })), markKind: 'ack_chase', recipients: ['unit'],
    channels: ['inbox', 'email', 'webhook'] });
  return [slipResult, chaseResult, ...await unsignedLadder(em, ctx), await reportChase(em, ctx)];
};

/**
 * 定期报送: the reporting cycles of the jurisdiction's open tasks, each with the period `pick` chooses at the beat's
 * date, as parameters for a join `JOIN ${CYCLE_PERIODS(n)} ON rc.cycle = t.report_cycle` (the pure report-cycle.ts
 * computes the report days, holidays included; a county has a handful of distinct cycles, so the tasks stay set-based).
 */
async function cyclePeriods(em: EntityManager, ctx: BeatContext, pick: (c: ReportCycle) => ReportPeriod): Promise<unknown[]> {
  const rows: Array<{ cycle: ReportCycle }> = await em.query(
    `SELECT DISTINCT t.report_cycle AS cycle FROM ${TASK_ROWS} t WHERE t.jurisdiction_id = $1 AND t.report_cycle IS NOT NULL
        AND t.status IN ${OPEN}`, [ctx.jurisdictionId]);
  const periods = rows.map((r) => ({ cycle: r.cycle, ...pick(r.cycle) }));
  return [periods.map((p) => JSON.stringify(p.cycle)), periods.map((p) => p.key), periods.map((p) => p.start),
    periods.map((p) => p.due), periods.map((p) => reportCycleLabel(p.cycle))];
}
/** The join of cyclePeriods' five parameters from $n: rc(cycle, key, start, due, label). */
const CYCLE_PERIODS = (n: number) =>
  `unnest($${n}::jsonb[], $${n + 1}::text[], $${n + 2}::date[], $${n + 3}::date[], $${n + 4}::text[]) AS rc(cycle, key, start, due, label)`;
/**
 * A period `rc` that asks task `t` for a report (REPORT_REQUIRED_SQL) misses it while the lead unit made no progress
 * update from the period's first day to the instant $3.
 */
const NOT_REPORTED = `NOT EXISTS (SELECT 1 FROM ${TASK_PROGRESS} p WHERE p.task_id = t.id AND p.unit_id = t.lead_unit_id
  AND p.at <= $3 AND ${businessDateSql('p.at')} >= rc.start)`;

/**
 * 催报单: once per task and period (mark `report_chase`, ref = the period's key), on the first daily beat after the
 * report day (the next working day: beats run on working days only), one per lead unit listing its tasks whose latest
 * passed report day went by without a report. A report made late, before the 催报 goes out, stops it.
 */
async function reportChase(em: EntityManager, ctx: BeatContext): Promise<IssueResult> {
  const cycles = await cyclePeriods(em, ctx, (c) => lastDuePeriod(c, ctx.date, ctx.calendar));
  const rows: GroupRow[] = await em.query(byUnit(
    `SELECT t.lead_unit_id AS unit_id,
            jsonb_agg(${LINE} || jsonb_build_object('cycle', rc.label, 'period', rc.key, 'reportDay', rc.due,
              'lastReport', (SELECT max(${businessDateSql('p.at')}) FROM ${TASK_PROGRESS} p WHERE p.task_id = t.id
                               AND p.unit_id = t.lead_unit_id AND p.at <= $3)) ORDER BY t.code) AS items,
            array_agg(t.id ORDER BY t.code) AS task_ids, array_agg(rc.key ORDER BY t.code) AS refs
       FROM ${TASK_ROWS} t JOIN ${CYCLE_PERIODS(4)} ON rc.cycle = t.report_cycle
      WHERE t.jurisdiction_id = $1 AND t.status IN ${DUTY} AND ${REPORT_REQUIRED_SQL} AND ${NOT_REPORTED}
        AND NOT EXISTS (SELECT 1 FROM supervision_mark m WHERE m.kind = 'report_chase' AND m.task_id = t.id
                          AND m.unit_id = t.lead_unit_id AND m.ref = rc.key)
      GROUP BY t.lead_unit_id`), [ctx.jurisdictionId, ctx.date, ctx.asOf, ...cycles]);
  return issueDocuments(em, ctx, { kind: 'report_chase', period: ctx.period, groups: toGroups(rows), markKind: 'report_chase',
    recipients: ['unit'], channels: ['inbox', 'email', 'webhook'] });
}

/**
 * The unsigned ladder after the 签收催办单, each step once per task and slip (marks `ack_supervise` and `ack_name`
 * whose ref is the slip's document id, as the chase's): a slip still not signed for `unsignedLadder.supervise` working
 * days after its day (the day of receipt not counted) goes up in a 督办通知单 to the unit's leader(s) in charge (else
 * the default leader), the office and the unit; after `unsignedLadder.name` it is named 未签收 in the next bulletin.
 * Each step also needs the step before it on an earlier day, so the ladder is climbed one rung at a time whatever the
 * settings. No extension pause: a task is signed for before anything else. Signed for or cancelled, it climbs no more.
 */
async function unsignedLadder(em: EntityManager, ctx: BeatContext): Promise<IssueResult[]> {
  const steps = ctx.policy.unsignedLadder;
  // tasks still unsigned on their slip, which reached `before` on an earlier day and not yet `kind`, slipped `days` ago
  const due = (before: string, kind: string, days: number) => ({
    from: `FROM ${TASK_ROWS} t
       JOIN supervision_mark m ON m.kind = 'assign_slip' AND m.task_id = t.id AND m.unit_id = t.lead_unit_id AND m.ref = ''
       JOIN supervision_document d ON d.id = m.document_id
      WHERE t.jurisdiction_id = $1 AND t.status = 'assigned'
        AND ${businessDateSql('d.issued_at')} < $3::date
        AND EXISTS (SELECT 1 FROM supervision_mark p WHERE p.kind = '${before}' AND p.task_id = t.id AND p.unit_id = t.lead_unit_id
                      AND p.ref = d.id::text AND ${businessDateSql('p.created_at')} < $2::date)
        AND NOT EXISTS (SELECT 1 FROM supervision_mark c WHERE c.kind = '${kind}' AND c.task_id = t.id
                          AND c.unit_id = t.lead_unit_id AND c.ref = d.id::text)`,
    params: [ctx.jurisdictionId, ctx.date, ctx.calendar.addWorkingDays(ctx.date, -days)] });

  const sup = due('ack_chase', 'ack_supervise', steps.supervise);
  const rows: GroupRow[] = await em.query(byUnit(
    `SELECT t.lead_unit_id AS unit_id,
            jsonb_agg(${LINE} || jsonb_build_object('slipNumber', d.number, 'slipDate', ${businessDateSql('d.issued_at')})
              ORDER BY d.issued_at, t.code) AS items,
            array_agg(t.id ORDER BY d.issued_at, t.code) AS task_ids, array_agg(d.id::text ORDER BY d.issued_at, t.code) AS refs
       ${sup.from} GROUP BY t.lead_unit_id`), sup.params);
  const leaders = rows.length ? await leadersInCharge(em, rows.map((r) => r.unit_id), ctx.defaultLeaderId) : null;
  // the 督办 travel as the jurisdiction sends its overdue ones
  const channels = ctx.policy.ladder.find((s) => s.kind === 'supervise')?.channels ?? ['inbox', 'email'];
  const result = await issueDocuments(em, ctx, { kind: 'ack_supervise', period: ctx.period, markKind: 'ack_supervise',
    groups: toGroups(rows, (r) => ({ items: r.items, workingDays: steps.supervise, chaseAfter: ctx.policy.chaseAfterWorkingDays,
      unitName: r.unit_name, officeName: ctx.officeName, leaders: leaders?.of.get(r.unit_id) ?? [], defaultLeader: leaders?.fallback ?? null })),
    recipients: ['leaders', 'office', 'unit'], channels });

  // 点名: a mark only, read by the monthly bulletin
  const name = due('ack_supervise', 'ack_name', steps.name);
  const named: Array<{ task_id: string; unit_id: string; ref: string }> = await em.query(
    `SELECT t.id AS task_id, t.lead_unit_id AS unit_id, d.id::text AS ref ${name.from}`, name.params);
  await insertMarks(em, 'ack_name', ctx.asOf, { task: named.map((r) => r.task_id), unit: named.map((r) => r.unit_id),
    ref: named.map((r) => r.ref), doc: named.map(() => null) });
  return [result];
}

/**
 * 逾期升级: each ladder step once per task and deadline, one document per unit and step listing all its tasks.
 * Per step one grouped scan over the partial index of open tasks (ix_task_open_deadline). Each group is aggregated
 * once, as one ordered json array whose lines carry their mark's ref (taken off again before the document is
 * written): json, not jsonb, and one sort per group instead of three; the stored content (a jsonb column) and the
 * rendered text are the same as before. The `name` step needs no lines, only the marks. A task whose extension request
 * the office has not decided is left alone (the ladder pauses): the unit is not chased for the deadline it asked to
 * move; a rejection resumes the ladder at its next step, an approval starts it again for the new deadline.
 */
const escalate: BeatProducer = async (em, ctx) => {
  const out: IssueResult[] = [];
  for (const step of ctx.policy.ladder) {
    // due soon: deadline within the next |offset| working days; overdue by k: deadline before the k-th working day back
    const window = step.offset < 0
      ? `t.current_deadline >= $2::date AND t.current_deadline <= $4::date`
      : `t.current_deadline < $4::date`;
    const bound = step.offset < 0 ? ctx.calendar.addWorkingDays(ctx.date, -step.offset)
      : ctx.calendar.addWorkingDays(ctx.date, -(step.offset - 1));
    const from = `FROM ${TASK_ROWS} t
        WHERE t.jurisdiction_id = $1 AND t.status IN ${DUTY} AND ${window} AND t.assigned_at <= $3
          AND NOT EXISTS (SELECT 1 FROM supervision_mark m WHERE m.kind = $5 AND m.task_id = t.id
                            AND m.unit_id = t.lead_unit_id AND m.ref = t.current_deadline::text)
          AND NOT EXISTS (SELECT 1 FROM ${TASK_PENDING_EXTENSIONS} x WHERE x.task_id = t.id)
        GROUP BY t.lead_unit_id`;
    const params = [ctx.jurisdictionId, ctx.date, ctx.asOf, bound, step.kind];
    if (step.kind === 'name') {
      // named in the next bulletin: a mark only, read by the monthly beat (the two arrays read the same rows in step;
      // $2 appears only to give the parameter its type, as the lines do in the other steps)
      const rows: Array<{ unit_id: string; task_ids: string[]; refs: string[] }> = await em.query(
        `SELECT t.lead_unit_id AS unit_id, array_agg(t.id) AS task_ids, array_agg(t.current_deadline::text) AS refs,
                $2::date AS day ${from}`, params);
      const m = { task: [] as string[], unit: [] as string[], ref: [] as string[], doc: [] as null[] };
      for (const r of rows) r.task_ids.forEach((id, i) => { m.task.push(id); m.unit.push(r.unit_id); m.ref.push(r.refs[i]); m.doc.push(null); });
      await insertMarks(em, 'name', ctx.asOf, m);
      continue;
    }
    const lines: Array<{ unit_id: string; unit_name: string; lines: Array<QueryRow & { _ref: string }> }> = await em.query(byUnit(
      `SELECT t.lead_unit_id AS unit_id,
              json_agg(json_build_object(${LINE_FIELDS}, '_ref', t.current_deadline::text) ORDER BY t.current_deadline, t.code) AS lines
         ${from}`), params);
    const rows: GroupRow[] = lines.map((r) => ({ unit_id: r.unit_id, unit_name: r.unit_name, task_ids: r.lines.map((l) => l.taskId),
      refs: r.lines.map((l) => l._ref), items: r.lines.map(({ _ref, ...line }) => line) }));
    const supervise = step.kind === 'supervise';
    const leaders = supervise ? await leadersInCharge(em, rows.map((r) => r.unit_id), ctx.defaultLeaderId) : null;
    out.push(await issueDocuments(em, ctx, { kind: step.kind, period: ctx.period, markKind: step.kind,
      groups: toGroups(rows, (r) => ({ items: r.items, offset: step.offset, workingDays: -step.offset, unitName: r.unit_name,
        officeName: ctx.officeName, ...(leaders ? { leaders: leaders.of.get(r.unit_id) ?? [], defaultLeader: leaders.fallback } : {}) })),
      // the lead unit receives every 督办 about its own task, whoever the policy sends it to
      recipients: supervise ? [...new Set([...step.to, 'unit' as const])] : step.to, channels: step.channels }));
  }
  return out;
};

/**
 * Per unit, the names of its active leaders in charge (the 督办通知单's 主送), and the jurisdiction's default leader's
 * name when the policy names an active leader (the 主送 of a unit without one).
 */
async function leadersInCharge(em: EntityManager, unitIds: string[], defaultLeaderId: string | null) {
  const rows: Array<{ unit_id: string; names: string[] }> = unitIds.length ? await em.query(
    `SELECT lu.unit_id, array_agg(u.display_name ORDER BY u.display_name) AS names
       FROM leader_unit lu JOIN app_user u ON u.id = lu.user_id AND u.active
      WHERE lu.unit_id = ANY($1::uuid[]) GROUP BY lu.unit_id`, [unitIds]) : [];
  const [fallback]: Array<{ name: string }> = defaultLeaderId ? await em.query(
    `SELECT display_name AS name FROM app_user WHERE id = $1 AND active AND role = 'leader'`, [defaultLeaderId]) : [];
  return { of: new Map(rows.map((r) => [r.unit_id, r.names])), fallback: fallback?.name ?? null };
}

/**
 * 周提醒: one reminder per unit with at least one task that needs its attention — overdue, due soon, not signed for,
 * returned (退回) and not submitted again, no progress within `staleDays`, or behind schedule — listing those tasks.
 * A unit with nothing to flag gets none (never an empty table). A submitted task waits on the office, not the unit. A task whose 交办单 was issued today, or is still to
 * come (the daily beat slips it today), is nobody's reason for a reminder today: the slip itself is the news.
 * The office gets its own: the extension requests and submissions waiting for its decision, and the tasks it returned
 * that are not submitted again, each with the days it has waited — decisions that sat for weeks reminded no one.
 */
/**
 * 进度滞后 needs a shortfall of at least one progress step: units report progress in steps of about 10 points, so a
 * task at 0 % a week into a ten-month plan (due 1.4 % by the straight line) is not behind; one six weeks in is.
 */
const BEHIND_BY_POINTS = 10;

const weeklyRemind: BeatProducer = async (em, ctx) => {
  const p = ctx.policy;
  // a task without a reporting cycle is stale after the policy's staleDays without progress; one with a cycle is
  // 待报送 when its period's report day comes before the next weekly reminder (within 7 days) and is not yet reported
  // (a monthly reporter hears of its 20th on the Monday before it), 久未报送 when the latest
  // passed report day went by without a report and none came since
  const current = await cyclePeriods(em, ctx, (c) => reportPeriod(c, ctx.date, ctx.calendar));
  const passed = await cyclePeriods(em, ctx, (c) => lastDuePeriod(c, ctx.date, ctx.calendar));
  const staleBefore = new Date(ctx.asOf.getTime() - p.staleDays * 86_400_000);
  const rows: Array<GroupRow & { open_count: number; counts: Record<string, number> }> = await em.query(byUnit(
    `WITH f AS (
       SELECT t.*, CASE WHEN t.status = 'submitted' OR slip.day IS NULL OR slip.day >= $2::date THEN '{}'::text[] ELSE array_remove(ARRAY[
         CASE WHEN t.current_deadline < $2::date THEN 'overdue' END,
         CASE WHEN t.current_deadline >= $2::date AND t.current_deadline <= $4::date THEN 'due_soon' END,
         CASE WHEN t.status = 'assigned' THEN 'unsigned' END,
         CASE WHEN t.status = 'acknowledged' AND EXISTS (SELECT 1 FROM ${TASK_RETURNS} r WHERE r.task_id = t.id AND r.at <= $3
                AND NOT EXISTS (SELECT 1 FROM ${TASK_SUBMISSIONS} s WHERE s.task_id = t.id AND s.at > r.at)) THEN 'returned' END,
         CASE WHEN t.report_cycle IS NULL AND coalesce(t.last_progress_at, t.assigned_at) < $5 THEN 'stale' END,
         CASE WHEN EXISTS (SELECT 1 FROM ${CYCLE_PERIODS(7)} WHERE rc.cycle = t.report_cycle AND rc.due >= $2::date
                AND rc.due < $2::date + 7 AND ${REPORT_REQUIRED_SQL} AND ${NOT_REPORTED}) THEN 'report_due' END,
         CASE WHEN EXISTS (SELECT 1 FROM ${CYCLE_PERIODS(12)} WHERE rc.cycle = t.report_cycle AND ${REPORT_REQUIRED_SQL}
                AND ${NOT_REPORTED}) THEN 'report_missed' END,
         CASE WHEN t.current_deadline > ${businessDateSql('t.assigned_at')}
               AND t.progress_percent <= $6::numeric * 100 * LEAST(1, ($2::date - ${businessDateSql('t.assigned_at')})::numeric
                   / (t.current_deadline - ${businessDateSql('t.assigned_at')})) - ${BEHIND_BY_POINTS} THEN 'behind' END
       ], NULL) END AS flags
       FROM ${TASK_ROWS} t
       LEFT JOIN LATERAL (SELECT ${businessDateSql('m.created_at')} AS day FROM supervision_mark m WHERE m.kind = 'assign_slip'
                            AND m.task_id = t.id AND m.unit_id = t.lead_unit_id AND m.ref = '') slip ON true
      WHERE t.jurisdiction_id = $1 AND t.status IN ${OPEN} AND t.assigned_at <= $3)
     SELECT t.lead_unit_id AS unit_id, count(*)::int AS open_count,
            jsonb_agg(${LINE} || jsonb_build_object('flags', t.flags) ORDER BY t.current_deadline, t.code)
              FILTER (WHERE cardinality(t.flags) > 0) AS items,
            jsonb_build_object(${Object.keys(REMINDER_FLAGS).map((k) => `'${k}', count(*) FILTER (WHERE '${k}' = ANY(t.flags))`).join(', ')}) AS counts,
            '{}'::uuid[] AS task_ids, '{}'::text[] AS refs
       FROM f t
      GROUP BY t.lead_unit_id
     HAVING bool_or(cardinality(t.flags) > 0)`),
    [ctx.jurisdictionId, ctx.date, ctx.asOf, ctx.calendar.addWorkingDays(ctx.date, p.dueSoonWorkingDays), staleBefore, p.behindRatio,
      ...current, ...passed]);
  // the office's own: the decisions its units wait for (and the resubmissions it waits for), oldest first
  const decisions: Array<{ unit_id: string; unit_name: string; decisions: QueryRow[] }> = await em.query(
    `SELECT o.id AS unit_id, o.name AS unit_name,
            jsonb_agg(jsonb_build_object('taskId', t.id, 'code', t.code, 'title', t.title, 'unitName', lu.name, 'what', d.what,
              'since', ${businessDateSql('d.since')}, 'waitedDays', $2::date - ${businessDateSql('d.since')})
              ORDER BY d.since, t.code) AS decisions
       FROM unit o
       JOIN ${TASK_ROWS} t ON t.jurisdiction_id = o.jurisdiction_id AND t.status IN ${OPEN}
       JOIN LATERAL (
         SELECT 'extension' AS what, x.requested_at AS since FROM ${TASK_PENDING_EXTENSIONS} x WHERE x.task_id = t.id
         UNION ALL
         SELECT 'review', (SELECT max(s.at) FROM ${TASK_SUBMISSIONS} s WHERE s.task_id = t.id) WHERE t.status = 'submitted'
         UNION ALL
         SELECT 'returned', r.at FROM (SELECT max(r.at) AS at FROM ${TASK_RETURNS} r WHERE r.task_id = t.id) r
          WHERE t.status = 'acknowledged' AND NOT EXISTS (SELECT 1 FROM ${TASK_SUBMISSIONS} s WHERE s.task_id = t.id AND s.at > r.at)
       ) d ON d.since IS NOT NULL AND d.since <= $3
       JOIN unit lu ON lu.id = t.lead_unit_id
      WHERE o.jurisdiction_id = $1 AND o.kind = 'office'
      GROUP BY o.id, o.name`, [ctx.jurisdictionId, ctx.date, ctx.asOf]);
  const groups = toGroups(rows, (r: QueryRow) => ({ items: r.items, openCount: r.open_count, counts: r.counts }));
  for (const d of decisions) {
    const own = groups.find((g) => g.unitId === d.unit_id);
    if (own) own.content.decisions = d.decisions;
    else groups.push({ unitId: d.unit_id, unitName: d.unit_name, content: { items: [], openCount: 0, counts: {}, decisions: d.decisions } });
  }
  return [await issueDocuments(em, ctx, { kind: 'work_reminder', period: ctx.period, recipients: ['unit'],
    channels: ['inbox', 'email', 'webhook'], groups })];
};

/** Per lead unit: tasks in scope for a period ending at `to`, and where each stood at the end of it. */
const PERIOD_STATS = `
  WITH s AS (
    SELECT t.*, (t.status = 'completed' AND t.completed_at < $3) AS done
      FROM ${TASK_ROWS} t
     WHERE t.jurisdiction_id = $1 AND t.assigned_at < $3 AND NOT (t.status = 'cancelled' AND t.cancelled_at < $3))`;

/** Per group of PERIOD_STATS rows (period ending $2): in scope, due by the end, completed (on time) of those, overdue. */
const PERIOD_COUNTS = `count(*)::int AS total,
  (count(*) FILTER (WHERE NOT s.done AND s.current_deadline <= $2::date))::int AS overdue,
  (count(*) FILTER (WHERE s.current_deadline <= $2::date))::int AS due,
  (count(*) FILTER (WHERE s.done AND s.current_deadline <= $2::date))::int AS "dueCompleted",
  (count(*) FILTER (WHERE s.done AND s.current_deadline <= $2::date
     AND ${businessDateSql('s.completed_at')} <= s.current_deadline))::int AS "dueOnTime"`;

/**
 * The month's tasks by 工作重点 (the tasks module's groups), with the units' figures and rates: the groups in the plan's order (plan
 * year, then the office's position), then 未分组 for the tasks under none. None at all when no task in scope is under
 * a group: a county that does not group its plan gets no such section.
 */
async function focusFigures(em: EntityManager, jurisdictionId: string, to: string, end: Date): Promise<BulletinFocus[] | undefined> {
  const rows: BulletinFocus[] = await em.query(`${PERIOD_STATS}
    SELECT g.id AS "groupId", coalesce(min(g.title), '未分组') AS title, min(g.plan_year) AS "planYear", ${PERIOD_COUNTS}
      FROM s LEFT JOIN ${TASK_GROUPS} g ON g.id = s.group_id
     GROUP BY g.id ORDER BY min(g.plan_year) NULLS LAST, min(g.position)`, [jurisdictionId, to, end]);
  if (!rows.some((r) => r.groupId)) return undefined;
  return rows.map((r) => ({ ...r, ...periodRates(r) }));
}

/**
 * A period's rates count the tasks due in it — deadline on or before its last day — so tasks not yet due neither
 * lower nor raise them: completion = due and completed by the period's end / due; on time = due and completed by its
 * deadline / due and completed. Null when there is nothing to divide by (shown as —).
 */
export function periodRates(r: { due: number; dueCompleted: number; dueOnTime: number }) {
  return { completionRate: r.due ? r.dueCompleted / r.due : null, onTimeRate: r.dueCompleted ? r.dueOnTime / r.dueCompleted : null };
}

/**
 * The bulletin's order: completion rate, then fewest overdue, then on-time rate. A unit with nothing due has nothing
 * left undone or late, so its missing rates count as full (100 %) here: it is never ranked below a unit with a task
 * overdue, and it ties (并列) with a unit that finished everything due on time.
 */
const bulletinOrder = (a: QueryRow, b: QueryRow) => (b.completionRate ?? 1) - (a.completionRate ?? 1) || a.overdue - b.overdue ||
  (b.onTimeRate ?? 1) - (a.onTimeRate ?? 1);

/** 月通报: the bulletin of last month, per unit totals and rates, overdue tasks named, units ranked. */
const monthlyBulletin: BeatProducer = async (em, ctx) => {
  const { to } = periodRange(ctx.period);
  const end = endOfDay(to);
  const units: Array<QueryRow> = await em.query(`${PERIOD_STATS}
    SELECT s.lead_unit_id AS "unitId", min(u.name) AS "unitName", min(u.code) AS code, ${PERIOD_COUNTS},
           (count(*) FILTER (WHERE s.done))::int AS completed,
           (count(*) FILTER (WHERE s.done AND ${businessDateSql('s.completed_at')} <= s.current_deadline))::int AS "onTime"
      FROM s JOIN unit u ON u.id = s.lead_unit_id GROUP BY s.lead_unit_id`, [ctx.jurisdictionId, to, end]);
  for (const u of units) Object.assign(u, periodRates(u as { due: number; dueCompleted: number; dueOnTime: number }));
  // units equal on all three share a rank (并列); among them the unit code orders the table
  units.sort((a, b) => bulletinOrder(a, b) || String(a.code).localeCompare(String(b.code)));
  const ranks = competitionRanks(units, (a, b) => bulletinOrder(a, b) === 0);
  units.forEach((u, i) => { Object.assign(u, ranks[i]); delete u.code; });
  if (!units.length) return []; // nothing was published in the jurisdiction yet
  const overdue = await em.query(`${PERIOD_STATS}
    SELECT u.name AS "unitName", s.code, s.title, s.current_deadline AS deadline, ($2::date + 1 - s.current_deadline) AS "daysOverdue",
           EXISTS (SELECT 1 FROM supervision_mark m WHERE m.kind = 'name' AND m.task_id = s.id AND m.created_at < $3) AS named,
           EXISTS (SELECT 1 FROM ${TASK_PENDING_EXTENSIONS} x WHERE x.task_id = s.id AND x.requested_at < $3) AS "extensionPending"
      FROM s JOIN unit u ON u.id = s.lead_unit_id
     WHERE NOT s.done AND s.current_deadline <= $2::date
     ORDER BY named DESC, "daysOverdue" DESC, s.code`, [ctx.jurisdictionId, to, end]);
  // the unsigned ladder's 点名 of the month: named once, in the bulletin after it
  const unsigned = await em.query(
    `SELECT u.name AS "unitName", t.code, t.title, d.number AS "slipNumber", ${businessDateSql('d.issued_at')}::text AS "slipDate",
            $4::int AS "workingDays"
       FROM supervision_mark m JOIN ${TASK_ROWS} t ON t.id = m.task_id JOIN unit u ON u.id = m.unit_id
       JOIN supervision_document d ON d.id::text = m.ref
      WHERE m.kind = 'ack_name' AND t.jurisdiction_id = $1 AND m.created_at >= $2 AND m.created_at < $3
      ORDER BY d.issued_at, t.code`, [ctx.jurisdictionId, endOfDay(periodRange(ctx.period).from, -1), end, ctx.policy.unsignedLadder.name]);
  // 定期报送: the tasks chased (催报) in the month for a missed report, by unit
  const missedReports = await em.query(
    `SELECT u.name AS "unitName", t.code, t.title, d.item->>'cycle' AS cycle, d.item->>'reportDay' AS "reportDay"
       FROM supervision_mark m JOIN ${TASK_ROWS} t ON t.id = m.task_id JOIN unit u ON u.id = m.unit_id
       JOIN LATERAL (SELECT i AS item FROM supervision_document sd, jsonb_array_elements(sd.content->'items') i
                      WHERE sd.id = m.document_id AND i->>'taskId' = t.id::text LIMIT 1) d ON true
      WHERE m.kind = 'report_chase' AND t.jurisdiction_id = $1 AND m.created_at >= $2 AND m.created_at < $3
      ORDER BY u.code, d.item->>'reportDay', t.code`, [ctx.jurisdictionId, endOfDay(periodRange(ctx.period).from, -1), end]);
  const sum = (k: string) => units.reduce((n, u) => n + u[k], 0);
  const due = { due: sum('due'), dueCompleted: sum('dueCompleted'), dueOnTime: sum('dueOnTime') };
  const totals = { total: sum('total'), completed: sum('completed'), onTime: sum('onTime'), overdue: sum('overdue'), ...due,
    ...periodRates(due) };
  // open at the month's end and due within the next month: the 临期 of the next-step requirements
  const [y, m] = to.split('-').map(Number);
  const [{ n: dueNext }] = await em.query(`${PERIOD_STATS}
    SELECT count(*)::int AS n FROM s WHERE NOT s.done AND s.current_deadline > $2::date AND s.current_deadline <= $4::date`,
  [ctx.jurisdictionId, to, end, new Date(Date.UTC(y, m + 1, 0)).toISOString().slice(0, 10)]);
  const summary = bulletinSummary({ totals, units: units as BulletinFigures['units'], overdue, unsigned, dueNext },
    `${y}年${m}月`);
  const focus = await focusFigures(em, ctx.jurisdictionId, to, end);
  const [j] = await em.query(`SELECT name FROM unit WHERE id = $1`, [ctx.jurisdictionId]);
  // with bulletinReview the office reads and edits the paragraphs first: a draft (待签发), its notices written at 签发
  return [await issueDocuments(em, ctx, { kind: 'bulletin', period: ctx.period, recipients: ['all'],
    channels: ['inbox', 'email', 'webhook'], draft: ctx.policy.bulletinReview,
    groups: [{ unitId: ctx.jurisdictionId, unitName: j.name,
      content: { month: ctx.period, totals, units, overdue, unsigned, missedReports, dueNext, summary, ...(focus ? { focus } : {}) } }] })];
};

/** 季考核: a score per unit with every deduction and addition listed, and a ranking. */
const quarterlyReview: BeatProducer = async (em, ctx) => {
  const w = ctx.policy.scoring;
  const { from, to } = periodRange(ctx.period);
  const start = endOfDay(from, -1);
  const end = endOfDay(to);
  const lines: Array<{ unit_id: string; unit_name: string; code: string; reason: string; points: number }> = await em.query(`${PERIOD_STATS}
    SELECT s.lead_unit_id AS unit_id, u.name AS unit_name, u.code AS unit_code, s.code AS task_code, 'in_scope' AS what
      FROM s JOIN unit u ON u.id = s.lead_unit_id
    UNION ALL
    SELECT s.lead_unit_id, u.name, u.code, s.code, 'overdue' FROM s JOIN unit u ON u.id = s.lead_unit_id
     WHERE NOT s.done AND s.current_deadline <= $2::date
    UNION ALL
    SELECT s.lead_unit_id, u.name, u.code, s.code, 'early' FROM s JOIN unit u ON u.id = s.lead_unit_id
     WHERE s.done AND s.completed_at >= $4 AND ${businessDateSql('s.completed_at')} <= s.current_deadline - $5::int
    UNION ALL
    SELECT m.unit_id, u.name, u.code, t.code, CASE WHEN m.kind = 'ack_chase' THEN 'unacknowledged' ELSE 'escalation' END
      FROM supervision_mark m JOIN ${TASK_ROWS} t ON t.id = m.task_id JOIN unit u ON u.id = m.unit_id
     WHERE t.jurisdiction_id = $1 AND m.kind IN ('urge', 'supervise', 'ack_supervise', 'ack_chase') AND m.created_at >= $4
       AND m.created_at < $3
    UNION ALL
    SELECT t.lead_unit_id, u.name, u.code, t.code, 'rejected'
      FROM ${TASK_RETURNS} e JOIN ${TASK_ROWS} t ON t.id = e.task_id JOIN unit u ON u.id = t.lead_unit_id
     WHERE t.jurisdiction_id = $1 AND e.at >= $4 AND e.at < $3
    UNION ALL
    SELECT t.lead_unit_id, u.name, u.code, t.code, 'spot_check_failed'
      FROM spot_check_item i JOIN spot_check c ON c.id = i.spot_check_id JOIN ${TASK_ROWS} t ON t.id = i.task_id
      JOIN unit u ON u.id = t.lead_unit_id
     WHERE c.jurisdiction_id = $1 AND i.result = 'failed' AND i.checked_at >= $4 AND i.checked_at < $3
    UNION ALL
    SELECT m.unit_id, u.name, u.code, t.code, 'report_missed'
      FROM supervision_mark m JOIN ${TASK_ROWS} t ON t.id = m.task_id JOIN unit u ON u.id = m.unit_id
     WHERE t.jurisdiction_id = $1 AND m.kind = 'report_chase' AND m.created_at >= $4 AND m.created_at < $3
     ORDER BY 3, 5, 4`, [ctx.jurisdictionId, to, end, start, w.earlyDays]).then((rows: QueryRow[]) => rows.map((r) => ({
    unit_id: r.unit_id, unit_name: r.unit_name, code: r.task_code, reason: r.what, points: 0 })));
  const LABEL: Record<string, [string, number]> = {
    overdue: ['季末仍逾期', -w.overdue], escalation: ['被催办或督办', -w.escalation], rejected: ['办结申请被退回', -w.rejected],
    unacknowledged: ['交办单超期未签收', -w.unacknowledged], early: ['提前办结', w.early],
    spot_check_failed: ['督察抽查未通过', -w.spotCheckFailed], report_missed: ['定期报送逾期未报', -w.reportMissed] };
  const byUnit = new Map<string, { unitName: string; lines: Array<{ reason: string; code: string | null; points: number }> }>();
  for (const l of lines) {
    const u = byUnit.get(l.unit_id) ?? { unitName: l.unit_name, lines: [] };
    byUnit.set(l.unit_id, u);
    if (l.reason !== 'in_scope') u.lines.push({ reason: LABEL[l.reason][0], code: l.code, points: LABEL[l.reason][1] });
  }
  const scored = [...byUnit.entries()].map(([unitId, u]) => ({ unitId, ...u,
    score: Math.max(0, w.base + u.lines.reduce((n, l) => n + l.points, 0)) }));
  scored.sort((a, b) => b.score - a.score || a.unitName.localeCompare(b.unitName, 'zh'));
  // equal scores share a rank (并列第2: 1, 2, 2, 4); the name only orders them
  const ranks = competitionRanks(scored, (a, b) => a.score === b.score);
  return [await issueDocuments(em, ctx, { kind: 'assessment', period: ctx.period, recipients: ['unit'], channels: ['inbox', 'email'],
    groups: scored.map((s, i) => ({ unitId: s.unitId, unitName: s.unitName,
      content: { quarter: ctx.period, score: s.score, base: w.base, ...ranks[i], of: scored.length, lines: s.lines, weights: w } })) })];
};

/** The instant a Beijing day ends (or, with offset -1, the instant the day before `date` ends = `date` begins). */
function endOfDay(date: string, offsetDays = 0): Date {
  const d = new Date(`${date}T00:00:00+08:00`);
  return new Date(d.getTime() + (1 + offsetDays) * 86_400_000);
}

export const BEAT_PRODUCERS: Record<BeatName, BeatProducer> = {
  'daily-assign': dailyAssign,
  'weekly-remind': weeklyRemind,
  'monthly-bulletin': monthlyBulletin,
  'quarterly-review': quarterlyReview,
  escalate,
};
