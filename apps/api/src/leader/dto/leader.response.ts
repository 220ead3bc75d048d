import { ApiProperty } from '@nestjs/swagger';
import type { LeaderEscalation, LeaderOverview, LeaderTask, LeaderTaskList, LeaderUnitStats } from '@app/domain';
import { TaskResponseDto } from '../../tasks/dto/task.response';

export class LeaderUnitStatsResponseDto implements LeaderUnitStats {
  @ApiProperty() unitId!: string;
  @ApiProperty() unitName!: string;
  @ApiProperty({ description: '在办（已交办、办理中、待审核）' }) open!: number;
  @ApiProperty({ description: '逾期：在办且完成时限早于今天' }) overdue!: number;
  @ApiProperty({ description: '临期：在办且在 dueSoonDays 天内到期' }) dueSoon!: number;
  @ApiProperty() completed!: number;
}

export class InstructionSummaryDto {
  @ApiProperty() text!: string;
  @ApiProperty() at!: Date;
  @ApiProperty({ description: '批示人' }) by!: string;
}

export class LeaderTaskResponseDto extends TaskResponseDto implements LeaderTask {
  @ApiProperty({ description: '当前领导可以批示（牵头单位的分管领导或责任领导）' }) canInstruct!: boolean;
  @ApiProperty({ type: InstructionSummaryDto, nullable: true, description: '最近一条批示' })
  lastInstruction!: InstructionSummaryDto | null;
}

export class LeaderTaskListResponseDto implements LeaderTaskList {
  @ApiProperty({ description: '符合条件的任务总数（台账中可见的全部）' }) total!: number;
  @ApiProperty({ type: [LeaderTaskResponseDto], description: '最紧急的前 10 项，完成时限早的在前' }) items!: LeaderTaskResponseDto[];
}

export class LeaderEscalationResponseDto implements LeaderEscalation {
  @ApiProperty() id!: string;
  @ApiProperty({ description: '文书类型：supervise 督办通知单（逾期）、ack_supervise 督办通知单（未签收）、urge 逾期催办单、ack_chase 签收催办单、due_soon 到期提醒' }) kind!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ type: String, nullable: true }) documentId!: string | null;
  @ApiProperty({ type: String, nullable: true }) documentNumber!: string | null;
  @ApiProperty({ type: String, nullable: true, description: '文书所涉单位' }) unitName!: string | null;
  @ApiProperty() createdAt!: Date;
  @ApiProperty({ type: Date, nullable: true }) readAt!: Date | null;
}

export class LeaderEscalationListResponseDto {
  @ApiProperty() total!: number;
  @ApiProperty() unread!: number;
  @ApiProperty({ type: [LeaderEscalationResponseDto], description: '最新的 10 条' }) items!: LeaderEscalationResponseDto[];
}

export class LeaderOverviewResponseDto implements LeaderOverview {
  @ApiProperty({ example: '2026-03-02', description: '统计日（北京时间）' }) asOf!: string;
  @ApiProperty({ description: '临期的天数' }) dueSoonDays!: number;
  @ApiProperty({ type: [LeaderUnitStatsResponseDto], description: '分管的单位，逾期多的在前' }) units!: LeaderUnitStatsResponseDto[];
  @ApiProperty({ type: LeaderTaskListResponseDto }) overdue!: LeaderTaskListResponseDto;
  @ApiProperty({ type: LeaderTaskListResponseDto }) dueSoon!: LeaderTaskListResponseDto;
  @ApiProperty({ type: LeaderEscalationListResponseDto, description: '发给本人的催办、督办文书' })
  escalations!: LeaderEscalationListResponseDto;
}
