import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { EXTENSION_STATUSES, ExtensionStatus, TASK_PRIORITIES, TASK_STATUSES, TaskPriority, TaskStatus } from '@app/database';
import type {
  AllowedAction, BulkResult, ParentRef, SubtaskItem, SubtaskRollup, CoOwnerBranch, EvidenceView, LedgerImportProgress, LedgerImportResult, LedgerImportRowError, TaskHistoryEntry, TaskMonthStats, TaskPage, TaskReportStats, TaskStats, UnitWithoutLeader,
  TaskUnitStats, TaskView, TrafficLight,
} from '@app/domain';
import { ErrorResponseDto } from '../../http/api-responses';
import { ReportCycleDto } from './task.dto';

// `implements` the domain's view: a field the domain adds and the DTO lacks fails the build; the controllers' return
// types (these DTOs) catch the other direction
const LIGHTS = ['green', 'yellow', 'red'] as const satisfies readonly TrafficLight[];
const ALLOWED_ACTIONS = ['publish', 'acknowledge', 'submit', 'approve', 'confirm', 'return', 'cancel', 'reopen', 'transfer', 'edit', 'progress',
  'extension_request', 'extension_decide', 'instruct'] as const satisfies readonly AllowedAction[];
const taskStatus = { enum: TASK_STATUSES, enumName: 'TaskStatus' } as const;

export class IdNameDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
}

export class TaskGroupRefDto {
  @ApiProperty() id!: string;
  @ApiProperty({ example: '深化法治政府建设' }) title!: string;
  @ApiProperty({ description: '在本年度工作重点中的次序，从 1 起' }) position!: number;
}

export class TaskGroupResponseDto {
  @ApiProperty() id!: string;
  @ApiProperty() jurisdictionId!: string;
  @ApiProperty({ example: 2026 }) planYear!: number;
  @ApiProperty({ example: '深化法治政府建设' }) title!: string;
  @ApiProperty({ description: '次序，从 1 起' }) position!: number;
  @ApiProperty({ description: '其中调用者可见的任务数' }) taskCount!: number;
}

export class TaskGroupSetResponseDto {
  @ApiProperty({ description: '设置的任务数' }) updated!: number;
}

export class SpanDto {
  @ApiProperty() start!: number;
  @ApiProperty() end!: number;
}

export class CoOwnerBranchDto implements CoOwnerBranch {
  @ApiProperty() unitId!: string;
  @ApiProperty() unitName!: string;
  @ApiProperty() progressPercent!: number;
  @ApiProperty({ type: String, nullable: true }) lastNote!: string | null;
  @ApiProperty({ type: Date, nullable: true }) lastProgressAt!: Date | null;
}

export class PendingExtensionDto {
  @ApiProperty() id!: string;
  @ApiProperty({ example: '2027-03-31' }) requestedDeadline!: string;
  @ApiProperty() reason!: string;
  @ApiProperty() requestedAt!: Date;
}

export class SourceReportDto {
  @ApiProperty() id!: string;
  @ApiProperty({ type: String, nullable: true }) title!: string | null;
  @ApiProperty({ type: String, nullable: true }) itemId!: string | null;
  @ApiProperty({ type: String, nullable: true }) text!: string | null;
}

export class TaskRefDto {
  @ApiProperty() id!: string;
  @ApiProperty() code!: string;
  @ApiProperty() planYear!: number;
}

export class SubtaskResponseDto implements SubtaskItem {
  @ApiProperty() id!: string;
  @ApiProperty({ example: '2026-007-01' }) code!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ type: IdNameDto }) leadUnit!: IdNameDto;
  @ApiProperty({ enum: TASK_STATUSES, enumName: 'TaskStatus' }) status!: TaskStatus;
  @ApiProperty() statusLabel!: string;
  @ApiProperty({ example: '2026-09-30' }) currentDeadline!: string;
  @ApiProperty() overdue!: boolean;
  @ApiProperty({ enum: LIGHTS, enumName: 'TrafficLight', nullable: true }) light!: TrafficLight | null;
  @ApiProperty() progressPercent!: number;
}

export class SubtaskRollupResponseDto implements SubtaskRollup {
  @ApiProperty({ description: '子任务总数' }) total!: number;
  @ApiProperty({ description: '已办结' }) completed!: number;
  @ApiProperty({ description: '已撤销' }) cancelled!: number;
  @ApiProperty({ description: '未办结（既未办结也未撤销）' }) open!: number;
  @ApiProperty({ description: '其中已逾期' }) overdue!: number;
  @ApiProperty({ type: [SubtaskResponseDto], description: '按编号排列' }) items!: SubtaskResponseDto[];
}

