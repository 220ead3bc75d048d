import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { BulletinSummary, DocumentKind } from '@app/domain';

const DOCUMENT_KINDS = ['assign_slip', 'ack_chase', 'ack_supervise', 'work_reminder', 'due_soon', 'urge', 'supervise',
  'bulletin', 'assessment', 'report_chase'] as const satisfies readonly DocumentKind[];

export class DocumentSummaryResponseDto {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: DOCUMENT_KINDS, enumName: 'DocumentKind' }) kind!: DocumentKind;
  @ApiProperty({ description: '文号' }) number!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ description: '期别：2026-03、2026Q1、2026-W12 等' }) period!: string;
  @ApiProperty() unitId!: string;
  @ApiProperty() unitName!: string;
  @ApiProperty() jurisdictionId!: string;
  @ApiProperty({ description: '印发时间；待签发的草稿为生成时间' }) issuedAt!: Date;
  @ApiProperty({ enum: ['draft', 'issued'], enumName: 'DocumentStatus',
    description: 'draft：待签发的月通报（仅本辖区法治办可见、可改、可签发）；issued：已印发' })
  status!: 'draft' | 'issued';
}

export class DocumentPageResponseDto {
  @ApiProperty({ type: [DocumentSummaryResponseDto] }) items!: DocumentSummaryResponseDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
  @ApiPropertyOptional({ description: '筛选结果总数：仅在第一页且请求了 withTotal 时返回' }) total?: number;
}

export class DocumentDetailResponseDto extends DocumentSummaryResponseDto {
  @ApiProperty({ type: 'object', additionalProperties: true, description: '结构化内容，随文书类型而异（月通报的见 BulletinContentDto）' })
  content!: Record<string, unknown>;
  @ApiProperty({ description: '排版好的纯文本' }) text!: string;
  @ApiProperty({ description: '排版好的 HTML' }) html!: string;
}

export class BulletinTotalsDto {
  @ApiProperty({ description: '纳入统计的任务数' }) total!: number;
  @ApiProperty({ description: '月末前办结' }) completed!: number;
  @ApiProperty({ description: '按期办结' }) onTime!: number;
  @ApiProperty({ description: '月末逾期未办结' }) overdue!: number;
  @ApiPropertyOptional({ description: '到期任务：完成时限在月末或之前（按到期口径之前发出的通报没有此项及以下两项）' }) due?: number;
  @ApiPropertyOptional({ description: '到期任务中截至月末已办结' }) dueCompleted?: number;
  @ApiPropertyOptional({ description: '到期任务中在完成时限内办结' }) dueOnTime?: number;
}

/** The whole jurisdiction's figures: the units' summed, with the same rates. */
export class BulletinTotalsRatesDto extends BulletinTotalsDto {
  @ApiPropertyOptional({ type: Number, nullable: true, description: '办结率（0–1）= 到期已办结 ÷ 到期；没有到期任务时为 null' })
  completionRate?: number | null;
  @ApiPropertyOptional({ type: Number, nullable: true, description: '按期率（0–1）= 其中按期 ÷ 到期已办结；没有时为 null' })
  onTimeRate?: number | null;
}

export class BulletinUnitDto extends BulletinTotalsDto {
  @ApiProperty() unitId!: string;
  @ApiProperty() unitName!: string;
  @ApiProperty({ type: Number, nullable: true, description: '办结率（0–1）= 到期已办结 ÷ 到期（按到期口径之前的通报：已办结 ÷ 任务数）；没有时为 null' })
  completionRate!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: '按期率（0–1）= 按期办结 ÷ 已办结（同上口径）；没有办结时为 null' })
  onTimeRate!: number | null;
  @ApiProperty({ description: '名次（并列的单位名次相同：1、2、2、4）' }) rank!: number;
  @ApiPropertyOptional({ description: '与其他单位并列此名次（标注并列之前发出的通报没有此项）' }) tied?: boolean;
}

export class BulletinOverdueTaskDto {
  @ApiProperty() unitName!: string;
  @ApiProperty() code!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ example: '2026-03-31' }) deadline!: string;
  @ApiProperty({ description: '截至月末逾期天数（日历日）' }) daysOverdue!: number;
  @ApiProperty({ description: '已点名通报' }) named!: boolean;
  @ApiPropertyOptional({ description: '月末时已申请延期、法治办尚未审批（催办与督办暂停）' }) extensionPending?: boolean;
}

