import { Injectable } from '@nestjs/common';
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import type { EntityManager, QueryRunner } from 'typeorm';
import type { TaskAction } from '@app/database';
import { BUSINESS_TIME_ZONE } from '@app/config';
import { insertNotices } from '@app/notifications';
import { businessDate, Clock } from '../common/clock';
import { SqlParams } from '../common/sql-params';
import { DEFAULT_POLICY, NOTICE_EVENTS, NoticeEvent } from '../supervision/cadence-policy';
import { noticeChannelsSql } from '../supervision/cadence-policy-sql';
import { TASK_OPERATIONS, TASK_TRANSITIONS } from './task-workflow';
import type { TaskEventInput } from './task-store';

/** Who a workflow notice goes to, relative to the task. */
export type NoticeRole = 'lead' | 'old_lead' | 'co_owner' | 'office' | 'leader';

export interface NoticeRule {
  /** the step in a word, as the title's 【】 shows it */
  word: string;
  to: readonly NoticeRole[];
  /** the reason's caption in the body, when the event carries one */
  reason?: string;
  /** the closing line per recipient: what they are asked to do, or told */
  ask: Partial<Record<NoticeRole, string>>;
}

const LEADER_KNOWS = '该任务由您分管，特此告知。';

/**
 * Who hears of which step (docs/notices.md). Those who must act: the lead unit for a task given, returned, moved or
 * reopened; the office for what it decides (an extension, a close-out). Those who should know: co-owner units of what
 * changes their share, the responsible leader of the steps that change a task's course. Never the one who acted.
 */
export const NOTICE_RULES: Record<NoticeEvent, NoticeRule> = {
  publish: { word: TASK_TRANSITIONS.publish.label, to: ['lead', 'co_owner', 'leader'], ask: {
    lead: '请及时签收，按期办结并在系统中反馈进展。', co_owner: '你单位为配合单位，请配合牵头单位办理并反馈进展。', leader: LEADER_KNOWS } },
  return: { word: TASK_TRANSITIONS.return.label, to: ['lead', 'leader'], reason: '退回理由', ask: {
    lead: '请按退回意见补充完善后，重新申请办结。', leader: LEADER_KNOWS } },
  extension_request: { word: TASK_OPERATIONS.extension_request.label, to: ['office'], reason: '延期理由', ask: {
    office: '请审批该延期申请（批准或驳回）。' } },
  extension_approve: { word: '批准延期', to: ['lead', 'leader'], reason: '审批意见', ask: {
    lead: '请按新的完成时限办结。', leader: LEADER_KNOWS } },
  extension_reject: { word: '驳回延期', to: ['lead'], reason: '驳回理由', ask: { lead: '请按原完成时限办结。' } },
  submit: { word: TASK_TRANSITIONS.submit.label, to: ['office'], ask: { office: '请审核办结申请：通过销号，或写明理由退回。' } },
  approve: { word: '办结', to: ['lead', 'co_owner', 'leader'], reason: '审核意见', ask: {
    lead: '办结申请已审核通过，任务销号。', co_owner: '任务已办结销号。', leader: LEADER_KNOWS } },
  // 复核: the leader in charge may give the second approval; the lead unit learns its close-out is half-way
  first_approve: { word: '初审通过', to: ['lead', 'leader'], reason: '初审意见', ask: {
    lead: '办结申请已初审通过，待复核后销号。', leader: '办结申请已由法治办初审通过，待复核：您可复核通过销号。' } },
  confirm: { word: '复核通过', to: ['lead', 'co_owner', 'leader'], reason: '复核意见', ask: {
    lead: '办结申请已复核通过，任务销号。', co_owner: '任务已办结销号。', leader: LEADER_KNOWS } },
  transfer: { word: TASK_TRANSITIONS.transfer.label, to: ['lead', 'old_lead', 'leader'], reason: '转交理由', ask: {
    lead: '任务已改由你单位牵头，请及时签收办理。', old_lead: '任务已转交其他单位牵头，你单位不再牵头办理。', leader: LEADER_KNOWS } },
  cancel: { word: TASK_TRANSITIONS.cancel.label, to: ['lead', 'co_owner', 'leader'], reason: '撤销理由', ask: {
    lead: '任务已撤销，无需继续办理。', co_owner: '任务已撤销，无需继续办理。', leader: LEADER_KNOWS } },
  reopen: { word: TASK_TRANSITIONS.reopen.label, to: ['lead', 'co_owner', 'leader'], reason: '重新打开理由', ask: {
    lead: '任务已重新打开，请继续办理。', co_owner: '任务已重新打开，请继续配合办理。', leader: LEADER_KNOWS } },
  instruct: { word: '领导批示', to: ['lead', 'office'], reason: '批示内容', ask: {
    lead: '请按批示要求抓好落实，并在系统中反馈进展。', office: '请跟踪督办批示的落实。' } },
};

