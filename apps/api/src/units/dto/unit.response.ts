import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { UNIT_KINDS, UnitEntity, UnitKind, UnitWebhook } from '@app/database';

export class UnitWebhookDto implements UnitWebhook {
  @ApiProperty({ enum: ['generic', 'dingtalk', 'wecom'] }) kind!: UnitWebhook['kind'];
  @ApiProperty() url!: string;
  @ApiPropertyOptional() secret?: string;
}

// `implements` the entity the service returns: a column added there and missing here fails the build
export class UnitResponseDto implements UnitEntity {
  @ApiProperty() id!: string;
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: UNIT_KINDS, enumName: 'UnitKind' }) kind!: UnitKind;
  @ApiProperty({ type: String, nullable: true }) parentId!: string | null;
  @ApiProperty() jurisdictionId!: string;
  @ApiProperty({ description: '自根单位起的 id 链（"<根>/<下级>/…/<本单位>/"）' }) path!: string;
  @ApiProperty({ type: [String] }) emails!: string[];
  @ApiProperty({ type: [UnitWebhookDto] }) webhooks!: UnitWebhookDto[];
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;
}
