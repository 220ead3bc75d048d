import { ApiProperty } from '@nestjs/swagger';
import {
  ITEM_OUTCOMES, TASK_OUTCOMES, type ItemOutcome, type OutcomeItemView, type OutcomeSummary, type OutcomeTaskView, type ReportOutcomeView,
  type TaskOutcome,
} from '@app/domain';
import { TaskRefDto } from '../../tasks/dto/task.response';

// `implements` the domain's view: a field the domain adds and the DTO lacks fails the build
export class OutcomeTaskDto implements OutcomeTaskView {
  @ApiProperty() id!: string;
  @ApiProperty() code!: string;
  @ApiProperty() title!: string;
  @ApiProperty() planYear!: number;
  @ApiProperty() reportItemId!: string;
  @ApiProperty() leadUnitName!: string;
  @ApiProperty({ type: [String] }) coOwnerNames!: string[];
  @ApiProperty() originalDeadline!: string;
  @ApiProperty() currentDeadline!: string;
  @ApiProperty() extensionCount!: number;
  @ApiProperty({ type: String, nullable: true, description: '办结（销号）日期，北京时间' }) completedOn!: string | null;
  @ApiProperty({ enum: TASK_OUTCOMES, enumName: 'TaskOutcome' }) outcome!: TaskOutcome;
  @ApiProperty() outcomeLabel!: string;
  @ApiProperty({ type: String, nullable: true, description: '撤销（或结转）时填写的理由' }) cancelReason!: string | null;
  @ApiProperty({ type: TaskRefDto, nullable: true, description: '结转至下一年度的任务' }) carriedTo!: TaskRefDto | null;
  @ApiProperty({ type: [String], description: '佐证材料文件名，办结时提交的在前' }) evidence!: string[];
}

export class OutcomeItemDto implements OutcomeItemView {
  @ApiProperty() itemId!: string;
  @ApiProperty({ enum: ['problem', 'measure'] }) kind!: 'problem' | 'measure';
  @ApiProperty({ type: String, nullable: true }) ordinal!: string | null;
  @ApiProperty() heading!: string;
  @ApiProperty() text!: string;
  @ApiProperty({ enum: ITEM_OUTCOMES, enumName: 'ItemOutcome', description: '条目的办理结果：未撤销任务中最未完成的一项；未生成任务为 untracked（未立项）' })
  outcome!: ItemOutcome;
  @ApiProperty() outcomeLabel!: string;
  @ApiProperty({ type: [OutcomeTaskDto] }) tasks!: OutcomeTaskDto[];
}

export class OutcomeSummaryDto implements OutcomeSummary {
  @ApiProperty() problems!: number;
  @ApiProperty() measures!: number;
  @ApiProperty({ description: '已办结的条目数（按期、延期后、逾期）' }) completed!: number;
  @ApiProperty() onTime!: number;
  @ApiProperty() extended!: number;
  @ApiProperty() late!: number;
  @ApiProperty() carried!: number;
  @ApiProperty() cancelled!: number;
  @ApiProperty() open!: number;
  @ApiProperty() unassigned!: number;
  @ApiProperty() untracked!: number;
}

export class ReportOutcomeResponseDto implements ReportOutcomeView {
  @ApiProperty() reportId!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ type: Number, nullable: true }) reportYear!: number | null;
  @ApiProperty({ type: Number, nullable: true }) planYear!: number | null;
  @ApiProperty({ description: '统计截止日（北京时间）' }) asOf!: string;
  @ApiProperty() summary!: OutcomeSummaryDto;
  @ApiProperty({ type: [OutcomeItemDto] }) problems!: OutcomeItemDto[];
  @ApiProperty({ type: [OutcomeItemDto] }) measures!: OutcomeItemDto[];
}