/** The notification kind of a step's notices: one per event family, e.g. `task_return`. */
export const noticeKind = (event: NoticeEvent) => `task_${event}`;

// who each role is, as (unit_id, user_id, role, rank) rows of the task `t`; the rank picks one role per recipient
const ROLE_SQL: Record<NoticeRole, (p: SqlParams, e: TaskEventInput) => string> = {
  lead: () => `SELECT t.lead_unit_id, NULL::uuid, 'lead', 1 FROM t`,
  old_lead: (p, e) => `SELECT ${p.add(e.changes?.leadUnitId?.from ?? null)}::uuid, NULL::uuid, 'old_lead', 2`,
  co_owner: () => `SELECT c.unit_id, NULL::uuid, 'co_owner', 3 FROM t JOIN task_co_owner c ON c.task_id = t.id`,
  office: () => `SELECT o.id, NULL::uuid, 'office', 4 FROM t JOIN unit o ON o.jurisdiction_id = t.jurisdiction_id AND o.kind = 'office'`,
  // the task's responsible leader, or without one the leaders in charge of the lead unit
  leader: () => `SELECT u.unit_id, u.id, 'leader', 5 FROM t JOIN app_user u ON u.active AND u.role = 'leader'
    AND (u.id = t.responsible_leader_id OR (t.responsible_leader_id IS NULL
      AND EXISTS (SELECT 1 FROM leader_unit lu WHERE lu.user_id = u.id AND lu.unit_id = t.lead_unit_id)))`,
};

/** Where a transaction's new notice ids wait for its commit (QueryRunner.data is TypeORM's place for such things). */
const PENDING = 'dubanNoticeIds';

/** Leaves notice ids written in `em`'s transaction for its commit (then takeNoticeIds hands them to the dispatcher). */
export function leaveNoticeIdsForCommit(em: EntityManager, ids: string[]): void {
  if (!ids.length || !em.queryRunner) return;
  const data = em.queryRunner.data as Record<string, string[] | undefined>;
  data[PENDING] = [...(data[PENDING] ?? []), ...ids];
}

/** The notice ids written in the query runner's transaction, taken (so handed on once); after its COMMIT. */
export function takeNoticeIds(queryRunner: QueryRunner): string[] {
  const data = queryRunner.data as Record<string, string[] | undefined>;
  const ids = data[PENDING] ?? [];
  delete data[PENDING];
  return ids;
}

const shortTitle = (title: string) => (title.length > 30 ? `${title.slice(0, 29)}…` : title);
const clip = (text: string, max = 500) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
const at = (d: Date) => format(new TZDate(d.getTime(), BUSINESS_TIME_ZONE), 'yyyy-MM-dd HH:mm');

interface TaskFacts {
  code: string;
  title: string;
  deadline: string;
  lead_name: string;
  old_lead_name: string | null;
  co_owner_names: string | null;
}

/**
 * The notices of a workflow step, written in the step's own transaction (TaskStore.recordEvent calls it): one read of
 * the task's names, then one INSERT … SELECT whose recipients are joined in SQL. `dedup_key` is the event id and the
 * recipient, so a step notifies each recipient exactly once. The new ids are left on the transaction's query runner
 * for the API to dispatch after the commit; whatever is not dispatched then, the worker's minute sweep finds pending.
 */
@Injectable()
export class TaskNotices {
  constructor(private readonly clock: Clock) {}

