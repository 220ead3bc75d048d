import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const TASK_STATUSES = ['draft', 'assigned', 'acknowledged', 'submitted', 'completed', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
export const TASK_PRIORITIES = ['high', 'normal', 'low'] as const;
export type TaskPriority = (typeof TASK_PRIORITIES)[number];

/** 台账任务. Overdue and the traffic light are derived from currentDeadline at read time, never stored. */
@Entity('task')
@Index('uq_task_code', ['jurisdictionId', 'planYear', 'code'], { unique: true })
@Index('ix_task_lead_deadline', ['leadUnitId', 'currentDeadline', 'id'])
@Index('ix_task_jurisdiction_deadline', ['jurisdictionId', 'currentDeadline', 'id'])
@Index('ix_task_jurisdiction_updated', ['jurisdictionId', 'updatedAt', 'id'])
@Index('ix_task_open_deadline', ['currentDeadline', 'id'], { where: "status IN ('assigned', 'acknowledged', 'submitted')" })
@Index('ix_task_jurisdiction_open_deadline', ['jurisdictionId', 'currentDeadline', 'id'],
  { where: "status IN ('assigned', 'acknowledged', 'submitted')" })
@Index('ix_task_report', ['reportId'], { where: 'report_id IS NOT NULL' })
@Index('ix_task_report_item', ['reportItemId'], { where: 'report_item_id IS NOT NULL' })
@Index('uq_task_import_key', ['jurisdictionId', 'importKey'], { unique: true, where: 'import_key IS NOT NULL' })
@Index('ix_task_group', ['groupId'], { where: 'group_id IS NOT NULL' })
export class TaskEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid') jurisdictionId!: string;
  @Column('text') code!: string;
  @Column('int') planYear!: number;
  @Column('text') title!: string;
  @Column('text', { default: '' }) description!: string;
  @Column('text', { nullable: true }) source!: string | null;
  @Column('uuid', { nullable: true }) reportId!: string | null;
  @Column('uuid', { nullable: true }) reportItemId!: string | null;
  @Column('int', { nullable: true }) sourceSpanStart!: number | null;
  @Column('int', { nullable: true }) sourceSpanEnd!: number | null;
  @Column('uuid') leadUnitId!: string;
  @Index('ix_task_leader') @Column('uuid', { nullable: true }) responsibleLeaderId!: string | null;
  @Column('date') originalDeadline!: string;
  @Column('date') currentDeadline!: string;
  @Column('int', { default: 0 }) extensionCount!: number;
  @Column('text', { default: 'normal' }) priority!: TaskPriority;
  @Column('int', { default: 0 }) progressPercent!: number;
  @Column('text', { default: 'draft' }) status!: TaskStatus;
  @Column('text', { nullable: true }) completionNote!: string | null;
  @Column('int', { default: 0 }) returnCount!: number;
  @Column('timestamptz', { nullable: true }) lastProgressAt!: Date | null;
  /** 定期报送: {kind: weekly|monthly|quarterly, day}, null = none (docs/cadence.md) */
  @Column('jsonb', { nullable: true }) reportCycle!: { kind: 'weekly' | 'monthly' | 'quarterly'; day: number } | null;
  @Column('date', { nullable: true }) reportCycleSince!: string | null;
  @Column('timestamptz', { nullable: true }) assignedAt!: Date | null;
  @Column('timestamptz', { nullable: true }) acknowledgedAt!: Date | null;
  @Column('timestamptz', { nullable: true }) submittedAt!: Date | null;
  @Column('timestamptz', { nullable: true }) completedAt!: Date | null;
  @Column('timestamptz', { nullable: true }) cancelledAt!: Date | null;
  @Column('uuid') createdBy!: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt!: Date;
  @Column('int', { default: 1 }) version!: number;
  /** the row key of the Excel ledger import that created the task, unique per jurisdiction */
  @Column('text', { nullable: true }) importKey!: string | null;
  /** the plan's 工作重点 the task is grouped under (task_group), if any */
  @Column('uuid', { nullable: true }) groupId!: string | null;
  /** the task of an earlier plan year this one continues (结转), if any; a task is carried once */
  @Index('uq_task_carried_from', { unique: true, where: 'carried_from_task_id IS NOT NULL' })
  @Column('uuid', { nullable: true }) carriedFromTaskId!: string | null;
  /** 分解落实: the task this one was broken down from (its sub-task code is the parent's plus -01, -02 …), if any */
  @Index('ix_task_parent', { where: 'parent_task_id IS NOT NULL' })
  @Column('uuid', { nullable: true }) parentTaskId!: string | null;
  /** 复核 (policy reviewBeforeClose): the office user whose 审核通过 awaits a second one, and when; null otherwise */
  @Column('uuid', { nullable: true }) firstApprovedBy!: string | null;
  @Column('timestamptz', { nullable: true }) firstApprovedAt!: Date | null;
}

/** 配合单位, each with its own progress branch. */
@Entity('task_co_owner')
export class TaskCoOwnerEntity {
  @Column('uuid', { primary: true }) taskId!: string;
  @Index('ix_task_co_owner_unit') @Column('uuid', { primary: true }) unitId!: string;
  @Column('int', { default: 0 }) progressPercent!: number;
  @Column('text', { nullable: true }) lastNote!: string | null;
  @Column('timestamptz', { nullable: true }) lastProgressAt!: Date | null;
}

/** Per (jurisdiction, plan year) counter behind readable task codes such as 2025-001. */
@Entity('task_code_counter')
export class TaskCodeCounterEntity {
  @Column('uuid', { primary: true }) jurisdictionId!: string;
  @Column('int', { primary: true }) planYear!: number;
  @Column('int') lastSeq!: number;
}
