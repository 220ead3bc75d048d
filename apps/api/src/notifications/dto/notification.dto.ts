import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { toBool } from '../../http/query-params';


export class InboxQueryDto {
  @ApiPropertyOptional({ description: '只看未读' }) @IsOptional() @Transform(toBool) @IsBoolean() unread?: boolean;
  @ApiPropertyOptional({ description: '上一页返回的 nextCursor' }) @IsOptional() @IsString() @MaxLength(200) after?: string;
  @ApiPropertyOptional({ default: 50, maximum: 100 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100)
  limit?: number;
}
