import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsNotEmpty, IsOptional, IsString, IsUUID, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { ACCOUNTABILITY_MEASURES, type AccountabilityMeasure } from '@app/domain';
import { FieldLabel, toLf, trimmed } from '../../http/validation';

const year = () => (target: object, key: string) => {
  FieldLabel('年度')(target, key);
  Type(() => Number)(target, key);
  IsInt()(target, key);
  Min(2000)(target, key);
  Max(2100)(target, key);
};

export class AnnualReviewQueryDto {
  @ApiProperty({ example: 2026, description: '考核年度' }) @year() year!: number;
  @ApiPropertyOptional({ description: '辖区（市级法治办查看下级辖区、管理员必填）；省略时为本辖区' })
  @FieldLabel('辖区') @IsOptional() @IsUUID() jurisdictionId?: string;
}

export class CreateAccountabilityDto {
  @ApiProperty({ description: '被问责单位' }) @FieldLabel('单位') @IsUUID() unitId!: string;
  @ApiProperty({ example: 2026, description: '问责所属的考核年度' }) @year() year!: number;
  @ApiPropertyOptional({ type: String, nullable: true, description: '关联任务（通常为被点名通报的任务）' })
  @FieldLabel('关联任务') @IsOptional() @ValidateIf((o: CreateAccountabilityDto) => o.taskId !== null) @IsUUID() taskId?: string | null;
  @ApiProperty({ enum: ACCOUNTABILITY_MEASURES, enumName: 'AccountabilityMeasure', description: '问责措施' })
  @FieldLabel('措施') @IsIn(ACCOUNTABILITY_MEASURES) measure!: AccountabilityMeasure;
  @ApiProperty({ maxLength: 500, description: '事由' })
  @FieldLabel('事由') @Transform(trimmed) @Transform(toLf) @IsString() @IsNotEmpty() @MaxLength(500) reason!: string;
  @ApiProperty({ example: '2026-04-10', description: '决定日期' }) @FieldLabel('决定日期') @IsISO8601({ strict: true }) decidedOn!: string;
}

export class ListAccountabilityQueryDto {
  @ApiProperty({ example: 2026 }) @year() year!: number;
  @ApiPropertyOptional() @FieldLabel('单位') @IsOptional() @IsUUID() unitId?: string;
  @ApiPropertyOptional({ description: '上一页返回的 nextCursor' }) @IsOptional() @IsString() @MaxLength(200) after?: string;
  @ApiPropertyOptional({ default: 50, maximum: 100 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) limit?: number;
}

export class WithdrawAccountabilityQueryDto {
  @ApiProperty({ maxLength: 200, description: '撤销理由（记录保留，注明撤销人、时间和理由）' })
  @FieldLabel('撤销理由') @Transform(trimmed) @IsString() @IsNotEmpty() @MaxLength(200) reason!: string;
}

export class NamedTasksQueryDto {
  @ApiProperty() @FieldLabel('单位') @IsUUID() unitId!: string;
  @ApiProperty({ example: 2026 }) @year() year!: number;
}
