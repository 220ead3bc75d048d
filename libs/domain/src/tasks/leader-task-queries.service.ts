import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '@app/config';
import type { QueryRow } from '@app/database';
import type { Actor } from '../organisation/actor';
import { SqlParams } from '../common/sql-params';
import { taskScopeSetSql } from './task-access';
import { TASK_VIEW_COLUMNS, TASK_VIEW_JOINS, TaskView, toTaskView } from './task-view';
import { OPEN_SQL } from './task-sql';
import { leadsTask } from './task-workflow';

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

/**
 * The tasks of a leader's charge as 领导首页 shows them (the leaders module composes the page): the units' figures and the
 * most urgent open tasks, a few set-based statements over the task tables whatever their size.
 */
@Injectable()
export class LeaderTaskQueriesService {
  constructor(private readonly dataSource: DataSource, private readonly config: AppConfig) {}

  async unitStats(unitIds: string[], today: string, soon: number): Promise<LeaderUnitStats[]> {
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
      [unitIds, today, soon],
    );
    return rows.map((r) => ({ unitId: r.unit_id, unitName: r.unit_name, open: r.open, overdue: r.overdue, dueSoon: r.due_soon,
      completed: r.completed }));
  }

  /**
   * The open tasks of the leader's scope whose deadline is `when` (given today as SQL): the `size` earliest deadlines
   * with the newest 批示 on each, and how many there are in all.
   */
  async urgentTasks(actor: Actor, today: string, size: number, when: (day: string, p: SqlParams) => string): Promise<LeaderTaskList> {
    const p = new SqlParams();
    const scope = taskScopeSetSql(actor, p);
    const deadline = when(`${p.add(today)}::date`, p);
    // the ten are picked (and all counted) on the task table alone; the view's joins and the newest 批示 for those ten only
    const rows: QueryRow[] = await this.dataSource.query(
      `WITH top AS (
         SELECT t.id, count(*) OVER () AS total FROM task t
          WHERE ${scope} AND t.status IN ${OPEN_SQL} AND ${deadline}
          ORDER BY t.current_deadline, t.id LIMIT ${p.add(size)})
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
}
