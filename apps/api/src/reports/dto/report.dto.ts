import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsInt, IsISO8601, IsNotEmpty, IsObject, IsOptional, IsString, IsUUID, Max, MaxLength, Min,
  ValidateNested,
} from 'class-validator';
import { FieldLabel } from '../../http/validation';
import { REPORT_ITEM_KINDS, ReportItemKind, TASK_PRIORITIES, TaskPriority } from '@app/database';

export class ReportTextDto {
  @ApiProperty({ description: '报告全文（纯文本）' }) @IsString() @IsNotEmpty() @MaxLength(10 * 1024 * 1024) text!: string;
  @ApiPropertyOptional({ example: '2025年法治政府建设情况报告.txt' }) @IsOptional() @IsString() @MaxLength(200) fileName?: string;
  @ApiPropertyOptional({ description: '所属辖区（仅系统管理员需要）' }) @IsOptional() @IsUUID() jurisdictionId?: string;
}

/**
 * What /api/docs (and so the web's typed client) shows for POST /reports: the report file in multipart's file field,
 * beside jurisdictionId; or, as JSON, ReportTextDto (read by the controller, not by the validation pipe).
 */
export class ReportImportFormDto extends PartialType(ReportTextDto) {
  @ApiPropertyOptional({ type: 'string', format: 'binary', description: '报告文件（multipart 的 file 字段；JSON 时改为 text）' }) file?: unknown;
}

// white space alone is no text: trimmed first, so @IsNotEmpty refuses it with the field named
const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class RenameReportDto {
  @ApiProperty({ example: '甲县2025年法治政府建设情况报告', description: '报告标题' })
  @FieldLabel('报告标题') @Transform(trim) @IsString() @IsNotEmpty() @MaxLength(200) title!: string;
}

export class ItemSpanDto {
  @ApiProperty({ description: '起点（报告全文的 JavaScript 字符串下标）' }) @IsInt() @Min(0) start!: number;
  @ApiProperty({ description: '终点（不含）' }) @IsInt() @Min(1) end!: number;
}

export class ReportItemDto {
  @ApiProperty({ enum: REPORT_ITEM_KINDS }) @IsIn(REPORT_ITEM_KINDS) kind!: ReportItemKind;
  @ApiProperty() @Transform(trim) @IsString() @IsNotEmpty() @MaxLength(5000) text!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) heading?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() parentId?: string;
  @ApiPropertyOptional({ type: ItemSpanDto, description: '在报告原文中选取的位置；条目按原文顺序排列' })
  @IsOptional() @IsObject() @ValidateNested() @Type(() => ItemSpanDto) span?: ItemSpanDto;
}

export class EditReportItemDto {
  @ApiPropertyOptional({ enum: REPORT_ITEM_KINDS }) @IsOptional() @IsIn(REPORT_ITEM_KINDS) kind?: ReportItemKind;
  @ApiPropertyOptional() @IsOptional() @Transform(trim) @IsString() @IsNotEmpty() @MaxLength(5000) text?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @IsNotEmpty() @MaxLength(200) heading?: string;
}

export class MergeReportItemsDto {
  @ApiProperty({ type: [String], description: '同一报告、同一类、同一层级的 2 到 20 个条目' })
  @IsArray() @ArrayMinSize(2) @ArrayMaxSize(20) @ArrayUnique() @IsUUID('all', { each: true }) itemIds!: string[];
}

export class SplitReportItemDto {
  @ApiProperty({ description: '在条目文字的第几个字符处拆开（JavaScript 字符串下标），两部分去掉空白后都不能为空', example: 12 })
  @IsInt() @Min(1) at!: number;
}

export class LinkDto {
  @ApiProperty() @IsUUID() problemItemId!: string;
  @ApiProperty() @IsUUID() measureItemId!: string;
  @ApiProperty({ enum: ['confirmed', 'rejected'] }) @IsIn(['confirmed', 'rejected']) status!: 'confirmed' | 'rejected';
}

export class DraftItemDto {
  @ApiProperty() @IsUUID() itemId!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @IsNotEmpty() @MaxLength(200) title?: string;
  @ApiPropertyOptional({ description: '不填则采用建议的牵头单位' }) @IsOptional() @IsUUID() leadUnitId?: string;
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @ArrayMaxSize(30) @IsUUID('all', { each: true })
  coOwnerUnitIds?: string[];
  @ApiPropertyOptional() @IsOptional() @IsUUID() responsibleLeaderId?: string;
  @ApiPropertyOptional({ description: '不填则采用建议的时限' }) @IsOptional() @IsISO8601({ strict: true }) deadline?: string;
  @ApiPropertyOptional({ enum: TASK_PRIORITIES }) @IsOptional() @IsIn(TASK_PRIORITIES) priority?: TaskPriority;
}

export class CreateDraftsDto {
  @ApiPropertyOptional({ example: 2026, description: '草稿任务的计划年度（任务编号随之）；不填则为报告的计划年度，已过去时为今年' })
  @FieldLabel('计划年度') @IsOptional() @IsInt() @Min(2000) @Max(2100) planYear?: number;
  @ApiProperty({ type: [DraftItemDto] }) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(500) @ValidateNested({ each: true })
  @Type(() => DraftItemDto) items!: DraftItemDto[];
}

export class OwnerRuleDto {
  @ApiProperty({ type: [String], example: ['执法', '普法'] }) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50)
  @IsString({ each: true }) @IsNotEmpty({ each: true }) @MaxLength(30, { each: true }) keywords!: string[];
  @ApiProperty() @IsUUID() unitId!: string;
  @ApiProperty({ enum: ['lead', 'co_owner'] }) @IsIn(['lead', 'co_owner']) role!: 'lead' | 'co_owner';
}
