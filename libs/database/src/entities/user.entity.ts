import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const USER_ROLES = ['admin', 'office', 'department', 'leader'] as const;
export type UserRole = (typeof USER_ROLES)[number];

@Entity('app_user')
export class UserEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Index('uq_app_user_username', { unique: true }) @Column('text') username!: string;
  @Column('text') displayName!: string;
  @Column('text', { select: false }) passwordHash!: string;
  @Column('text') role!: UserRole;
  @Index('ix_app_user_unit') @Column('uuid') unitId!: string;
  @Column('text', { nullable: true }) email!: string | null;
  @Column('boolean', { default: true }) active!: boolean;
  /** carried in every token; bumped to end all of them (new password, deactivation, role change) */
  @Column('integer', { default: 0, select: false }) tokenVersion!: number;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt!: Date;
}

/** 分管领导 ↔ 单位: the units a leader is in charge of. */
@Entity('leader_unit')
export class LeaderUnitEntity {
  @Column('uuid', { primary: true }) userId!: string;
  @Index('ix_leader_unit_unit') @Column('uuid', { primary: true }) unitId!: string;
}
