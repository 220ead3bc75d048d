import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, IsArray, IsEmail, IsIn, IsNotEmpty, IsOptional, IsString, IsUrl, IsUUID, Matches, MaxLength, ValidateIf, ValidateNested,
} from 'class-validator';
import { UNIT_KINDS, UnitKind } from '@app/database';

export class UnitWebhookDto {
  @ApiProperty({ enum: ['generic', 'dingtalk', 'wecom'] }) @IsIn(['generic', 'dingtalk', 'wecom']) kind!: 'generic' | 'dingtalk' | 'wecom';
  @ApiProperty() @IsUrl({ require_tld: false, protocols: ['http', 'https'] }) @MaxLength(500) url!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) secret?: string;
}

export class CreateUnitDto {
  @ApiProperty({ example: 'CK-SFJ' }) @Matches(/^[A-Za-z0-9_.-]{1,40}$/) code!: string;
  @ApiProperty({ example: '城口县司法局' }) @IsString() @IsNotEmpty() @MaxLength(100) name!: string;
  @ApiProperty({ enum: UNIT_KINDS }) @IsIn(UNIT_KINDS) kind!: UnitKind;
  @ApiPropertyOptional() @IsOptional() @IsUUID() parentId?: string;
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @ArrayMaxSize(10) @IsEmail({}, { each: true }) emails?: string[];
  @ApiPropertyOptional({ type: [UnitWebhookDto] })
  @IsOptional() @IsArray() @ArrayMaxSize(5) @ValidateNested({ each: true }) @Type(() => UnitWebhookDto)
  webhooks?: UnitWebhookDto[];
}

// every field optional, but null is no value for these NOT NULL columns (PartialType's IsOptional would let it through)
const Given = () => ValidateIf((_, v) => v !== undefined);

export class UpdateUnitDto {
  @ApiPropertyOptional() @Given() @Matches(/^[A-Za-z0-9_.-]{1,40}$/) code?: string;
  @ApiPropertyOptional() @Given() @IsString() @IsNotEmpty() @MaxLength(100) name?: string;
  @ApiPropertyOptional({ enum: UNIT_KINDS }) @Given() @IsIn(UNIT_KINDS) kind?: UnitKind;
  @ApiPropertyOptional({ type: [String] }) @Given() @IsArray() @ArrayMaxSize(10) @IsEmail({}, { each: true }) emails?: string[];
  @ApiPropertyOptional({ type: [UnitWebhookDto] })
  @Given() @IsArray() @ArrayMaxSize(5) @ValidateNested({ each: true }) @Type(() => UnitWebhookDto)
  webhooks?: UnitWebhookDto[];
}
