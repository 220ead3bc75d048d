import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import type { SpotCheckItemView, SpotCheckView } from '@app/domain';
import { IdNameDto } from '../../tasks/dto/task.response';
import { FieldLabel, toLf, trimmed } from '../../http/validation';

const month = () => (target: object, key: string) => {
  FieldLabel('抽查月份')(target, key);
  Matches(/^\d{4}-(0[1-9]|1[0-2])$/)(target, key);
};

export class DrawSpotCheckDto {
  @ApiProperty({ example: '2026-03', description: '抽查月份：从该月办结的任务中抽取' }) @month() month!: string;
  @ApiPropertyOptional({ example: 0.33, description: '抽查比例（0–1）；省略时为督办节奏设置的 spotCheckShare（默认 0.33）' })
  @FieldLabel('抽查比例') @IsOptional() @Type(() => Number) @IsNumber() @Min(0.01) @Max(1) share?: number;
  @ApiPropertyOptional({ description: '随机种子；省略时随机生成。同一种子对同一批任务抽取结果相同' })
  @FieldLabel('随机种子') @IsOptional() @IsString() @Matches(/^[\w-]{1,64}$/) seed?: string;
}

export class SpotCheckMonthQueryDto {
  @ApiProperty({ example: '2026-03' }) @month() month!: string;
}

export class RecordSpotCheckDto {
  @ApiProperty({ description: 'true 通过；false 不通过（须填写发现的问题，任务将重新打开）' })
  @FieldLabel('抽查结果') @IsBoolean() passed!: boolean;
  @ApiPropertyOptional({ maxLength: 500, description: '发现的问题（不通过时必填）' })
  @FieldLabel('发现的问题') @IsOptional() @Transform(trimmed) @Transform(toLf) @IsString() @MaxLength(500) finding?: string;
}

export class SpotCheckItemResponseDto implements SpotCheckItemView {
  @ApiProperty() taskId!: string;
  @ApiProperty() code!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ type: IdNameDto }) leadUnit!: IdNameDto;
  @ApiProperty() completedAt!: Date;
  @ApiProperty({ type: [String], description: '核查清单：办结说明与每份办结佐证材料' }) checklist!: string[];
  @ApiProperty({ enum: ['passed', 'failed'], nullable: true, description: '抽查结果；null 为尚未核查' }) result!: 'passed' | 'failed' | null;
  @ApiProperty({ type: String, nullable: true }) finding!: string | null;
  @ApiProperty({ type: Date, nullable: true }) checkedAt!: Date | null;
}

export class SpotCheckResponseDto implements SpotCheckView {
  @ApiProperty() id!: string;
  @ApiProperty() month!: string;
  @ApiProperty() share!: number;
  @ApiProperty({ description: '随机种子（据此可复核抽取结果）' }) seed!: string;
  @ApiProperty({ description: '该月办结任务总数（抽取范围）' }) population!: number;
  @ApiProperty() drawnAt!: Date;
  @ApiProperty({ type: [SpotCheckItemResponseDto], description: '抽中的任务；部门只看到本单位牵头的' }) items!: SpotCheckItemResponseDto[];
}
