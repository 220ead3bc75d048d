import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { FieldLabel, toLf } from '../../http/validation';

export const INSTRUCTION_MAX_LENGTH = 1000;

/** A line break counts once (CRLF as LF, as a textarea counts it); blanks around the text do not count and do not stay. */
const toTrimmedLf = (p: { value: unknown }) => {
  const value = toLf(p);
  return typeof value === 'string' ? value.trim() : value;
};

export class InstructionDto {
  @ApiProperty({ description: '批示内容，1–1000 个字符（换行计一个字符，首尾空白不计）', example: '请抓紧办理，月底前报送进展。' })
  @FieldLabel('批示内容') @Transform(toTrimmedLf) @IsString() @IsNotEmpty() @MaxLength(INSTRUCTION_MAX_LENGTH)
  text!: string;
}
