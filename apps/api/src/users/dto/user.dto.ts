import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsEmail, IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength,
  MinLength, ValidateIf } from 'class-validator';
import { USER_ROLES, UserRole } from '@app/database';

export class CreateUserDto {
  @ApiProperty() @Matches(/^[A-Za-z0-9_.@-]{2,64}$/) username!: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(50) displayName!: string;
  @ApiProperty() @IsString() @MinLength(8) @MaxLength(128) password!: string;
  @ApiProperty({ enum: USER_ROLES }) @IsIn(USER_ROLES) role!: UserRole;
  @ApiProperty() @IsUUID() unitId!: string;
  @ApiPropertyOptional() @IsOptional() @IsEmail() email?: string;
}

// null is not "leave unchanged" for a NOT NULL column: only e-mail may be cleared with null
const Given = () => ValidateIf((_, v) => v !== undefined);

export class UpdateUserDto {
  @ApiPropertyOptional() @Given() @IsString() @IsNotEmpty() @MaxLength(50) displayName?: string;
  @ApiPropertyOptional() @Given() @IsString() @MinLength(8) @MaxLength(128) password?: string;
  @ApiPropertyOptional({ enum: USER_ROLES }) @Given() @IsIn(USER_ROLES) role?: UserRole;
  @ApiPropertyOptional() @Given() @IsUUID() unitId?: string;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'null 清除邮箱' }) @IsOptional() @IsEmail() email?: string | null;
  @ApiPropertyOptional() @Given() @IsBoolean() active?: boolean;
}

export class SetLeaderUnitsDto {
  @ApiProperty({ type: [String] }) @IsArray() @ArrayMaxSize(200) @IsUUID('all', { each: true }) unitIds!: string[];
}
