import { BadRequestException, Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, NationalCalendarService } from '@app/domain';
import { ApiErrorResponses } from '../http/api-responses';
import { CurrentActor } from '../http/current-actor.decorator';
import { ApplyNoticeDto, PreviewNoticeDto } from './dto/national-calendar.dto';
import {
  EnteredYearResponseDto, NationalCalendarOverviewResponseDto, NoticeReviewResponseDto, YearCoverageResponseDto,
} from './dto/national-calendar.response';

const yearParam = new ParseIntPipe({
  exceptionFactory: () => new BadRequestException({ code: 'INVALID_YEAR', message: '年份格式不正确：应为 2000–2100 之间的四位数字' }),
});

/** The national holiday calendar entered from the State Council's annual notice: the admin enters, an office looks. */
@ApiTags('national-calendar')
@ApiErrorResponses()
@ApiBearerAuth()
@Controller('national-calendar')
export class NationalCalendarController {
  constructor(private readonly national: NationalCalendarService) {}

  @Get()
  @ApiOperation({ summary: '去年、今年、明年及已录入年份的法定节假日来源（chinese-days 或录入的通知）与差异' })
  @ApiOkResponse({ type: NationalCalendarOverviewResponseDto })
  overview(@CurrentActor() actor: Actor): Promise<NationalCalendarOverviewResponseDto> {
    return this.national.overview(actor);
  }

  @Post('preview')
  @HttpCode(200)
  @ApiOperation({ summary: '解析粘贴的放假安排通知，供核对（不保存）' })
  @ApiOkResponse({ type: NoticeReviewResponseDto })
  preview(@CurrentActor() actor: Actor, @Body() dto: PreviewNoticeDto): Promise<NoticeReviewResponseDto> {
    return this.national.preview(actor, dto.text, dto.year);
  }

  @Get('years/:year')
  @ApiOperation({ summary: '已录入的某年放假安排：逐日、录入人与时间、与 chinese-days 的差异' })
  @ApiOkResponse({ type: EnteredYearResponseDto })
  year(@CurrentActor() actor: Actor, @Param('year', yearParam) year: number): Promise<EnteredYearResponseDto> {
    return this.national.enteredYear(actor, year);
  }

  @Put('years/:year')
  @ApiOperation({ summary: '应用放假安排通知为该年全国工作日日历（替换该年已录入的安排）' })
  @ApiOkResponse({ type: YearCoverageResponseDto })
  apply(@CurrentActor() actor: Actor, @Param('year', yearParam) year: number, @Body() dto: ApplyNoticeDto): Promise<YearCoverageResponseDto> {
    return this.national.apply(actor, year, dto.text, dto.confirmWarnings ?? false);
  }

  @Delete('years/:year')
  @HttpCode(204)
  @ApiOperation({ summary: '撤销已录入的某年放假安排（恢复 chinese-days，或按周一至周五）' })
  @ApiNoContentResponse()
  async remove(@CurrentActor() actor: Actor, @Param('year', yearParam) year: number): Promise<void> {
    await this.national.remove(actor, year);
  }
}
