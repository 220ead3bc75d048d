import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { QueryRow } from '@app/database';
import { businessDateSql, Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import type { Actor } from '../organisation/actor';
import { TASK_COMPLETION_NOTES, TASK_ROWS, TASK_SUBMISSION_EVIDENCE } from '../tasks/task-projections';
import { TaskWorkflowService } from '../tasks/task-workflow.service';
import { mergePolicy } from './cadence-policy';

export interface DrawSpotCheckInput {
  /** YYYY-MM: the month whose completed tasks are drawn from */
  month: string;
  /** the share drawn, (0, 1]; unset: the policy's spotCheckShare */
  share?: number;
  /** the seed; unset: a random one. Stored either way, so anyone can redo the draw (drawSample) */
  seed?: string;
}

export interface SpotCheckItemView {
  taskId: string;
  code: string;
  title: string;
  leadUnit: { id: string; name: string };
  completedAt: Date;
  /** what the inspector verifies: the close-out note and each piece of close-out evidence */
  checklist: string[];
  result: 'passed' | 'failed' | null;
  finding: string | null;
  checkedAt: Date | null;
}

export interface SpotCheckView {
  id: string;
  month: string;
  share: number;
  seed: string;
  /** how many tasks were completed in the month (drawn from) */
  population: number;
  drawnAt: Date;
  items: SpotCheckItemView[];
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const invalid = (field: string, message: string) => new DomainError('invalid', 'SPOT_CHECK_INVALID', message, { field });
const forbidden = () => new DomainError('forbidden', 'SPOT_CHECK_FORBIDDEN', '只有本辖区法治办可以抽取或登记督察抽查');
const notFound = () => new DomainError('not_found', 'SPOT_CHECK_NOT_FOUND', '该月没有督察抽查，或不在您的权限范围内');

/**
 * The draw, reproducible from its seed: the tasks ordered by sha256(seed:taskId), the first ⌈n × share⌉ taken (at least
 * one when any task was completed). The order of `taskIds` does not matter.
 */
export function drawSample(seed: string, taskIds: readonly string[], share: number): string[] {
  const n = taskIds.length ? Math.max(1, Math.ceil(taskIds.length * share - 1e-9)) : 0;
  const key = (id: string) => createHash('sha256').update(`${seed}:${id}`).digest('hex');
  return [...taskIds].map((id) => ({ id, k: key(id) })).sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0))
    .slice(0, n).map((x) => x.id);
}

/**
 * 督察抽查: the office of a jurisdiction draws a share of the month's completed tasks (one draw per month) and records
 * a result per task; 不通过 reopens the task with the finding as its reason, and the quarterly assessment deducts it
 * from the lead unit (beats.ts quarterlyReview). Departments read the results of their own tasks.
 */
@Injectable()
export class SpotChecksService {
  constructor(private readonly dataSource: DataSource, private readonly clock: Clock,
    private readonly workflow: TaskWorkflowService) {}

