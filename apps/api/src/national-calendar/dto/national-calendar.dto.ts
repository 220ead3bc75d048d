import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';

// The text's size (200 KB) and emptiness are checked in the domain, with messages that name the field in Chinese.
export class PreviewNoticeDto {
  @ApiProperty({ description: '粘贴的通知正文（国务院办公厅关于20XX年部分节假日安排的通知），不超过 200 KB' })
  @IsString() text!: string;

  @ApiPropertyOptional({ description: '所选年份：正文没有写明年份时按此年读取，写明的年份不同则给出提示', example: 2027 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(2000) @Max(2100) year?: number;
}

export class ApplyNoticeDto {
  @ApiProperty({ description: '通知正文（服务器重新读取，不采用页面上的结果）' }) @IsString() text!: string;

  @ApiPropertyOptional({ description: '解析有需要核对的提示时，确认已核对后应用' })
  @IsOptional() @IsBoolean() confirmWarnings?: boolean;
}
