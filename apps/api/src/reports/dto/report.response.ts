import { ApiProperty } from '@nestjs/swagger';
import { LINK_STATUSES, LinkStatus, OwnerSuggestion, Recurrence, REPORT_ITEM_KINDS, ReportItemKind, StoredSection } from '@app/database';
import { TASK_OUTCOMES, type DraftResult, type ImportSummary, type ItemTaskRef, type ReportItemView, type ReportView, type TaskOutcome } from '@app/domain';
import { SpanDto, TaskResponseDto } from '../../tasks/dto/task.response';

// `implements` the domain's view: a field the domain adds and the DTO lacks fails the build
export class ReportWarningDto {
  @ApiProperty() code!: string;
  @ApiProperty() message!: string;
}

export class ItemCountsDto {
  @ApiProperty() problems!: number;
  @ApiProperty() measures!: number;
  @ApiProperty() suggestions!: number;
  @ApiProperty() links!: number;
  @ApiProperty() recurring!: number;
}

/** The details of a REPORT_DUPLICATE error (409): the report the same file was imported as. */
export class ReportDuplicateDetailsDto {
  @ApiProperty() existingReportId!: string;
}

export class ImportSummaryResponseDto implements ImportSummary {
  @ApiProperty() id!: string;
  @ApiProperty({ type: String, nullable: true }) title!: string | null;
  @ApiProperty({ type: String, nullable: true }) organization!: string | null;
  @ApiProperty({ type: Number, nullable: true }) reportYear!: number | null;
  @ApiProperty({ type: Number, nullable: true }) planYear!: number | null;
  @ApiProperty() counts!: ItemCountsDto;
  @ApiProperty({ type: [ReportWarningDto] }) warnings!: ReportWarningDto[];
}

export class ReportListCountsDto {
  @ApiProperty() problems!: number;
  @ApiProperty() measures!: number;
  @ApiProperty() tasks!: number;
}

export class ReportListItemResponseDto {
  @ApiProperty() id!: string;
  @ApiProperty() fileName!: string;
  @ApiProperty({ type: String, nullable: true }) title!: string | null;
  @ApiProperty({ type: String, nullable: true }) organization!: string | null;
  @ApiProperty({ type: Number, nullable: true }) reportYear!: number | null;
  @ApiProperty({ type: Number, nullable: true }) planYear!: number | null;
  @ApiProperty({ type: String, nullable: true }) reportDate!: string | null;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() warningCount!: number;
  @ApiProperty() counts!: ReportListCountsDto;
}

export class ItemTaskRefDto implements ItemTaskRef {
  @ApiProperty() id!: string;
  @ApiProperty() code!: string;
  @ApiProperty() status!: string;
  @ApiProperty() statusLabel!: string;
  @ApiProperty() leadUnitName!: string;
  @ApiProperty() currentDeadline!: string;
  @ApiProperty({ enum: TASK_OUTCOMES, enumName: 'TaskOutcome', description: '办理结果（与年终整改落实情况一致）' }) outcome!: TaskOutcome;
  @ApiProperty({ description: '办理结果：按期办结、延期后办结、逾期办结、未办结（结转）、已撤销、在办、未交办' }) outcomeLabel!: string;
}

export class OwnerSuggestionDto implements OwnerSuggestion {
  @ApiProperty({ type: String, nullable: true }) leadUnitId!: string | null;
  @ApiProperty({ type: [String] }) coOwnerUnitIds!: string[];
  @ApiProperty() deadline!: string;
  @ApiProperty({ type: [String], description: '依据：匹配的规则关键词或短语、时间短语' }) basis!: string[];
}

export class RecurrenceDto implements Recurrence {
  @ApiProperty() reportId!: string;
  @ApiProperty() itemId!: string;
  @ApiProperty({ type: Number, nullable: true }) reportYear!: number | null;
  @ApiProperty() text!: string;
  @ApiProperty() similarity!: number;
  @ApiProperty({ type: [ItemTaskRefDto] }) tasks!: ItemTaskRefDto[];
}

