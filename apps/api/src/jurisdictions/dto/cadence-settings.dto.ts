import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export class WorkingDaysQueryDto {
  @ApiPropertyOptional({ description: '年份（2000–2100），默认今年', example: 2026 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(2000) @Max(2100) year?: number;
}

export class WorkingDayOverrideDto {
  @ApiProperty({ description: 'true：这一天上班；false：这一天不上班' }) @IsBoolean() isWorking!: boolean;
  @ApiPropertyOptional({ description: '说明（例如：县里统一安排的调休）', maxLength: 100 })
  @IsOptional() @IsString() @MaxLength(100) note?: string;
}

/** For the OpenAPI page only: the policy body is checked in the domain (CADENCE_POLICY_INVALID names each field). */
export const CADENCE_POLICY_BODY_EXAMPLE = {
  times: { escalate: '08:30', 'weekly-remind': '09:30' },
  staleDays: 10,
  ladder: [
    { kind: 'due_soon', offset: -3, to: ['unit'], channels: ['inbox', 'email'] },
    { kind: 'urge', offset: 1, to: ['unit'], channels: ['inbox', 'email', 'webhook'] },
    { kind: 'supervise', offset: 5, to: ['leaders', 'office'], channels: ['inbox'] },
  ],
};
