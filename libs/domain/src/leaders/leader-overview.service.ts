import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '@app/config';
import type { QueryRow } from '@app/database';
import { InboxService, UserNotice } from '@app/notifications';
import type { Actor } from '../organisation/actor';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { SqlParams } from '../common/sql-params';
import type { DocumentKind } from '../supervision/cadence-policy';
import { taskScopeSetSql } from '../tasks/task-access';
import { TASK_VIEW_COLUMNS, TASK_VIEW_JOINS, TaskView, toTaskView } from '../tasks/task-view';
import { OPEN_SQL } from '../tasks/task-sql';
import { leadsTask } from '../tasks/task-workflow';

/** One unit in the leader's charge, counted over the tasks it leads (the dashboard's unit figures). */
export interface LeaderUnitStats {
  unitId: string;
  unitName: string;
  open: number;
  overdue: number;
  dueSoon: number;
  completed: number;
}

export interface LeaderTask extends TaskView {
  /** the leader may give a 批示 on it (in charge of its lead unit, or its responsible leader) */
  canInstruct: boolean;
  /** the newest 批示 on the task, by any leader */
  lastInstruction: { text: string; at: Date; by: string } | null;
}

export interface LeaderTaskList {
  /** every such task in the leader's scope; `items` are the most urgent of them */
  total: number;
  items: LeaderTask[];
}

/** A notice of the escalation ladder sent to the leader (督办通知单 and whatever else the office sends leaders). */
export type LeaderEscalation = UserNotice;

export interface LeaderOverview {
  asOf: string;
  dueSoonDays: number;
  units: LeaderUnitStats[];
  overdue: LeaderTaskList;
  dueSoon: LeaderTaskList;
  escalations: { total: number; unread: number; items: LeaderEscalation[] };
}

/** The notices of the escalation ladder (cadence-policy's ladder and the 签收 chase), the kinds a leader may be sent. */
export const ESCALATION_KINDS: readonly DocumentKind[] = ['supervise', 'urge', 'ack_chase', 'due_soon'];

/** How many of each list the overview shows; the rest are a link to the ledger away. */
export const LEADER_LIST_SIZE = 10;

/**
 * 领导首页: the units a leader is in charge of with their open, overdue and due-soon counts (the ledger's and the
 * dashboard's definitions: open = assigned, acknowledged or submitted; overdue = open with the current deadline before
 * today; due soon = open and due within `tasks.dueSoonDays` days), the most urgent overdue and due-soon tasks of the
 * leader's scope (the ledger's rows for a leader, so "共 N 条" is what /tasks?overdue=true shows), and the escalations
 * sent to the leader. A few set-based statements, whatever the number of units and tasks.
 */
@Injectable()
export class LeaderOverviewService {
  constructor(private readonly dataSource: DataSource, private readonly clock: Clock, private readonly config: AppConfig,
    private readonly notices: InboxService) {}

  async overview(actor: Actor): Promise<LeaderOverview> {
    if (actor.role !== 'leader') {
      throw new DomainError('forbidden', 'LEADER_ONLY', '领导首页仅供分管领导使用');
    }
    const today = this.clock.today();
    const soon = this.config.tasks.dueSoonDays;
    const [units, overdue, dueSoon, escalations] = await Promise.all([
      this.units(actor, today, soon),
      this.tasks(actor, today, (day) => `t.current_deadline < ${day}`),
      this.tasks(actor, today, (day, p) => `t.current_deadline >= ${day} AND t.current_deadline <= ${day} + ${p.add(soon)}::int`),
      this.escalations(actor),
    ]);
    return { asOf: today, dueSoonDays: soon, units, overdue, dueSoon, escalations };
  }

  private async units(actor: Actor, today: string, soon: number): Promise<LeaderUnitStats[]> {
    const rows: QueryRow[] = await this.dataSource.query(
      `SELECT u.id AS unit_id, u.name AS unit_name,
              (count(t.id) FILTER (WHERE t.status IN ${OPEN_SQL}))::int AS open,
              (count(t.id) FILTER (WHERE t.status IN ${OPEN_SQL} AND t.current_deadline < $2::date))::int AS overdue,
              (count(t.id) FILTER (WHERE t.status IN ${OPEN_SQL} AND t.current_deadline >= $2::date
                                   AND t.current_deadline <= $2::date + $3::int))::int AS due_soon,
              (count(t.id) FILTER (WHERE t.status = 'completed'))::int AS completed
         FROM unit u LEFT JOIN task t ON t.lead_unit_id = u.id AND t.status <> 'draft'
        WHERE u.id = ANY($1::uuid[])
        GROUP BY u.id, u.name, u.code
        ORDER BY overdue DESC, due_soon DESC, open DESC, u.code`,
      [actor.leaderUnitIds, today, soon],
    );
    return rows.map((r) => ({ unitId: r.unit_id, unitName: r.unit_name, open: r.open, overdue: r.overdue, dueSoon: r.due_soon,
      completed: r.completed }));
  }

  /** The open tasks of the leader's scope whose deadline is `when` (given today as SQL), earliest deadline first. */
  private async tasks(actor: Actor, today: string, when: (day: string, p: SqlParams) => string): Promise<LeaderTaskList> {
    const p = new SqlParams();
    const scope = taskScopeSetSql(actor, p);
    const deadline = when(`${p.add(today)}::date`, p);
    // the ten are picked (and all counted) on the task table alone; the view's joins and the newest 批示 for those ten only
    const rows: QueryRow[] = await this.dataSource.query(
      `WITH top AS (
         SELECT t.id, count(*) OVER () AS total FROM task t
          WHERE ${scope} AND t.status IN ${OPEN_SQL} AND ${deadline}
          ORDER BY t.current_deadline, t.id LIMIT ${LEADER_LIST_SIZE})
       SELECT ${TASK_VIEW_COLUMNS}, top.total, i.reason AS instruction, i.at AS instruction_at, i.actor_name AS instruction_by
         FROM top JOIN task t ON t.id = top.id ${TASK_VIEW_JOINS}
         LEFT JOIN LATERAL (SELECT e.reason, e.at, u.display_name AS actor_name FROM task_event e
                              LEFT JOIN app_user u ON u.id = e.actor_id
                             WHERE e.task_id = t.id AND e.action = 'instruct' ORDER BY e.id DESC LIMIT 1) i ON true
        ORDER BY t.current_deadline, t.id`,
      p.values,
    );
    const soon = this.config.tasks.dueSoonDays;
    return {
      total: rows.length ? Number(rows[0].total) : 0,
      items: rows.map((r) => ({
        ...toTaskView(r, today, soon),
        canInstruct: leadsTask(actor, { leadUnitId: r.lead_unit_id, responsibleLeaderId: r.responsible_leader_id }),
        lastInstruction: r.instruction === null ? null : { text: r.instruction, at: r.instruction_at, by: r.instruction_by },
      })),
    };
  }

  private escalations(actor: Actor): Promise<LeaderOverview['escalations']> {
    return this.notices.sentToUser(actor.userId, ESCALATION_KINDS, LEADER_LIST_SIZE);
  }
}
