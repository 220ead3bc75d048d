import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, ReportCalendarService } from '@app/domain';
import { ApiErrorResponses } from '../http/api-responses';
import { CurrentActor } from '../http/current-actor.decorator';
import { ReportCalendarQueryDto, ReportCalendarResponseDto } from './dto/report-calendar.dto';

/** 报送日历: the month's report days of the tasks with a reporting cycle (docs/cadence.md “The reporting calendar”). */
@ApiTags('tasks')
@ApiBearerAuth()
@ApiErrorResponses()
@Controller('report-calendar')
export class ReportCalendarController {
  constructor(private readonly calendar: ReportCalendarService) {}

  @Get()
  @ApiOperation({ summary: '报送日历：某月报送日落在该月的定期报送（在办任务），各项已报送 / 待报送 / 未报送 / 未到期及合计；'
    + '部门只看本单位牵头的任务，分管领导看分管单位，法治办看本辖区；月份格式错误或超出前两年至后一年 400' })
  @ApiOkResponse({ type: ReportCalendarResponseDto })
  get(@CurrentActor() actor: Actor, @Query() q: ReportCalendarQueryDto): Promise<ReportCalendarResponseDto> {
    return this.calendar.month(actor, q.month);
  }
}
