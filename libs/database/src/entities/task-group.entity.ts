import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/**
 * 工作重点: a heading of the year's plan that groups tasks (seed 003's "7大工作重点、28项任务"), per jurisdiction and plan
 * year, shown in the ledger and its export in `position` order. Owned by the tasks module.
 */
@Entity('task_group')
@Index('uq_task_group_title', ['jurisdictionId', 'planYear', 'title'], { unique: true })
export class TaskGroupEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid') jurisdictionId!: string;
  @Column('int') planYear!: number;
  @Column('text') title!: string;
  /** 1, 2, 3 … within the jurisdiction's plan year */
  @Column('int') position!: number;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt!: Date;
}
