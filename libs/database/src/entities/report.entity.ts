import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export interface StoredSection {
  heading: string;
  ordinal: string | null;
  kind: 'work' | 'problems' | 'plan' | 'suggestions' | 'other';
  span: { start: number; end: number };
}

/** An imported rule-of-law report: the original bytes, the decoded text spans index into, and what was parsed. */
@Entity('report')
@Index('uq_report_sha256', ['jurisdictionId', 'sha256'], { unique: true })
@Index('ix_report_jurisdiction_created', ['jurisdictionId', 'createdAt'])
export class ReportEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid') jurisdictionId!: string;
  @Column('uuid') uploadedBy!: string;
  @Column('text') fileName!: string;
  @Column('text') mimeType!: string;
  @Column('int') byteSize!: number;
  @Column('text') sha256!: string;
  @Column('bytea', { select: false }) original!: Buffer;
  @Column('text') encoding!: string;
  @Column('text') sourceType!: string;
  @Column('text', { select: false }) text!: string;
  @Column('text', { nullable: true }) title!: string | null;
  @Column('text', { nullable: true }) organization!: string | null;
  @Column('int', { nullable: true }) reportYear!: number | null;
  @Column('int', { nullable: true }) planYear!: number | null;
  @Column('date', { nullable: true }) reportDate!: string | null;
  @Column('text', { nullable: true }) docNumber!: string | null;
  @Column('text', { nullable: true }) signer!: string | null;
  @Column('jsonb', { default: () => "'[]'" }) sections!: StoredSection[];
  @Column('jsonb', { default: () => "'[]'" }) warnings!: Array<{ code: string; message: string }>;
  @Column('text') parserVersion!: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
}

export const REPORT_ITEM_KINDS = ['problem', 'measure', 'suggestion'] as const;
export type ReportItemKind = (typeof REPORT_ITEM_KINDS)[number];

export interface OwnerSuggestion {
  leadUnitId: string | null;
  coOwnerUnitIds: string[];
  deadline: string;
  /** why: the rule keywords or the phrase that matched, the time phrase */
  basis: string[];
}

export interface Recurrence {
  reportId: string;
  itemId: string;
  reportYear: number | null;
  text: string;
  similarity: number;
}

/** 问题 / 举措 / 建议 of a report, parsed or added by hand; children point at their parent item. */
@Entity('report_item')
@Index('ix_report_item_report', ['reportId', 'kind', 'position'])
export class ReportItemEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid') reportId!: string;
  @Column('uuid', { nullable: true }) parentId!: string | null;
  @Column('text') kind!: ReportItemKind;
  @Column('int') position!: number;
  @Column('text', { nullable: true }) ordinal!: string | null;
  @Column('text') heading!: string;
  @Column('text') text!: string;
  @Column('int', { nullable: true }) spanStart!: number | null;
  @Column('int', { nullable: true }) spanEnd!: number | null;
  @Column('boolean', { default: false }) manual!: boolean;
  @Column('jsonb', { nullable: true }) suggestion!: OwnerSuggestion | null;
  @Column('jsonb', { default: () => "'[]'" }) recurrence!: Recurrence[];
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt!: Date;
}

export const LINK_STATUSES = ['suggested', 'confirmed', 'rejected'] as const;
export type LinkStatus = (typeof LINK_STATUSES)[number];

/** Which measure answers which problem: suggested by shared key terms, confirmed or rejected by the office. */
@Entity('report_item_link')
export class ReportItemLinkEntity {
  @Column('uuid', { primary: true }) problemItemId!: string;
  @Index('ix_report_item_link_measure') @Column('uuid', { primary: true }) measureItemId!: string;
  @Index('ix_report_item_link_report') @Column('uuid') reportId!: string;
  @Column('real') score!: number;
  @Column('text', { array: true, default: () => "'{}'" }) terms!: string[];
  @Column('text', { default: 'suggested' }) status!: LinkStatus;
}

/** Keyword → owner unit rules of a jurisdiction (执法/普法 → 司法局 …). */
@Entity('owner_rule')
@Index('ix_owner_rule_jurisdiction', ['jurisdictionId'])
export class OwnerRuleEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid') jurisdictionId!: string;
  @Column('text', { array: true }) keywords!: string[];
  @Column('uuid') unitId!: string;
  @Column('text', { default: 'lead' }) role!: 'lead' | 'co_owner';
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
}
