import { ApiPropertyOptional, ApiProperty } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { type DocumentKind, SUMMARY_MAX_LENGTH } from '@app/domain';
import { toBool } from '../../http/query-params';
import { FieldLabel, toLf, trimmed } from '../../http/validation';

export const DOCUMENT_KINDS: readonly DocumentKind[] = ['assign_slip', 'ack_chase', 'ack_supervise', 'work_reminder',
  'due_soon', 'urge', 'supervise', 'bulletin', 'assessment', 'report_chase'];

class PageQueryDto {
  @ApiPropertyOptional({ description: '上一页返回的 nextCursor' }) @IsOptional() @IsString() @MaxLength(200) after?: string;
  @ApiPropertyOptional({ default: 50, maximum: 100 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100)
  limit?: number;
  @ApiPropertyOptional({ description: 'true：第一页同时返回筛选结果总数 total（列表的“共 N 份”）' })
  @IsOptional() @Transform(toBool) @IsBoolean() withTotal?: boolean;
}

export class ListDocumentsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: DOCUMENT_KINDS, description: '交办单、催办单、督办通知单、工作提醒、检查通报、考核结果…' })
  @IsOptional() @IsIn(DOCUMENT_KINDS) kind?: DocumentKind;
  @ApiPropertyOptional() @IsOptional() @IsUUID() unitId?: string;
  @ApiPropertyOptional({ description: '期别：日 2025-09-28、周 2025-W40、月 2025-09、季 2025Q3' })
  @IsOptional() @IsString() @MaxLength(20) period?: string;
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const COUNTY = '只要一个县的通报（通报的单位即辖区）；省略时为权限范围内的全部';

export class ListBulletinsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: '通报月份', example: '2025-09' }) @IsOptional() @Matches(MONTH) period?: string;
  @ApiPropertyOptional({ description: COUNTY }) @IsOptional() @IsUUID() unitId?: string;
}

/** The list's query without paging, the month required: one workbook per month. */
export class BulletinExportQueryDto {
  @ApiProperty({ description: '通报月份', example: '2025-09' }) @Matches(MONTH) period!: string;
  @ApiPropertyOptional({ description: COUNTY }) @IsOptional() @IsUUID() unitId?: string;
}

export class AssessmentsQueryDto {
  @ApiProperty({ description: '季度', example: '2025Q3' }) @Matches(/^\d{4}Q[1-4]$/) quarter!: string;
}

/** A draft bulletin's paragraphs (either or both), as the office rewrites them before 签发. */
export class EditBulletinSummaryDto {
  @ApiPropertyOptional({ description: '总体评价', maxLength: SUMMARY_MAX_LENGTH })
  @FieldLabel('总体评价') @IsOptional() @Transform(toLf) @Transform(trimmed) @IsString() @IsNotEmpty() @MaxLength(SUMMARY_MAX_LENGTH)
  overall?: string;
  @ApiPropertyOptional({ description: '下一步工作要求', maxLength: SUMMARY_MAX_LENGTH })
  @FieldLabel('下一步工作要求') @IsOptional() @Transform(toLf) @Transform(trimmed) @IsString() @IsNotEmpty() @MaxLength(SUMMARY_MAX_LENGTH)
  nextSteps?: string;
}
