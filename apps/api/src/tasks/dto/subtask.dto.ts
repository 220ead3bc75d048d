import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, IsArray, IsISO8601, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength, ValidateNested,
} from 'class-validator';
import { FieldLabel, trimmed } from '../../http/validation';

export class SubtaskItemDto {
  @ApiProperty({ example: '组织本系统执法人员专题培训' }) @FieldLabel('子任务名称')
  @Transform(trimmed) @IsString() @IsNotEmpty() @MaxLength(200) title!: string;
  @ApiProperty({ description: '子任务的牵头单位：本辖区内的部门或乡镇（街道），不能是本任务的牵头单位' }) @FieldLabel('牵头单位')
  @IsUUID() leadUnitId!: string;
  @ApiProperty({ example: '2026-09-30', description: '完成时限，不得晚于本任务的完成时限' }) @FieldLabel('完成时限')
  @IsISO8601({ strict: true }) deadline!: string;
  @ApiPropertyOptional() @FieldLabel('任务说明') @IsOptional() @IsString() @MaxLength(10_000) description?: string;
}

export class BreakDownTaskDto {
  @ApiProperty({ type: [SubtaskItemDto], description: '子任务，1–50 项；即时交办给各自的牵头单位' }) @FieldLabel('子任务')
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => SubtaskItemDto) items!: SubtaskItemDto[];
}
