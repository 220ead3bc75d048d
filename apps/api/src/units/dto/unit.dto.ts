import { ApiProperty, ApiPropertyOptional, PartialType, PickType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, IsArray, IsEmail, IsIn, IsNotEmpty, IsOptional, IsString, IsUrl, IsUUID, Matches, MaxLength, ValidateNested,
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

export class UpdateUnitDto extends PartialType(PickType(CreateUnitDto, ['name', 'emails', 'webhooks'] as const)) {}