  async write(em: EntityManager, eventId: string, e: TaskEventInput): Promise<string[]> {
    if (!isNoticeEvent(e.action)) return []; // progress (the hot path), create, edit, acknowledge: no notice
    // a draft is nobody's business but the office's: moving or cancelling one tells no one
    if (e.action !== 'publish' && (e.fromStatus === 'draft' || e.toStatus === 'draft')) return [];
    const rule = NOTICE_RULES[e.action];
    const [facts]: TaskFacts[] = await em.query(
      `SELECT t.code, t.title, t.current_deadline AS deadline, lu.name AS lead_name,
         (SELECT o.name FROM unit o WHERE o.id = $2) AS old_lead_name,
         (SELECT string_agg(u.name, '、' ORDER BY u.code) FROM task_co_owner c JOIN unit u ON u.id = c.unit_id
           WHERE c.task_id = t.id) AS co_owner_names
       FROM task t JOIN unit lu ON lu.id = t.lead_unit_id WHERE t.id = $1`,
      [e.taskId, e.changes?.leadUnitId?.from ?? null]);
    if (!facts) return [];
    const now = this.clock.now();
    const bodies = Object.fromEntries(rule.to.map((role) => [role, noticeBody(e, rule, role, facts, now)]));
    const p = new SqlParams();
    const taskId = p.add(e.taskId);
    const who = rule.to.map((role) => ROLE_SQL[role](p, e)).join(' UNION ALL ');
    const event = p.add(e.action);
    const ids = await insertNotices(em, {
      with: `t AS (SELECT * FROM task WHERE id = ${taskId}),
         r (unit_id, user_id, role, rank) AS (${who}),
         pick AS (SELECT DISTINCT ON (coalesce(r.user_id, r.unit_id)) r.* FROM r
           WHERE r.unit_id IS NOT NULL AND r.user_id IS DISTINCT FROM ${p.add(e.actor?.userId ?? null)}::uuid
             AND NOT (r.user_id IS NULL AND r.unit_id IS NOT DISTINCT FROM ${p.add(e.actor?.unitId ?? null)}::uuid)
           ORDER BY coalesce(r.user_id, r.unit_id), r.rank)`,
      columns: {
        dedupKey: `'task-event|' || ${p.add(eventId)} || '|' || coalesce(pick.user_id, pick.unit_id)`,
        kind: p.add(noticeKind(e.action)), jurisdictionId: 't.jurisdiction_id', recipientUnitId: 'pick.unit_id',
        recipientUserId: 'pick.user_id', taskId: 't.id', period: p.add(businessDate(now)),
        title: p.add(`【${rule.word}】${facts.code} ${shortTitle(facts.title)}`),
        body: `${p.add(JSON.stringify(bodies))}::jsonb ->> pick.role`,
        channels: noticeChannelsSql('t.jurisdiction_id', event, p.add(DEFAULT_POLICY.notices[e.action])),
        createdAt: p.add(now),
      },
      from: 'pick CROSS JOIN t',
      params: p.values,
    });
    leaveNoticeIdsForCommit(em, ids);
    return ids;
  }
}

const isNoticeEvent = (action: TaskAction): action is NoticeEvent => (NOTICE_EVENTS as readonly string[]).includes(action);

/** The body as the recipient in `role` reads it: the task, the step (who, when), its particulars, what to do. */
export function noticeBody(e: TaskEventInput, rule: NoticeRule, role: NoticeRole, f: TaskFacts, now: Date): string {
  const who = e.actor ? `${e.actor.unitName} ${e.actor.displayName}` : '系统';
  const lines = [`任务：${f.code} ${f.title}`, `${rule.word}：${who}，${at(now)}`];
  const change = (key: string) => e.changes?.[key] as { from: unknown; to: unknown } | undefined;
  if (e.action === 'transfer') lines.push(`牵头单位：${f.old_lead_name ?? '—'} → ${f.lead_name}`);
  else lines.push(`牵头单位：${f.lead_name}${f.co_owner_names ? `；配合单位：${f.co_owner_names}` : ''}`);
  const requested = change('requestedDeadline');
  const moved = change('currentDeadline');
  if (requested) lines.push(`申请延期至：${String(requested.to)}（原完成时限 ${String(requested.from)}）`);
  else if (moved) lines.push(`完成时限：${String(moved.from)} → ${String(moved.to)}`);
  else lines.push(`完成时限：${f.deadline}`);
  const note = change('completionNote');
  if (e.action === 'submit' && note?.to) lines.push(`办结说明：${clip(String(note.to))}`);
  if (rule.reason && e.reason) lines.push(`${rule.reason}：${clip(e.reason)}`);
  const ask = rule.ask[role];
  if (ask) lines.push(ask);
  return lines.join('\n');
}
