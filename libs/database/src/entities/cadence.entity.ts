import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn, Unique } from 'typeorm';

/**
 * The supervision cadence's tables. They are written with set-based SQL (libs/domain/src/supervision); the entities
 * state their shape so the schema-drift test sees them, and give typed reads where a row at a time is the point.
 */

/** A jurisdiction's own working-day exception on top of the national calendar. */
@Entity('working_day_override')
export class WorkingDayOverrideEntity {
  @PrimaryColumn('uuid') jurisdictionId!: string;
  @PrimaryColumn('date') day!: string;
  @Column('boolean') isWorking!: boolean;
  @Column('text', { nullable: true }) note!: string | null;
}

/** A jurisdiction's cadence settings: only what differs from the defaults (libs/domain/src/supervision/cadence-policy.ts). */
@Entity('cadence_policy')
export class CadencePolicyEntity {
  @PrimaryColumn('uuid') jurisdictionId!: string;
  @Column('jsonb', { default: () => "'{}'" }) policy!: Record<string, unknown>;
  @Column('timestamptz', { default: () => 'now()' }) updatedAt!: Date;
}

/** One beat of one jurisdiction for one period: run once (unique), done or skipped with the reason. */
@Entity('beat_run')
@Unique('beat_run_jurisdiction_id_beat_period_key', ['jurisdictionId', 'beat', 'period'])
export class BeatRunEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id!: string;
  @Column('uuid') jurisdictionId!: string;
  @Column('text') beat!: string;
  @Column('text') period!: string;
  @Column('text') outcome!: 'done' | 'skipped';
  @Column('text', { nullable: true }) reason!: string | null;
  @Column('timestamptz') asOf!: Date;
  @Column('jsonb', { default: () => "'{}'" }) summary!: Record<string, unknown>;
  @Column('timestamptz', { default: () => 'now()' }) createdAt!: Date;
}

/** The last number given to a kind of document in a jurisdiction's year (〔2026〕第12号). */
@Entity('document_counter')
export class DocumentCounterEntity {
  @PrimaryColumn('uuid') jurisdictionId!: string;
  @PrimaryColumn('int') year!: number;
  @PrimaryColumn('text') kind!: string;
  @Column('int') lastSeq!: number;
}

/** A numbered document (交办单, 催办单, 督办通知单, 工作提醒, 检查通报, 考核), one per kind, unit and period. */
@Entity('supervision_document')
@Unique('supervision_document_kind_unit_id_period_key', ['kind', 'unitId', 'period'])
@Unique('supervision_document_jurisdiction_id_year_kind_seq_key', ['jurisdictionId', 'year', 'kind', 'seq'])
@Index('ix_document_jurisdiction', ['jurisdictionId', 'issuedAt', 'id'])
@Index('ix_document_unit', ['unitId', 'issuedAt', 'id'])
export class SupervisionDocumentEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid') jurisdictionId!: string;
  @Column('text') kind!: string;
  @Column('uuid') unitId!: string;
  @Column('text') period!: string;
  @Column('int') year!: number;
  @Column('int') seq!: number;
  @Column('text') number!: string;
  @Column('text') title!: string;
  @Column('jsonb') content!: unknown;
  @Column('text') bodyText!: string;
  @Column('text') bodyHtml!: string;
  /** while `draft` (待签发, a bulletin under review), the time it was written; its 签发 sets the time it was issued */
  @Column('timestamptz') issuedAt!: Date;
  /** draft: written by the monthly beat for the office to review and issue (cadence policy `bulletinReview`) */
  @Column('text', { default: 'issued' }) status!: 'draft' | 'issued';
  /** a draft's recipients, channels and issuer, for its 签发 (null once issued) */
  @Column('jsonb', { nullable: true }) review!: unknown;
}

/** That a step (a slip, a chase, an escalation) happened for a task and unit: the key that makes it happen once. */
@Entity('supervision_mark')
@Index('ix_mark_document', ['documentId'])
@Index('ix_mark_unit', ['unitId', 'kind', 'createdAt'])
export class SupervisionMarkEntity {
  @PrimaryColumn('text') kind!: string;
  @PrimaryColumn('uuid') taskId!: string;
  @PrimaryColumn('uuid') unitId!: string;
  @PrimaryColumn('text', { default: '' }) ref!: string;
  @Column('uuid', { nullable: true }) documentId!: string | null;
  @Column('timestamptz') createdAt!: Date;
}
