import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsISO8601, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, Max,
  MaxLength, Min, ValidateIf,
} from 'class-validator';
import { TASK_PRIORITIES, TASK_STATUSES, TaskPriority, TaskStatus } from '@app/database';
import { REPORT_CYCLE_KINDS, ReportCycleKind, TASK_SORTS, TaskSort } from '@app/domain';
import { FieldLabel, toLf, trimmed } from '../../http/validation';
import { toBool } from '../../http/query-params';

const DATE = { strict: true } as const;
const toList = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.split(',').filter(Boolean) : value);
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** 定期报送 as the API takes and gives it; checked in the domain (parseReportCycle), whose messages name 报送周期 / 报送日. */
export class ReportCycleDto {
  @ApiProperty({ enum: REPORT_CYCLE_KINDS, description: 'weekly 每周、monthly 每月、quarterly 每季度' }) kind!: ReportCycleKind;
  @ApiProperty({ example: 20, description: '报送日：每周为周几（1–5，周一至周五）；每月为几日（1–31，小月按月末）；每季度为季末月（3、6、9、12月）的几日（1–31）。遇节假日顺延至下一个工作日' })
  day!: number;
}

const CYCLE_DOC = { type: ReportCycleDto, nullable: true, description: '定期报送周期；null 取消定期报送' } as const;

export class CreateTaskDto {
  @ApiProperty({ example: '开展行政执法人员法治培训' }) @IsString() @IsNotEmpty() @MaxLength(200) title!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(10_000) description?: string;
  @ApiProperty({ example: 2026 }) @IsInt() @Min(2000) @Max(2100) planYear!: number;
  @ApiProperty() @IsUUID() leadUnitId!: string;
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @ArrayMaxSize(30) @IsUUID('all', { each: true })
  coOwnerUnitIds?: string[];
  @ApiPropertyOptional() @IsOptional() @IsUUID() responsibleLeaderId?: string;
  @ApiProperty({ example: '2026-12-31' }) @IsISO8601(DATE) deadline!: string;
  @ApiPropertyOptional({ enum: TASK_PRIORITIES }) @IsOptional() @IsIn(TASK_PRIORITIES) priority?: TaskPriority;
  @ApiPropertyOptional({ description: '任务来源（文字）' }) @IsOptional() @IsString() @MaxLength(500) source?: string;
  @ApiPropertyOptional({ description: '所属辖区（仅系统管理员需要）' }) @IsOptional() @IsUUID() jurisdictionId?: string;
  @ApiPropertyOptional(CYCLE_DOC) @IsOptional() reportCycle?: ReportCycleDto | null;
}

export class EditTaskDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @IsNotEmpty() @MaxLength(200) title?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(10_000) description?: string;
  @ApiPropertyOptional({ enum: TASK_PRIORITIES }) @IsOptional() @IsIn(TASK_PRIORITIES) priority?: TaskPriority;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'null：不设责任领导' }) @IsOptional() @IsUUID() responsibleLeaderId?: string | null;
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @ArrayMaxSize(30) @IsUUID('all', { each: true })
  coOwnerUnitIds?: string[];
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) source?: string;
  @ApiPropertyOptional({ description: '仅草稿可直接修改；交办后请走延期申请' }) @IsOptional() @IsISO8601(DATE) deadline?: string;
  @ApiPropertyOptional(CYCLE_DOC) @IsOptional() reportCycle?: ReportCycleDto | null;
  @ApiPropertyOptional({ description: '乐观锁：期望的当前版本号' }) @IsOptional() @IsInt() @Min(1) version?: number;
}