export class ParentRefDto implements ParentRef {
  @ApiProperty() id!: string;
  @ApiProperty() code!: string;
  @ApiProperty() title!: string;
}

export class FirstApprovalDto {
  @ApiProperty({ type: IdNameDto }) by!: IdNameDto;
  @ApiProperty() at!: Date;
}

export class TaskResponseDto implements TaskView {
  @ApiProperty() id!: string;
  @ApiProperty() code!: string;
  @ApiProperty() planYear!: number;
  @ApiProperty() jurisdictionId!: string;
  @ApiProperty() title!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ type: String, nullable: true }) source!: string | null;
  @ApiProperty({ type: String, nullable: true }) reportId!: string | null;
  @ApiProperty({ type: String, nullable: true }) reportItemId!: string | null;
  @ApiProperty({ type: SpanDto, nullable: true }) sourceSpan!: SpanDto | null;
  @ApiProperty() leadUnit!: IdNameDto;
  @ApiProperty({ type: TaskGroupRefDto, nullable: true, description: '所属工作重点' }) group!: TaskGroupRefDto | null;
  @ApiProperty({ type: [CoOwnerBranchDto] }) coOwners!: CoOwnerBranchDto[];
  @ApiProperty({ type: IdNameDto, nullable: true }) responsibleLeader!: IdNameDto | null;
  @ApiProperty({ example: '2026-12-31' }) originalDeadline!: string;
  @ApiProperty({ example: '2026-12-31' }) currentDeadline!: string;
  @ApiProperty() extensionCount!: number;
  @ApiProperty({ enum: TASK_PRIORITIES, enumName: 'TaskPriority' }) priority!: TaskPriority;
  @ApiProperty() progressPercent!: number;
  @ApiProperty(taskStatus) status!: TaskStatus;
  @ApiProperty({ description: '状态的中文名' }) statusLabel!: string;
  @ApiProperty() overdue!: boolean;
  @ApiProperty() daysOverdue!: number;
  @ApiProperty({ enum: LIGHTS, enumName: 'TrafficLight', nullable: true }) light!: TrafficLight | null;
  @ApiProperty() returnCount!: number;
  @ApiProperty({ type: String, nullable: true }) completionNote!: string | null;
  @ApiProperty({ type: Date, nullable: true }) lastProgressAt!: Date | null;
  @ApiProperty({ type: ReportCycleDto, nullable: true, description: '定期报送周期；null 表示不要求定期报送' }) reportCycle!: ReportCycleDto | null;
  @ApiProperty({ description: '报送周期的中文表述，如“每月20日前”；无则为空串' }) reportCycleLabel!: string;
  @ApiProperty({ type: Date, nullable: true }) assignedAt!: Date | null;
  @ApiProperty({ type: Date, nullable: true }) acknowledgedAt!: Date | null;
  @ApiProperty({ type: Date, nullable: true }) submittedAt!: Date | null;
  @ApiProperty({ type: Date, nullable: true }) completedAt!: Date | null;
  @ApiProperty({ type: Date, nullable: true }) cancelledAt!: Date | null;
  @ApiProperty({ type: FirstApprovalDto, nullable: true, description: '复核：待复核任务的初审（谁、何时）；否则为 null' })
  firstApproval!: FirstApprovalDto | null;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;
  @ApiProperty() version!: number;
  @ApiPropertyOptional({ enum: ALLOWED_ACTIONS, enumName: 'AllowedAction', isArray: true, description: '当前用户可执行的操作（详情）' })
  allowedActions?: AllowedAction[];
  @ApiPropertyOptional({ type: PendingExtensionDto, nullable: true }) pendingExtension?: PendingExtensionDto | null;
  @ApiPropertyOptional({ type: SourceReportDto, nullable: true, description: '由报告生成的任务：来源报告的原文' })
  sourceReport?: SourceReportDto | null;
  @ApiPropertyOptional({ type: TaskRefDto, nullable: true, description: '结转自：上一计划年度的原任务（详情）' })
  carriedFrom?: TaskRefDto | null;
  @ApiPropertyOptional({ type: TaskRefDto, nullable: true, description: '结转至：下一计划年度继续办理的任务（详情）' })
  carriedTo?: TaskRefDto | null;
  @ApiPropertyOptional({ type: ParentRefDto, nullable: true, description: '分解自：上级任务的编号与名称（详情）' })
  parent?: ParentRefDto | null;
  @ApiPropertyOptional({ type: SubtaskRollupResponseDto, nullable: true, description: '分解的子任务及办结、未办结、逾期数（详情）；无子任务为 null' })
  children?: SubtaskRollupResponseDto | null;
}