/** A task named 未签收 by the unsigned ladder (its slip not signed for after `unsignedLadder.name` working days). */
export class BulletinUnsignedTaskDto {
  @ApiProperty() unitName!: string;
  @ApiProperty() code!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ description: '交办单文号' }) slipNumber!: string;
  @ApiProperty({ description: '交办单印发日期', example: '2026-03-03' }) slipDate!: string;
  @ApiProperty({ description: '超过多少个工作日未签收（交办单印发当日不计）' }) workingDays!: number;
}

/** A task chased (催报) in the month for a missed periodic report (定期报送). */
export class BulletinMissedReportDto {
  @ApiProperty() unitName!: string;
  @ApiProperty() code!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ description: '报送周期，如“每月20日前”' }) cycle!: string;
  @ApiProperty({ description: '未报送的报送日（遇节假日已顺延）', example: '2026-03-20' }) reportDay!: string;
}

export class BulletinSummaryDto implements BulletinSummary {
  @ApiProperty({ description: '总体评价', example: '2026年3月到期任务8项，办结率100.0%，按期率87.5%，总体平稳有序。…' }) overall!: string;
  @ApiProperty({ description: '下一步工作要求', example: '一是……二是……' }) nextSteps!: string;
}

export class BulletinFocusDto {
  @ApiProperty({ type: String, nullable: true, description: '工作重点 ID；未分组为 null' }) groupId!: string | null;
  @ApiProperty({ description: '工作重点标题；不属于任何工作重点的任务为“未分组”' }) title!: string;
  @ApiProperty({ type: Number, nullable: true, description: '计划年度' }) planYear!: number | null;
  @ApiProperty({ description: '纳入统计的任务数' }) total!: number;
  @ApiProperty({ description: '到期任务' }) due!: number;
  @ApiProperty({ description: '到期任务中截至月末已办结' }) dueCompleted!: number;
  @ApiProperty({ description: '到期任务中在完成时限内办结' }) dueOnTime!: number;
  @ApiProperty({ description: '月末逾期未办结' }) overdue!: number;
  @ApiProperty({ type: Number, nullable: true, description: '办结率（0–1），口径同各单位' }) completionRate!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: '按期率（0–1），口径同各单位' }) onTimeRate!: number | null;
}

/** A 月通报's content (DocumentDetailResponseDto.content of a bulletin), as the monthly-bulletin beat writes it. */
export class BulletinContentDto {
  @ApiProperty({ example: '2026-03' }) month!: string;
  @ApiProperty() totals!: BulletinTotalsRatesDto;
  @ApiProperty({ type: [BulletinUnitDto], description: '各单位，按名次' }) units!: BulletinUnitDto[];
  @ApiProperty({ type: [BulletinOverdueTaskDto], description: '逾期任务，已点名的在前' }) overdue!: BulletinOverdueTaskDto[];
  @ApiPropertyOptional({ type: [BulletinUnsignedTaskDto], description: '本月因交办单超期未签收被点名通报的任务（之前发出的通报没有此项）' })
  unsigned?: BulletinUnsignedTaskDto[];
  @ApiPropertyOptional({ type: [BulletinMissedReportDto], description: '本月因未按期定期报送进展被催报的任务（之前发出的通报没有此项）' })
  missedReports?: BulletinMissedReportDto[];
  @ApiPropertyOptional({ description: '月末在办、下月到期的任务数（之前发出的通报没有此项）' }) dueNext?: number;
  @ApiPropertyOptional({ type: BulletinSummaryDto, description: '总体评价与下一步工作要求（之前发出的通报没有此项）' })
  summary?: BulletinSummaryDto;
  @ApiPropertyOptional({ type: [BulletinFocusDto],
    description: '各工作重点办理情况（按工作重点顺序，未分组在后）；辖区任务未分组时及之前发出的通报没有此项' })
  focus?: BulletinFocusDto[];
}

export class AssessmentLineDto {
  @ApiProperty() reason!: string;
  @ApiProperty({ type: String, nullable: true, description: '相关任务编号' }) code!: string | null;
  @ApiProperty({ description: '加减分' }) points!: number;
}

export class AssessmentItemDto extends DocumentSummaryResponseDto {
  @ApiProperty() score!: number;
  @ApiProperty() base!: number;
  @ApiProperty({ description: '名次（并列的单位名次相同：1、2、2、4）' }) rank!: number;
  @ApiProperty({ description: '与其他单位并列此名次' }) tied!: boolean;
  @ApiProperty({ description: '参与排名的单位数' }) of!: number;
  @ApiProperty({ type: [AssessmentLineDto] }) lines!: AssessmentLineDto[];
}

export class AssessmentsResponseDto {
  @ApiProperty({ example: '2026Q1' }) quarter!: string;
  @ApiProperty({ type: [AssessmentItemDto] }) items!: AssessmentItemDto[];
}
