import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { DocumentKind } from '@app/domain';

const DOCUMENT_KINDS = ['assign_slip', 'ack_chase', 'work_reminder', 'due_soon', 'urge', 'supervise', 'bulletin',
  'assessment'] as const satisfies readonly DocumentKind[];

export class DocumentSummaryResponseDto {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: DOCUMENT_KINDS, enumName: 'DocumentKind' }) kind!: DocumentKind;
  @ApiProperty({ description: '文号' }) number!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ description: '期别：2026-03、2026Q1、2026-W12 等' }) period!: string;
  @ApiProperty() unitId!: string;
  @ApiProperty() unitName!: string;
  @ApiProperty() jurisdictionId!: string;
  @ApiProperty() issuedAt!: Date;
}

export class DocumentPageResponseDto {
  @ApiProperty({ type: [DocumentSummaryResponseDto] }) items!: DocumentSummaryResponseDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
  @ApiPropertyOptional({ description: '筛选结果总数：仅在第一页且请求了 withTotal 时返回' }) total?: number;
}

export class DocumentDetailResponseDto extends DocumentSummaryResponseDto {
  @ApiProperty({ type: 'object', additionalProperties: true, description: '结构化内容，随文书类型而异' })
  content!: Record<string, unknown>;
  @ApiProperty({ description: '排版好的纯文本' }) text!: string;
  @ApiProperty({ description: '排版好的 HTML' }) html!: string;
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