export class TaskPageResponseDto implements TaskPage {
  @ApiProperty({ type: [TaskResponseDto] }) items!: TaskResponseDto[];
  @ApiProperty({ type: String, nullable: true, description: '下一页的游标；没有下一页时为 null' }) nextCursor!: string | null;
  @ApiPropertyOptional({ description: '筛选结果总数：仅在第一页且请求了 withTotal 时返回' }) total?: number;
}

export class TaskCountByStatusDto implements Record<TaskStatus, number> {
  @ApiProperty() draft!: number;
  @ApiProperty() assigned!: number;
  @ApiProperty() acknowledged!: number;
  @ApiProperty() submitted!: number;
  @ApiProperty() completed!: number;
  @ApiProperty() cancelled!: number;
}

export class UnitWithoutLeaderDto implements UnitWithoutLeader {
  @ApiProperty() unitId!: string;
  @ApiProperty({ example: '甲县财政局' }) unitName!: string;
  @ApiProperty({ description: '牵头的在办任务数' }) openTasks!: number;
}

export class TaskStatsResponseDto implements TaskStats {
  @ApiProperty() total!: number;
  @ApiProperty() byStatus!: TaskCountByStatusDto;
  @ApiProperty() overdue!: number;
  @ApiProperty() dueSoon!: number;
  @ApiProperty({ type: [UnitWithoutLeaderDto],
    description: '督办通知单无领导可送的单位（无分管领导，辖区也未设默认督办领导）及其在办任务数；仅法治办和管理员可见，其他角色为空' })
  unitsWithoutLeader!: UnitWithoutLeaderDto[];
}

export class TaskUnitStatsResponseDto implements TaskUnitStats {
  @ApiProperty() unitId!: string;
  @ApiProperty() unitName!: string;
  @ApiProperty() total!: number;
  @ApiProperty() open!: number;
  @ApiProperty() overdue!: number;
  @ApiProperty() dueSoon!: number;
  @ApiProperty() completed!: number;
}

export class TaskReportStatsResponseDto implements TaskReportStats {
  @ApiProperty({ type: String, nullable: true, description: 'null：不是由报告生成的任务（其他来源）' }) reportId!: string | null;
  @ApiProperty() title!: string;
  @ApiProperty({ type: Number, nullable: true }) reportYear!: number | null;
  @ApiProperty({ type: Number, nullable: true }) planYear!: number | null;
  @ApiProperty() total!: number;
  @ApiProperty() open!: number;
  @ApiProperty() completed!: number;
  @ApiProperty() onTime!: number;
  @ApiProperty() overdue!: number;
  @ApiProperty({ type: Number, nullable: true, description: '办结数 / 总数；没有任务时为 null' }) completionRate!: number | null;
}

export class TaskMonthStatsResponseDto implements TaskMonthStats {
  @ApiProperty({ example: '2026-06' }) month!: string;
  @ApiProperty({ enum: ['past', 'current', 'future'] }) period!: 'past' | 'current' | 'future';
  @ApiProperty() due!: number;
  @ApiProperty() completed!: number;
  @ApiProperty() onTime!: number;
  @ApiProperty({ type: Number, nullable: true, description: '过去的月：月末逾期；本月：今天逾期；将来：null' }) overdue!: number | null;
  @ApiProperty({ type: String, nullable: true }) overdueAsOf!: string | null;
}

export class ReportCycleResultResponseDto {
  @ApiProperty({ description: '报送周期实际改变的任务数' }) updated!: number;
}

export class BulkResultResponseDto implements BulkResult {
  @ApiProperty() id!: string;
  @ApiProperty() ok!: boolean;
  @ApiPropertyOptional() code?: string;
  @ApiPropertyOptional() message?: string;
}

export class HistoryActorDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: String, nullable: true }) unitName!: string | null;
}

