import { Injectable } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { InboxService, UserNotice } from '@app/notifications';
import type { Actor } from '../organisation/actor';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import type { DocumentKind } from '../supervision/cadence-policy';
import { LeaderTaskList, LeaderTaskQueriesService, LeaderUnitStats } from '../tasks/leader-task-queries.service';

export type { LeaderTask, LeaderTaskList, LeaderUnitStats } from '../tasks/leader-task-queries.service';

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
export const ESCALATION_KINDS: readonly DocumentKind[] = ['supervise', 'ack_supervise', 'urge', 'ack_chase',
  'due_soon'];

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
  constructor(
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly leaderTasks: LeaderTaskQueriesService,
    private readonly notices: InboxService,
  ) {}

  async overview(actor: Actor): Promise<LeaderOverview> {
    if (actor.role !== 'leader') {
      throw new DomainError('forbidden', 'LEADER_ONLY', '领导首页仅供分管领导使用');
    }
    const today = this.clock.today();
    const soon = this.config.tasks.dueSoonDays;
    const [units, overdue, dueSoon, escalations] = await Promise.all([
      this.leaderTasks.unitStats(actor.leaderUnitIds, today, soon),
      this.leaderTasks.urgentTasks(actor, today, LEADER_LIST_SIZE, (day) => `t.current_deadline < ${day}`),
      this.leaderTasks.urgentTasks(actor, today, LEADER_LIST_SIZE,
        (day, p) => `t.current_deadline >= ${day} AND t.current_deadline <= ${day} + ${p.add(soon)}::int`),
      this.escalations(actor),
    ]);
    return { asOf: today, dueSoonDays: soon, units, overdue, dueSoon, escalations };
  }

  private escalations(actor: Actor): Promise<LeaderOverview['escalations']> {
    return this.notices.sentToUser(actor.userId, ESCALATION_KINDS, LEADER_LIST_SIZE);
  }
}
