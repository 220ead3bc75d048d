import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type {
  CadencePolicy, CadencePolicyView, CalendarDay, CalendarYear, Channel, LadderStep, Recipient, ScoringWeights, WorkingDayOverrideView,
  YearSource,
} from '@app/domain';
import type { BeatName } from '@app/queues';

const RECIPIENTS = ['unit', 'leaders', 'office', 'all'] as const satisfies readonly Recipient[];
const CHANNELS = ['inbox', 'email', 'webhook'] as const satisfies readonly Channel[];
const STEP_KINDS = ['due_soon', 'urge', 'supervise', 'name'] as const satisfies readonly LadderStep['kind'][];
export const YEAR_SOURCES = ['notice', 'chinese-days'] as const satisfies readonly NonNullable<YearSource>[];

export class BeatTimesDto implements Record<BeatName, string> {
  @ApiProperty({ example: '09:00' }) 'daily-assign'!: string;
  @ApiProperty({ example: '09:00' }) 'weekly-remind'!: string;
  @ApiProperty({ example: '10:00' }) 'monthly-bulletin'!: string;
  @ApiProperty({ example: '10:00' }) 'quarterly-review'!: string;
  @ApiProperty({ example: '09:30' }) escalate!: string;
}

export class LadderStepDto implements LadderStep {
  @ApiProperty({ enum: STEP_KINDS, enumName: 'LadderStepKind' }) kind!: LadderStep['kind'];
  @ApiProperty({ description: '相对完成时限的工作日数（负数为到期前）' }) offset!: number;
  @ApiProperty({ enum: RECIPIENTS, enumName: 'Recipient', isArray: true }) to!: Recipient[];
  @ApiProperty({ enum: CHANNELS, enumName: 'Channel', isArray: true }) channels!: Channel[];
}

export class ScoringWeightsDto implements ScoringWeights {
  @ApiProperty() base!: number;
  @ApiProperty() overdue!: number;
  @ApiProperty() escalation!: number;
  @ApiProperty() rejected!: number;
  @ApiProperty() unacknowledged!: number;
  @ApiProperty() early!: number;
  @ApiProperty() earlyDays!: number;
}

export class CadencePolicyDto implements CadencePolicy {
  @ApiProperty() times!: BeatTimesDto;
  @ApiProperty() chaseAfterWorkingDays!: number;
  @ApiProperty() dueSoonWorkingDays!: number;
  @ApiProperty() staleDays!: number;
  @ApiProperty() behindRatio!: number;
  @ApiProperty({ type: [LadderStepDto] }) ladder!: LadderStepDto[];
  @ApiProperty() scoring!: ScoringWeightsDto;
}

/** The stored overrides: any subset of the policy (the beats' times, likewise, any subset). */
export class CadencePolicyOverridesDto implements Partial<CadencePolicy> {
  @ApiPropertyOptional({ type: BeatTimesDto }) times?: BeatTimesDto;
  @ApiPropertyOptional() chaseAfterWorkingDays?: number;
  @ApiPropertyOptional() dueSoonWorkingDays?: number;
  @ApiPropertyOptional() staleDays?: number;
  @ApiPropertyOptional() behindRatio?: number;
  @ApiPropertyOptional({ type: [LadderStepDto] }) ladder?: LadderStepDto[];
  @ApiPropertyOptional({ type: ScoringWeightsDto }) scoring?: ScoringWeightsDto;
}

export class CadencePolicyResponseDto implements CadencePolicyView {
  @ApiProperty() jurisdictionId!: string;
  @ApiProperty() jurisdictionName!: string;
  @ApiProperty({ description: '生效值：默认值叠加本地设置' }) effective!: CadencePolicyDto;
  @ApiProperty({ description: '本地设置' }) own!: CadencePolicyOverridesDto;
  @ApiProperty() defaults!: CadencePolicyDto;
  @ApiProperty({ type: String, nullable: true }) updatedAt!: string | null;
}

export class CalendarDayDto implements CalendarDay {
  @ApiProperty() date!: string;
  @ApiProperty() isWorking!: boolean;
  @ApiProperty({ enum: ['holiday', 'makeup', 'override'], enumName: 'CalendarDaySource' }) source!: CalendarDay['source'];
  @ApiProperty({ type: String, nullable: true, description: '节日名（国庆节、春节…）' }) name!: string | null;
  @ApiProperty({ type: String, nullable: true }) note!: string | null;
}

export class WorkingDaysResponseDto implements CalendarYear {
  @ApiProperty() year!: number;
  @ApiProperty({ description: '该年的法定节假日是否已知；否则按周一至周五加本地调整' }) covered!: boolean;
  @ApiProperty({ enum: YEAR_SOURCES, enumName: 'YearSource', nullable: true }) source!: YearSource;
  @ApiProperty({ type: [CalendarDayDto] }) days!: CalendarDayDto[];
}

export class WorkingDayOverrideResponseDto implements WorkingDayOverrideView {
  @ApiProperty() date!: string;
  @ApiProperty() isWorking!: boolean;
  @ApiProperty({ type: String, nullable: true }) note!: string | null;
}
