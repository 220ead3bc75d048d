import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { REPORT_CALENDAR_STATES, type ReportCalendar, type ReportCalendarItem, type ReportCalendarState } from '@app/domain';
import { FieldLabel } from '../../http/validation';

export class ReportCalendarQueryDto {
  @ApiPropertyOptional({ example: '2026-12', description: '月份（YYYY-MM），省略为本月；可查前两年至后一年' })
  @FieldLabel('月份') @IsOptional() @Matches(/^\d{4}-(0[1-9]|1[0-2])$/) month?: string;
}

export class ReportCalendarItemResponseDto implements ReportCalendarItem {
  @ApiProperty() taskId!: string;
  @ApiProperty() code!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ description: '牵头单位（报送单位）' }) unitId!: string;
  @ApiProperty() unitName!: string;
  @ApiProperty({ example: '每月20日前' }) cycleLabel!: string;
  @ApiProperty({ example: '2026-12', description: '报送期：2026-W50（周）、2026-12（月）、2026Q4（季）' }) period!: string;
  @ApiProperty({ example: '2026-12-01', description: '报送期的第一天（此后的进展反馈才算本期报送）' }) periodStart!: string;
  @ApiProperty({ example: '2026-12-21', description: '报送日（遇周末、节假日顺延至下一个工作日）' }) dueDate!: string;
  @ApiProperty({ enum: REPORT_CALENDAR_STATES, enumName: 'ReportCalendarState',
    description: 'received 已报送（报送期内、报送日前有牵头单位的进展反馈）；due 待报送（报送期已开始、报送日未过）；missed 未报送（报送日已过）；upcoming 未到期（报送期未开始）' })
  state!: ReportCalendarState;
  @ApiProperty({ type: String, nullable: true, example: '2026-12-18', description: '算作本期报送的进展反馈日期（本期第一次）' })
  receivedOn!: string | null;
}

export class ReportCalendarTotalsDto {
  @ApiProperty() total!: number;
  @ApiProperty({ description: '已报送' }) received!: number;
  @ApiProperty({ description: '待报送' }) due!: number;
  @ApiProperty({ description: '未报送' }) missed!: number;
  @ApiProperty({ description: '未到期' }) upcoming!: number;
}

export class ReportCalendarResponseDto implements ReportCalendar {
  @ApiProperty({ example: '2026-12' }) month!: string;
  @ApiProperty({ example: '2026-12-07', description: '今天（北京时间），据此判断各项状态' }) today!: string;
  @ApiProperty({ type: ReportCalendarTotalsDto }) totals!: ReportCalendarTotalsDto;
  @ApiProperty({ type: [ReportCalendarItemResponseDto], description: '按报送日、单位、任务编号排列' }) items!: ReportCalendarItemResponseDto[];
}
