import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, IsISO8601, IsOptional, IsUUID, Max, Min } from 'class-validator';
import type { CarryOverResult } from '@app/domain';
import { FieldLabel } from '../../http/validation';
import { TaskResponseDto } from './task.response';

export class CarryOverTasksDto {
  @ApiProperty({ type: [String], description: '要结转的在办任务，1–500 项' }) @FieldLabel('任务')
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(500) @IsUUID('all', { each: true }) ids!: string[];
  @ApiProperty({ example: 2027, description: '结转至的计划年度，须晚于任务所属年度' }) @FieldLabel('结转年度')
  @IsInt() @Min(2000) @Max(2100) planYear!: number;
  @ApiPropertyOptional({ example: '2027-06-30', description: '新任务的完成时限；不填为该年度 12 月 31 日（交办前可逐项修改）' })
  @FieldLabel('完成时限') @IsOptional() @IsISO8601({ strict: true }) deadline?: string;
}

export class CarriedTaskDto {
  @ApiProperty({ description: '原任务' }) fromId!: string;
  @ApiProperty({ description: '原任务编号' }) fromCode!: string;
  @ApiProperty({ type: TaskResponseDto, description: '新年度的任务（草稿）' }) task!: TaskResponseDto;
}

export class CarryOverResultResponseDto implements CarryOverResult {
  @ApiProperty({ type: [CarriedTaskDto] }) carried!: CarriedTaskDto[];
}
