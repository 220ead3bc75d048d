import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ACCOUNTABILITY_MEASURES, type AccountabilityMeasure } from '@app/domain';

export class AccountabilityRecordResponseDto {
  @ApiProperty() id!: string;
  @ApiProperty() jurisdictionId!: string;
  @ApiProperty() unitId!: string;
  @ApiProperty() unitName!: string;
  @ApiProperty() year!: number;
  @ApiProperty({ type: String, nullable: true }) taskId!: string | null;
  @ApiProperty({ type: String, nullable: true }) taskCode!: string | null;
  @ApiProperty({ type: String, nullable: true }) taskTitle!: string | null;
  @ApiProperty({ enum: ACCOUNTABILITY_MEASURES, enumName: 'AccountabilityMeasure' }) measure!: AccountabilityMeasure;
  @ApiProperty() reason!: string;
  @ApiProperty({ example: '2026-04-10' }) decidedOn!: string;
  @ApiProperty({ description: '登记人' }) createdByName!: string;
  @ApiProperty() createdAt!: Date;
}

export class AccountabilityPageResponseDto {
  @ApiProperty({ type: [AccountabilityRecordResponseDto] }) items!: AccountabilityRecordResponseDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
  @ApiPropertyOptional({ description: '总数（第一页返回）' }) total?: number;
}

export class NamedTaskResponseDto {
  @ApiProperty() taskId!: string;
  @ApiProperty() code!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ example: '2026-05-06', description: '点名通报日期（最近一次）' }) namedOn!: string;
}

export class AnnualLineDto {
  @ApiProperty({ description: '季度（1–4）' }) quarter!: number;
  @ApiProperty({ example: '季末仍逾期' }) reason!: string;
  @ApiProperty({ type: String, nullable: true, description: '任务编号' }) code!: string | null;
  @ApiProperty({ description: '分值：扣分为负、加分为正' }) points!: number;
}

export class AnnualUnitDto {
  @ApiProperty() unitId!: string;
  @ApiProperty() unitName!: string;
  @ApiProperty({ type: [Number], nullable: true, description: '一季度至四季度得分（未考核的季度为 null）', example: [95, 88, null, 91] })
  quarters!: Array<number | null>;
  @ApiProperty({ type: Number, nullable: true, description: '年度得分（未四舍五入；显示时保留两位小数）' }) score!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: '名次（并列的单位名次相同：1、2、2、4）；无年度得分时为 null' })
  rank!: number | null;
  @ApiProperty({ description: '与其他单位并列此名次' }) tied!: boolean;
  @ApiProperty({ type: [AnnualLineDto], description: '全年每一项加分和扣分' }) lines!: AnnualLineDto[];
  @ApiProperty({ type: String, nullable: true, description: '年度得分的折算说明（缺季度时）' }) note!: string | null;
  @ApiProperty({ type: [AccountabilityRecordResponseDto], description: '本年度问责记录' }) accountability!: AccountabilityRecordResponseDto[];
}

export class AnnualReviewResponseDto {
  @ApiProperty() year!: number;
  @ApiProperty() jurisdictionId!: string;
  @ApiProperty() jurisdictionName!: string;
  @ApiProperty({ type: [Number], description: '各季度权重（cadence 设置 annualWeights）' }) weights!: number[];
  @ApiProperty({ type: [Number], description: '辖区内已有考核结果的季度（1–4）' }) assessedQuarters!: number[];
  @ApiProperty({ description: '参评（有年度得分的）单位数' }) of!: number;
  @ApiProperty({ type: String, nullable: true, description: '全年说明（如某季度尚未考核）' }) note!: string | null;
  @ApiProperty({ type: [AnnualUnitDto], description: '按名次；部门只有本单位，领导只有分管单位' }) units!: AnnualUnitDto[];
}