export class ListTasksQueryDto {
  @ApiPropertyOptional({ description: '逗号分隔的状态', example: 'assigned,acknowledged' })
  @IsOptional() @Transform(toList) @IsArray() @IsIn(TASK_STATUSES, { each: true }) status?: TaskStatus[];
  @ApiPropertyOptional() @IsOptional() @IsUUID() leadUnitId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() coOwnerUnitId?: string;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(2000) @Max(2100) planYear?: number;
  @ApiPropertyOptional() @IsOptional() @Transform(toBool) @IsBoolean() overdue?: boolean;
  @ApiPropertyOptional({ enum: ['green', 'yellow', 'red'] }) @IsOptional() @IsIn(['green', 'yellow', 'red'])
  light?: 'green' | 'yellow' | 'red';
  @ApiPropertyOptional({ description: '按编号、标题、内容搜索' }) @IsOptional() @IsString() @MaxLength(100) q?: string;
  @ApiPropertyOptional({ description: '来源报告 id；none 表示不是由报告生成的任务（其他来源）' })
  @IsOptional() @ValidateIf((o: ListTasksQueryDto) => o.reportId !== 'none') @IsUUID()
  reportId?: string;
  @ApiPropertyOptional({ description: '工作重点 id；none 表示未归入工作重点的任务' })
  @IsOptional() @ValidateIf((o: ListTasksQueryDto) => o.groupId !== 'none') @IsUUID()
  groupId?: string;
  @ApiPropertyOptional({ description: '完成时限所在月份', example: '2026-06' })
  @IsOptional() @Matches(MONTH) dueMonth?: string;
  @ApiPropertyOptional({ description: '办结（审核通过）所在月份，北京时间', example: '2026-06' })
  @IsOptional() @Matches(MONTH) completedMonth?: string;
  @ApiPropertyOptional({ description: 'true：按期办结（不晚于当前完成时限）；false：超期办结' })
  @IsOptional() @Transform(toBool) @IsBoolean() onTime?: boolean;
  @ApiPropertyOptional({ description: '截至该日日终逾期（已交办、时限不晚于该日、该日结束前未办结也未撤销）', example: '2026-03-31' })
  @IsOptional() @IsISO8601(DATE) overdueAt?: string;
  @ApiPropertyOptional({ enum: TASK_SORTS, default: 'deadline', description: 'deadline：完成时限近→远；-deadline：远→近；-updated：最近更新' })
  @IsOptional() @IsIn(TASK_SORTS) sort?: TaskSort;
  @ApiPropertyOptional({ description: '上一页返回的 nextCursor（须与 sort 一致）' }) @IsOptional() @IsString() @MaxLength(200) after?: string;
  @ApiPropertyOptional({ default: 50, maximum: 100 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100)
  limit?: number;
  @ApiPropertyOptional({ description: 'true：第一页同时返回筛选结果总数 total（列表的“共 N 条”）；翻页时不需要' })
  @IsOptional() @Transform(toBool) @IsBoolean() withTotal?: boolean;
}

export class TaskStatsQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsUUID() leadUnitId?: string;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(2000) @Max(2100) planYear?: number;
}

