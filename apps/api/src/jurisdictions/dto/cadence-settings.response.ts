import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { NOTICE_EVENTS } from '@app/domain';
import type {
  CadencePolicy, CadencePolicyView, CalendarDay, CalendarYear, Channel, Issuer, LadderStep, LeaderChoice, NoticeEvent, NoticeEventView, Recipient,
  ScoringWeights, UnsignedLadder,
  WorkingDayOverrideView, YearSource,
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

export class UnsignedLadderDto implements UnsignedLadder {
  @ApiProperty({ description: '交办单印发后（当日不计）满多少个工作日仍未签收，向分管领导发督办通知单（须大于 chaseAfterWorkingDays）',
    example: 6 }) supervise!: number;
  @ApiProperty({ description: '满多少个工作日仍未签收，在下一期检查通报中点名（须大于 supervise）', example: 10 }) name!: number;
}

export class UnsignedLadderOverridesDto implements Partial<UnsignedLadder> {
  @ApiPropertyOptional({ example: 6 }) supervise?: number;
  @ApiPropertyOptional({ example: 10 }) name?: number;
}

export class ScoringWeightsDto implements ScoringWeights {
  @ApiProperty() base!: number;
  @ApiProperty() overdue!: number;
  @ApiProperty() escalation!: number;
  @ApiProperty() rejected!: number;
  @ApiProperty() unacknowledged!: number;
  @ApiProperty() early!: number;
  @ApiProperty() earlyDays!: number;
  @ApiProperty({ description: '每项督察抽查未通过扣分' }) spotCheckFailed!: number;
  @ApiProperty({ description: '每次定期报送逾期未报（催报）扣分' }) reportMissed!: number;
}

const channels = (event: NoticeEvent) => ApiProperty({ enum: CHANNELS, enumName: 'Channel', isArray: true,
  description: `${event}：通知渠道（inbox 必选）` });
const optionalChannels = () => ApiPropertyOptional({ enum: CHANNELS, enumName: 'Channel', isArray: true });

/** Per workflow event, the channels its notices go out on (the inbox always). */
export class NoticeChannelsDto implements Record<NoticeEvent, Channel[]> {
  @channels('publish') publish!: Channel[];
  @channels('return') return!: Channel[];
  @channels('extension_request') extension_request!: Channel[];
  @channels('extension_approve') extension_approve!: Channel[];
  @channels('extension_reject') extension_reject!: Channel[];
  @channels('submit') submit!: Channel[];
  @channels('approve') approve!: Channel[];
  @channels('transfer') transfer!: Channel[];
  @channels('cancel') cancel!: Channel[];
  @channels('reopen') reopen!: Channel[];
  @channels('instruct') instruct!: Channel[];
  @channels('first_approve') first_approve!: Channel[];
  @channels('confirm') confirm!: Channel[];
}

export class NoticeChannelsOverridesDto implements Partial<Record<NoticeEvent, Channel[]>> {
  @optionalChannels() publish?: Channel[];
  @optionalChannels() return?: Channel[];
  @optionalChannels() extension_request?: Channel[];
  @optionalChannels() extension_approve?: Channel[];
  @optionalChannels() extension_reject?: Channel[];
  @optionalChannels() submit?: Channel[];
  @optionalChannels() approve?: Channel[];
  @optionalChannels() transfer?: Channel[];
  @optionalChannels() cancel?: Channel[];
  @optionalChannels() reopen?: Channel[];
  @optionalChannels() instruct?: Channel[];
  @optionalChannels() first_approve?: Channel[];
  @optionalChannels() confirm?: Channel[];
}

export class NoticeEventDto implements NoticeEventView {
  @ApiProperty({ enum: NOTICE_EVENTS, enumName: 'NoticeEvent' }) event!: NoticeEvent;
  @ApiProperty({ example: '退回' }) label!: string;
  @ApiProperty({ description: '接收者', example: '牵头单位、分管领导' }) to!: string;
}

export class CadencePolicyDto implements CadencePolicy {
  @ApiProperty() times!: BeatTimesDto;
  @ApiProperty() chaseAfterWorkingDays!: number;
  @ApiProperty() dueSoonWorkingDays!: number;
  @ApiProperty() staleDays!: number;
  @ApiProperty() behindRatio!: number;
  @ApiProperty({ type: [LadderStepDto] }) ladder!: LadderStepDto[];
  @ApiProperty({ description: '未签收的升级：签收催办（chaseAfterWorkingDays）之后的督办、点名' }) unsignedLadder!: UnsignedLadderDto;
  @ApiProperty() scoring!: ScoringWeightsDto;
  @ApiProperty({ type: [Number], minItems: 4, maxItems: 4, description: '年度考核各季度得分的权重（一季度至四季度，和为 1）', example: [0.25, 0.25, 0.25, 0.25] })
  annualWeights!: [number, number, number, number];
  @ApiProperty({ description: '任务各环节通知的渠道' }) notices!: NoticeChannelsDto;
  @ApiPropertyOptional({ description: '发文机关全称（版头、落款）；未设置时为本辖区法治办单位名称', example: '青山县全面依法治县委员会办公室' })
  issuerName?: string;
  @ApiPropertyOptional({ description: '机关代字（文号之首）；未设置时为辖区名首字加“法治办”', example: '青法治办' }) issuerCode?: string;
  @ApiPropertyOptional({ type: String, nullable: true, description: '默认督办领导（牵头单位无分管领导时督办通知单的主送）' })
  defaultLeaderId?: string | null;
  @ApiProperty({ description: '月通报签发前审核：true 时月通报先生成草稿（待签发），法治办可修改总体评价和下一步工作要求，签发后才发出' })
  bulletinReview!: boolean;
  @ApiProperty({ description: '销号前复核：true 时法治办审核通过只是初审（待复核），须由初审以外的法治办人员或分管领导复核通过才销号' })
  reviewBeforeClose!: boolean;
  @ApiProperty({ description: '督察抽查比例：每月抽取当月办结任务的比例（0–1），默认 0.33' }) spotCheckShare!: number;
}

/** The stored overrides: any subset of the policy (the beats' times, likewise, any subset). */
export class CadencePolicyOverridesDto implements Partial<CadencePolicy> {
  @ApiPropertyOptional({ type: BeatTimesDto }) times?: BeatTimesDto;
  @ApiPropertyOptional() chaseAfterWorkingDays?: number;
  @ApiPropertyOptional() dueSoonWorkingDays?: number;
  @ApiPropertyOptional() staleDays?: number;
  @ApiPropertyOptional() behindRatio?: number;
  @ApiPropertyOptional({ type: [LadderStepDto] }) ladder?: LadderStepDto[];
  // either step alone (typed whole, as `times` is)
  @ApiPropertyOptional({ type: UnsignedLadderOverridesDto }) unsignedLadder?: UnsignedLadderDto;
  @ApiPropertyOptional({ type: ScoringWeightsDto }) scoring?: ScoringWeightsDto;
  @ApiPropertyOptional({ type: [Number], minItems: 4, maxItems: 4, description: '年度考核各季度权重（和为 1）' })
  annualWeights?: [number, number, number, number];
  // any subset of the events (typed whole, as `times` is: the domain keeps overrides as Partial<CadencePolicy>)
  @ApiPropertyOptional({ type: NoticeChannelsOverridesDto }) notices?: NoticeChannelsDto;
  @ApiPropertyOptional({ description: '发文机关全称', example: '青山县全面依法治县委员会办公室' }) issuerName?: string;
  @ApiPropertyOptional({ description: '机关代字', example: '青法治办' }) issuerCode?: string;
  @ApiPropertyOptional({ type: String, nullable: true, description: '默认督办领导的账号 ID' }) defaultLeaderId?: string | null;
  @ApiPropertyOptional({ description: '月通报签发前审核' }) bulletinReview?: boolean;
  @ApiPropertyOptional({ description: '销号前复核' }) reviewBeforeClose?: boolean;
  @ApiPropertyOptional({ description: '督察抽查比例' }) spotCheckShare?: number;
}

export class IssuerDto implements Issuer {
  @ApiProperty({ example: '甲县法治办' }) name!: string;
  @ApiProperty({ example: '甲法治办' }) code!: string;
}

export class LeaderChoiceDto implements LeaderChoice {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() unitName!: string;
}

export class CadencePolicyResponseDto implements CadencePolicyView {
  @ApiProperty() jurisdictionId!: string;
  @ApiProperty() jurisdictionName!: string;
  @ApiProperty({ description: '生效值：默认值叠加本地设置' }) effective!: CadencePolicyDto;
  @ApiProperty({ description: '本地设置' }) own!: CadencePolicyOverridesDto;
  @ApiProperty() defaults!: CadencePolicyDto;
  @ApiProperty({ type: String, nullable: true }) updatedAt!: string | null;
  @ApiProperty({ type: [NoticeEventDto], description: '可设置通知渠道的任务环节：名称与接收者' }) noticeEvents!: NoticeEventDto[];
  @ApiProperty({ description: '未设置时文书使用的发文机关全称与机关代字' }) issuerDefaults!: IssuerDto;
  @ApiProperty({ type: [LeaderChoiceDto], description: '本辖区在职领导：默认督办领导的可选项' }) leaders!: LeaderChoiceDto[];
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
