import { ApiProperty } from '@nestjs/swagger';
import type {
  CalendarDifference, EnteredYearView, NationalCalendarOverview, NoticeDay, NoticeItem, NoticeReview, YearCoverageView, YearSource,
} from '@app/domain';
import { YEAR_SOURCES } from '../../jurisdictions/dto/cadence-settings.response';

export class CalendarDifferenceDto implements CalendarDifference {
  @ApiProperty() date!: string;
  @ApiProperty({ description: '按录入的通知是否上班' }) entered!: boolean;
  @ApiProperty({ description: '按 chinese-days 是否上班' }) chineseDays!: boolean;
}

export class YearCoverageResponseDto implements YearCoverageView {
  @ApiProperty() year!: number;
  @ApiProperty({ enum: YEAR_SOURCES, enumName: 'YearSource', nullable: true }) source!: YearSource;
  @ApiProperty() inChineseDays!: boolean;
  @ApiProperty({ type: String, nullable: true }) title!: string | null;
  @ApiProperty({ type: String, nullable: true }) appliedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) appliedByName!: string | null;
  @ApiProperty({ type: [CalendarDifferenceDto] }) differences!: CalendarDifferenceDto[];
}

export class NationalCalendarOverviewResponseDto implements NationalCalendarOverview {
  @ApiProperty() today!: string;
  @ApiProperty({ type: [YearCoverageResponseDto] }) years!: YearCoverageResponseDto[];
  @ApiProperty({ type: [Number] }) uncoveredYears!: number[];
  @ApiProperty({ type: String, nullable: true }) warning!: string | null;
}

export class HolidayRangeDto {
  @ApiProperty() from!: string;
  @ApiProperty() to!: string;
  @ApiProperty() days!: number;
  @ApiProperty({ type: Number, nullable: true }) statedDays!: number | null;
}

export class NoticeItemDto implements NoticeItem {
  @ApiProperty() name!: string;
  @ApiProperty({ type: [HolidayRangeDto] }) holidays!: HolidayRangeDto[];
  @ApiProperty({ type: [String] }) makeupDays!: string[];
  @ApiProperty() text!: string;
}

export class NoticeDayDto implements NoticeDay {
  @ApiProperty() date!: string;
  @ApiProperty() isWorking!: boolean;
  @ApiProperty() name!: string;
}

export class NoticeReviewResponseDto implements NoticeReview {
  @ApiProperty({ type: Number, nullable: true }) year!: number | null;
  @ApiProperty({ type: String, nullable: true }) title!: string | null;
  @ApiProperty({ type: [NoticeItemDto] }) items!: NoticeItemDto[];
  @ApiProperty({ type: [NoticeDayDto] }) days!: NoticeDayDto[];
  @ApiProperty({ type: [String] }) warnings!: string[];
  @ApiProperty({ type: [CalendarDifferenceDto] }) differences!: CalendarDifferenceDto[];
  @ApiProperty({ type: YearCoverageResponseDto, nullable: true }) current!: YearCoverageResponseDto | null;
}

export class EnteredDayDto {
  @ApiProperty() date!: string;
  @ApiProperty() isWorking!: boolean;
  @ApiProperty({ type: String, nullable: true }) note!: string | null;
}

export class EnteredYearResponseDto extends YearCoverageResponseDto implements EnteredYearView {
  @ApiProperty({ type: [EnteredDayDto] }) days!: EnteredDayDto[];
  @ApiProperty({ type: [String] }) warnings!: string[];
  @ApiProperty() noticeText!: string;
}