export class TaskStatsByMonthQueryDto {
  @ApiPropertyOptional({ description: '年份，默认今年', example: 2026 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(2000) @Max(2100) year?: number;
  @ApiPropertyOptional() @IsOptional() @IsUUID() leadUnitId?: string;
}

export class VersionDto {
  @ApiPropertyOptional({ description: '乐观锁：期望的当前版本号' }) @IsOptional() @IsInt() @Min(1) version?: number;
}

export class ReasonDto extends VersionDto {
  @ApiProperty({ description: '理由' }) @FieldLabel('理由') @Transform(toLf) @IsString() @IsNotEmpty() @MaxLength(2000) reason!: string;
}

export class OptionalReasonDto extends VersionDto {
  @ApiPropertyOptional() @FieldLabel('意见') @Transform(toLf) @IsOptional() @IsString() @MaxLength(2000) reason?: string;
}

export class TransferTaskDto extends ReasonDto {
  @ApiProperty({ description: '新的牵头单位' }) @IsUUID() leadUnitId!: string;
}

/** multipart fields arrive as text, hence the conversions */
export class SubmitTaskDto {
  @ApiProperty({ description: '办结情况说明' }) @FieldLabel('办结说明') @Transform(toLf) @IsString() @IsNotEmpty() @MaxLength(5000)
  note!: string;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) version?: number;
}

export class ProgressDto {
  @ApiProperty({ description: '进展情况' }) @FieldLabel('进展情况') @Transform(toLf) @IsString() @IsNotEmpty() @MaxLength(5000)
  note!: string;
  @ApiProperty({ minimum: 0, maximum: 100 }) @FieldLabel('完成进度') @Type(() => Number) @IsInt() @Min(0) @Max(100) percent!: number;
}

/** The evidence files beside the fields of 申请办结 / 反馈进展 (multipart; read by readUpload, not by the validation pipe). */
const EVIDENCE_FILES = { type: 'string', format: 'binary', isArray: true, description: '佐证材料（multipart 的 files 字段，可多个）' } as const;

/** What /api/docs shows for POST /tasks/:id/submit: the validated fields and the evidence files. */
export class SubmitTaskFormDto extends SubmitTaskDto {
  @ApiPropertyOptional(EVIDENCE_FILES) files?: unknown[];
}

/** What /api/docs shows for POST /tasks/:id/progress: the validated fields and the evidence files. */
export class ProgressFormDto extends ProgressDto {
  @ApiPropertyOptional(EVIDENCE_FILES) files?: unknown[];
}

export class ExtensionRequestDto {
  @ApiProperty({ example: '2027-03-31' }) @FieldLabel('延期至') @IsISO8601(DATE) newDeadline!: string;
  @ApiProperty() @FieldLabel('延期理由') @Transform(toLf) @IsString() @IsNotEmpty() @MaxLength(2000) reason!: string;
}

export class BulkIdsDto {
  @ApiProperty({ type: [String] }) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(500) @IsUUID('all', { each: true }) ids!: string[];
}

export class BulkReportCycleDto {
  @ApiProperty({ type: [String], description: '要设置的任务，1–500 项' })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(500) @IsUUID('all', { each: true }) ids!: string[];
  @ApiProperty(CYCLE_DOC) @ValidateIf(() => false) cycle!: ReportCycleDto | null;
}

export class BulkTransferDto {
  @ApiProperty({ type: [String], description: '要转交的任务，1–500 项' })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(500)
  @IsUUID('all', { each: true }) taskIds!: string[];
  @ApiProperty({ description: '新的牵头单位' }) @IsUUID() leadUnitId!: string;
  @ApiProperty({ description: '转交理由' }) @IsString() @IsNotEmpty() @MaxLength(2000) reason!: string;
}

export class CreateTaskGroupDto {
  @ApiProperty({ example: 2026 }) @FieldLabel('计划年度') @IsInt() @Min(2000) @Max(2100) planYear!: number;
  @ApiProperty({ example: '深化法治政府建设' }) @FieldLabel('工作重点名称') @Transform(trimmed) @IsString() @IsNotEmpty() @MaxLength(100)
  title!: string;
  @ApiPropertyOptional({ description: '系统管理员必填：所属辖区' }) @IsOptional() @IsUUID() jurisdictionId?: string;
}

export class RenameTaskGroupDto {
  @ApiProperty({ example: '深化法治政府建设' }) @FieldLabel('工作重点名称') @Transform(trimmed) @IsString() @IsNotEmpty() @MaxLength(100)
  title!: string;
}

export class ReorderTaskGroupsDto {
  @ApiProperty({ type: [String], description: '同一辖区同一年度的全部工作重点，按新的次序' })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(100) @IsUUID('all', { each: true }) ids!: string[];
}

export class ListTaskGroupsQueryDto {
  @ApiPropertyOptional({ example: 2026 }) @IsOptional() @Type(() => Number) @IsInt() @Min(2000) @Max(2100) planYear?: number;
}

export class SetTaskGroupDto {
  @ApiProperty({ type: String, nullable: true, description: '工作重点 id；null 表示移出工作重点' })
  @ValidateIf((o: SetTaskGroupDto) => o.groupId !== null) @IsUUID() groupId!: string | null;
}

export class BulkSetTaskGroupDto extends SetTaskGroupDto {
  @ApiProperty({ type: [String] }) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(500) @IsUUID('all', { each: true }) ids!: string[];
}