export class ReportItemResponseDto implements ReportItemView {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: REPORT_ITEM_KINDS, enumName: 'ReportItemKind' }) kind!: ReportItemKind;
  @ApiProperty({ type: String, nullable: true }) parentId!: string | null;
  @ApiProperty({ type: String, nullable: true }) ordinal!: string | null;
  @ApiProperty() heading!: string;
  @ApiProperty() text!: string;
  @ApiProperty({ type: SpanDto, nullable: true }) span!: SpanDto | null;
  @ApiProperty() manual!: boolean;
  @ApiProperty({ type: OwnerSuggestionDto, nullable: true }) suggestion!: OwnerSuggestionDto | null;
  @ApiProperty({ type: [RecurrenceDto], description: '往年报告中相似的问题' }) recurrence!: RecurrenceDto[];
  @ApiProperty({ type: [ItemTaskRefDto] }) tasks!: ItemTaskRefDto[];
  @ApiProperty({ type: () => [ReportItemResponseDto] }) children!: ReportItemResponseDto[];
}

export class ReportSectionDto implements StoredSection {
  @ApiProperty() heading!: string;
  @ApiProperty({ type: String, nullable: true }) ordinal!: string | null;
  @ApiProperty({ enum: ['work', 'problems', 'plan', 'suggestions', 'other'] }) kind!: StoredSection['kind'];
  @ApiProperty() span!: SpanDto;
}

export class ReportLinkResponseDto {
  @ApiProperty() problemItemId!: string;
  @ApiProperty() measureItemId!: string;
  @ApiProperty() score!: number;
  @ApiProperty({ type: [String] }) terms!: string[];
  @ApiProperty({ enum: LINK_STATUSES, enumName: 'LinkStatus' }) status!: LinkStatus;
}

export class ReportCoverageDto {
  @ApiProperty({ type: [String] }) problemsWithoutMeasure!: string[];
  @ApiProperty({ type: [String] }) measuresWithoutProblem!: string[];
}

export class ReportResponseDto implements ReportView {
  @ApiProperty() id!: string;
  @ApiProperty() jurisdictionId!: string;
  @ApiProperty() fileName!: string;
  @ApiProperty() encoding!: string;
  @ApiProperty() sourceType!: string;
  @ApiProperty() byteSize!: number;
  @ApiProperty() sha256!: string;
  @ApiProperty() parserVersion!: string;
  @ApiProperty() createdAt!: Date;
  @ApiProperty({ type: String, nullable: true }) title!: string | null;
  @ApiProperty({ type: String, nullable: true }) organization!: string | null;
  @ApiProperty({ type: Number, nullable: true }) reportYear!: number | null;
  @ApiProperty({ type: Number, nullable: true }) planYear!: number | null;
  @ApiProperty({ type: String, nullable: true }) reportDate!: string | null;
  @ApiProperty({ type: String, nullable: true }) docNumber!: string | null;
  @ApiProperty({ type: String, nullable: true }) signer!: string | null;
  @ApiProperty() text!: string;
  @ApiProperty({ type: [ReportSectionDto] }) sections!: ReportSectionDto[];
  @ApiProperty({ type: [ReportWarningDto] }) warnings!: ReportWarningDto[];
  @ApiProperty({ type: [ReportItemResponseDto] }) problems!: ReportItemResponseDto[];
  @ApiProperty({ type: [ReportItemResponseDto] }) measures!: ReportItemResponseDto[];
  @ApiProperty({ type: [ReportItemResponseDto] }) suggestions!: ReportItemResponseDto[];
  @ApiProperty({ type: [ReportLinkResponseDto] }) links!: ReportLinkResponseDto[];
  @ApiProperty() coverage!: ReportCoverageDto;
  @ApiProperty({ example: '2026-03-02', description: '服务器当天（北京时间）：早于它的完成时限已过期' }) today!: string;
  @ApiProperty({ example: 2026, description: '生成草稿任务默认的计划年度：报告的计划年度；已过去时为今年' }) draftPlanYear!: number;
}

export class RenamedReportResponseDto {
  @ApiProperty() id!: string;
  @ApiProperty() title!: string;
}

export class SkippedDraftDto {
  @ApiProperty() itemId!: string;
  @ApiProperty() taskId!: string;
  @ApiProperty() code!: string;
}

export class DraftResultResponseDto implements DraftResult {
  @ApiProperty({ type: [TaskResponseDto] }) created!: TaskResponseDto[];
  @ApiProperty({ type: [SkippedDraftDto], description: '已有任务的条目：不重复生成' }) skipped!: SkippedDraftDto[];
}

export class OwnerRuleResponseDto {
  @ApiProperty() id!: string;
  @ApiProperty({ type: [String] }) keywords!: string[];
  @ApiProperty() unitId!: string;
  @ApiProperty() unitName!: string;
  @ApiProperty({ enum: ['lead', 'co_owner'] }) role!: 'lead' | 'co_owner';
  @ApiProperty() createdAt!: Date;
}
