import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class LoginDto {
  @ApiProperty({ example: 'admin' }) @IsString() @IsNotEmpty() @MaxLength(64) username!: string;
  @ApiProperty({ example: 'change-me-please' }) @IsString() @IsNotEmpty() @MaxLength(256) password!: string;
}
