import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { TaskStatus } from './task.entity';

/** 进展反馈 on one branch (the lead unit's or a co-owner's). */
@Entity('task_progress')
@Index('ix_task_progress_task', ['taskId', 'createdAt'])
export class TaskProgressEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid') taskId!: string;
  @Column('uuid') unitId!: string;
  @Column('uuid') authorId!: string;
  @Column('text') note!: string;
  @Column('int') percent!: number;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
}

export const EXTENSION_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type ExtensionStatus = (typeof EXTENSION_STATUSES)[number];

/** 延期申请. At most one pending per task (partial unique index). */
@Entity('task_extension')
@Index('uq_task_extension_pending', ['taskId'], { unique: true, where: "status = 'pending'" })
export class TaskExtensionEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Index('ix_task_extension_task') @Column('uuid') taskId!: string;
  @Column('uuid') requestedBy!: string;
  @Column('date') previousDeadline!: string;
  @Column('date') requestedDeadline!: string;
  @Column('text') reason!: string;
  @Column('text', { default: 'pending' }) status!: ExtensionStatus;
  @Column('uuid', { nullable: true }) decidedBy!: string | null;
  @Column('timestamptz', { nullable: true }) decidedAt!: Date | null;
  @Column('text', { nullable: true }) decisionReason!: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
}

/** 佐证材料. Kept in PostgreSQL so a task and its evidence share backups and transactions. */
@Entity('evidence_file')
export class EvidenceFileEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Index('ix_evidence_file_task') @Column('uuid') taskId!: string;
  @Column('uuid', { nullable: true }) progressId!: string | null;
  @Column('text') purpose!: 'progress' | 'submission';
  @Column('uuid') uploadedBy!: string;
  @Column('uuid') unitId!: string;
  @Column('text') fileName!: string;
  @Column('text') mimeType!: string;
  @Column('int') size!: number;
  @Column('text') sha256!: string;
  /** files stored before evidence_chunk existed; newer ones keep their bytes in chunks */
  @Column('bytea', { select: false, nullable: true }) content!: Buffer | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
}

/**
 * An evidence file's bytes in pieces of at most 1 MiB, `seq` from 0: written and read a piece at a time so neither
 * an upload nor a download holds a whole file in memory, and still inside the database and its backups (pg_dump).
 */
@Entity('evidence_chunk')
export class EvidenceChunkEntity {
  @PrimaryColumn('uuid') fileId!: string;
  @PrimaryColumn('int') seq!: number;
  @Column('bytea') data!: Buffer;
}

export const TASK_ACTIONS = ['create', 'edit', 'publish', 'acknowledge', 'progress', 'submit', 'approve', 'return',
  'extension_request', 'extension_approve', 'extension_reject', 'transfer', 'cancel', 'reopen',
  'instruct', 'first_approve', 'confirm'] as const;
export type TaskAction = (typeof TASK_ACTIONS)[number];

/** Append-only audit trail (a trigger refuses UPDATE and DELETE). */
@Entity('task_event')
@Index('ix_task_event_task', ['taskId', 'id'])
export class TaskEventEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id!: string;
  @Column('uuid') taskId!: string;
  @Column('uuid', { nullable: true }) actorId!: string | null;
  @Column('uuid', { nullable: true }) actorUnitId!: string | null;
  @Column('timestamptz') at!: Date;
  @Column('text') action!: TaskAction;
  @Column('text', { nullable: true }) fromStatus!: TaskStatus | null;
  @Column('text', { nullable: true }) toStatus!: TaskStatus | null;
  @Column('text', { nullable: true }) reason!: string | null;
  @Column('jsonb', { default: () => "'{}'" }) changes!: Record<string, { from: unknown; to: unknown }>;
}