export class TaskHistoryEntryResponseDto implements TaskHistoryEntry {
  @ApiProperty() id!: string;
  @ApiProperty() at!: Date;
  @ApiProperty() action!: string;
  @ApiProperty({ type: HistoryActorDto, nullable: true }) actor!: HistoryActorDto | null;
  @ApiProperty({ ...taskStatus, nullable: true }) fromStatus!: TaskStatus | null;
  @ApiProperty({ ...taskStatus, nullable: true }) toStatus!: TaskStatus | null;
  @ApiProperty({ type: String, nullable: true }) reason!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'object', properties: { from: {}, to: {} } },
    description: '字段名 → { from, to }' })
  changes!: Record<string, { from: unknown; to: unknown }>;
}

export class ProgressResponseDto {
  @ApiProperty() id!: string;
  @ApiProperty() taskId!: string;
  @ApiProperty() unitId!: string;
  @ApiProperty() authorId!: string;
  @ApiProperty() note!: string;
  @ApiProperty() percent!: number;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() unitName!: string;
  @ApiProperty() authorName!: string;
}

export class EvidenceResponseDto implements EvidenceView {
  @ApiProperty() id!: string;
  @ApiProperty() fileName!: string;
  @ApiProperty() mimeType!: string;
  @ApiProperty() size!: number;
  @ApiProperty() sha256!: string;
  @ApiProperty({ enum: ['progress', 'submission'] }) purpose!: 'progress' | 'submission';
  @ApiProperty({ type: String, nullable: true }) progressId!: string | null;
  @ApiProperty() unitId!: string;
  @ApiProperty() createdAt!: Date;
}

export class ExtensionResponseDto {
  @ApiProperty() id!: string;
  @ApiProperty() taskId!: string;
  @ApiProperty() requestedBy!: string;
  @ApiProperty() previousDeadline!: string;
  @ApiProperty() requestedDeadline!: string;
  @ApiProperty() reason!: string;
  @ApiProperty({ enum: EXTENSION_STATUSES, enumName: 'ExtensionStatus' }) status!: ExtensionStatus;
  @ApiProperty({ type: String, nullable: true }) decidedBy!: string | null;
  @ApiProperty({ type: Date, nullable: true }) decidedAt!: Date | null;
  @ApiProperty({ type: String, nullable: true }) decisionReason!: string | null;
  @ApiProperty() createdAt!: Date;
}

export class LedgerImportResultResponseDto implements LedgerImportResult {
  @ApiProperty({ description: '读到的数据行数' }) rows!: number;
  @ApiProperty() created!: number;
  @ApiProperty({ description: '以前已导入（导入键相同）的行：不重复建任务' }) skipped!: number;
  @ApiProperty({ type: [String] }) taskIds!: string[];
}

export class LedgerImportRowErrorDto implements LedgerImportRowError {
  @ApiProperty({ description: '表格中的行号' }) row!: number;
  @ApiProperty({ example: '完成时限' }) field!: string;
  @ApiProperty() reason!: string;
}

/** The details of a LEDGER_IMPORT_INVALID error: every bad row (nothing was imported). */
export class LedgerImportInvalidDetailsDto {
  @ApiProperty({ type: [LedgerImportRowErrorDto] }) rows!: LedgerImportRowErrorDto[];
}

// the lines of the import's NDJSON answer (Accept: application/x-ndjson): progress …, then the result or the error
export class LedgerImportProgressLineDto implements LedgerImportProgress {
  @ApiProperty({ enum: ['progress'] }) type!: 'progress';
  @ApiProperty({ enum: ['validating', 'writing'], enumName: 'LedgerImportPhase' }) phase!: LedgerImportProgress['phase'];
  @ApiProperty({ description: '已处理的行数' }) done!: number;
  @ApiProperty({ description: '数据行数' }) total!: number;
}

export class LedgerImportResultLineDto {
  @ApiProperty({ enum: ['result'] }) type!: 'result';
  @ApiProperty({ description: '同 JSON 应答' }) result!: LedgerImportResultResponseDto;
}

export class LedgerImportErrorLineDto {
  @ApiProperty({ enum: ['error'] }) type!: 'error';
  @ApiProperty({ description: '同 JSON 错误应答' }) error!: ErrorResponseDto;
}

export type LedgerImportLine = LedgerImportProgressLineDto | LedgerImportResultLineDto | LedgerImportErrorLineDto;
