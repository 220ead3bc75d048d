import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const UNIT_KINDS = ['jurisdiction', 'office', 'department', 'township'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export interface UnitWebhook {
  kind: 'generic' | 'dingtalk' | 'wecom';
  url: string;
  secret?: string;
}

/**
 * 单位. `path` is the materialised chain of ids from the root ("<root>/<child>/…/<self>/") so a jurisdiction's
 * subtree is one indexed prefix match; `jurisdictionId` is the nearest ancestor-or-self of kind jurisdiction.
 */
@Entity('unit')
@Index('ix_unit_jurisdiction', ['jurisdictionId', 'kind', 'code'])
export class UnitEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Index('uq_unit_code', { unique: true }) @Column('text') code!: string;
  @Column('text') name!: string;
  @Column('text') kind!: UnitKind;
  @Index('ix_unit_parent') @Column('uuid', { nullable: true }) parentId!: string | null;
  @Column('uuid') jurisdictionId!: string;
  @Column('text') path!: string;
  @Column('text', { array: true, default: () => "'{}'" }) emails!: string[];
  @Column('jsonb', { default: () => "'[]'" }) webhooks!: UnitWebhook[];
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt!: Date;
}