  async draw(actor: Actor, input: DrawSpotCheckInput): Promise<SpotCheckView> {
    if (actor.role !== 'office') throw forbidden();
    if (!MONTH.test(input.month ?? '')) throw invalid('month', '抽查月份（month）应为 YYYY-MM 格式，如 2026-03');
    if (input.month > this.clock.today().slice(0, 7)) throw invalid('month', '抽查月份（month）不能晚于本月');
    if (input.share !== undefined && !(typeof input.share === 'number' && input.share > 0 && input.share <= 1)) {
      throw invalid('share', '抽查比例（share）应为大于 0、不超过 1 的数，如 0.33');
    }
    if (input.seed !== undefined && !/^[\w-]{1,64}$/.test(input.seed)) {
      throw invalid('seed', '随机种子（seed）应为 1–64 位字母、数字、下划线或连字符');
    }
    const jurisdictionId = actor.jurisdictionId;
    const [stored] = await this.dataSource.query(`SELECT policy FROM cadence_policy WHERE jurisdiction_id = $1`, [jurisdictionId]);
    const share = input.share ?? mergePolicy(stored?.policy).spotCheckShare;
    const seed = input.seed ?? randomBytes(8).toString('hex');
    return this.dataSource.transaction(async (em) => {
      const population: Array<{ id: string }> = await em.query(`SELECT t.id FROM ${TASK_ROWS} t
        WHERE t.jurisdiction_id = $1 AND t.status = 'completed' AND to_char(${businessDateSql('t.completed_at')}, 'YYYY-MM') = $2`, [jurisdictionId, input.month]);
      const drawn = drawSample(seed, population.map((r) => r.id), share);
      let id: string;
      try {
        [{ id }] = await em.query(`INSERT INTO spot_check (jurisdiction_id, month, share, seed, population, drawn_by, drawn_at)
          VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [jurisdictionId, input.month, share, seed, population.length, actor.userId, this.clock.now()]);
      } catch (err) {
        if ((err as { code?: string }).code === '23505') {
          throw new DomainError('conflict', 'SPOT_CHECK_ALREADY_DRAWN', `${input.month} 的督察抽查已经抽取，每月只抽一次`);
        }
        throw err;
      }
      await em.query(`INSERT INTO spot_check_item (spot_check_id, task_id, position)
        SELECT $1, x.id, x.n FROM unnest($2::uuid[]) WITH ORDINALITY AS x(id, n)`, [id, drawn]);
      return (await this.view(em.query.bind(em), actor, jurisdictionId, input.month))!;
    });
  }

  /** The month's draw as the caller sees it: the office all of it, a department only its own tasks' items. */
  async get(actor: Actor, month: string): Promise<SpotCheckView> {
    if (!MONTH.test(month ?? '')) throw invalid('month', '抽查月份（month）应为 YYYY-MM 格式，如 2026-03');
    if (actor.role !== 'office' && actor.role !== 'department') throw notFound();
    const view = await this.view(this.dataSource.query.bind(this.dataSource), actor, actor.jurisdictionId, month);
    if (!view || (actor.role === 'department' && !view.items.length)) throw notFound();
    return view;
  }

  /** 通过, or 不通过 with a finding: the task is reopened with “督察抽查未通过：<finding>” as the reason, in one transaction. */
  async record(actor: Actor, checkId: string, taskId: string, passed: boolean, finding?: string): Promise<SpotCheckView> {
    if (actor.role !== 'office') throw forbidden();
    const text = finding?.trim() || null;
    if (!passed && !text) throw invalid('finding', '不通过时须填写发现的问题（finding）');
    if (text && text.length > 500) throw invalid('finding', '发现的问题（finding）不能超过 500 字');
    return this.dataSource.transaction(async (em) => {
      const [item] = await em.query(`SELECT i.result, c.month FROM spot_check_item i JOIN spot_check c ON c.id = i.spot_check_id
        WHERE i.spot_check_id = $1 AND i.task_id = $2 AND c.jurisdiction_id = $3 FOR UPDATE OF i`, [checkId, taskId, actor.jurisdictionId]);
      if (!item) throw notFound();
      if (item.result) throw new DomainError('conflict', 'SPOT_CHECK_ALREADY_RECORDED', '该任务的抽查结果已经登记，不能重复登记');
      await em.query(`UPDATE spot_check_item SET result = $3, finding = $4, checked_by = $5, checked_at = $6
        WHERE spot_check_id = $1 AND task_id = $2`,
      [checkId, taskId, passed ? 'passed' : 'failed', passed ? null : text, actor.userId, this.clock.now()]);
      if (!passed) await this.workflow.transition(actor, taskId, 'reopen', { reason: `督察抽查未通过：${text}` }, em);
      return (await this.view(em.query.bind(em), actor, actor.jurisdictionId, item.month))!;
    });
  }

  private async view(query: (sql: string, params: unknown[]) => Promise<QueryRow[]>, actor: Actor, jurisdictionId: string,
    month: string): Promise<SpotCheckView | null> {
    const [check] = await query(`SELECT id, month, share, seed, population, drawn_at AS "drawnAt" FROM spot_check
      WHERE jurisdiction_id = $1 AND month = $2`, [jurisdictionId, month]);
    if (!check) return null;
    const own = actor.role === 'department' ? actor.unitId : null;
    const items = await query(
      `SELECT i.task_id AS "taskId", t.code, t.title, json_build_object('id', u.id, 'name', u.name) AS "leadUnit",
         t.completed_at AS "completedAt", n.completion_note AS note, i.result, i.finding, i.checked_at AS "checkedAt",
         (SELECT array_agg(e.file_name ORDER BY e.created_at) FROM ${TASK_SUBMISSION_EVIDENCE} e WHERE e.task_id = i.task_id) AS files
       FROM spot_check_item i JOIN ${TASK_ROWS} t ON t.id = i.task_id JOIN unit u ON u.id = t.lead_unit_id
       JOIN ${TASK_COMPLETION_NOTES} n ON n.task_id = i.task_id
       WHERE i.spot_check_id = $1 AND ($2::uuid IS NULL OR t.lead_unit_id = $2) ORDER BY i.position`,
    [check.id, own]) as Array<SpotCheckItemView & { note: string | null; files: string[] | null }>;
    return { ...(check as Omit<SpotCheckView, 'items'>), items: items.map(({ note, files, ...i }) => ({ ...i,
      checklist: [`办结说明：${note ?? '（无）'}`, ...(files ?? []).map((f) => `佐证材料：${f}`)] })) };
  }
}
