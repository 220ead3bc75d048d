import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, CarryOverTasksUseCase } from '@app/domain';
import { ApiErrorResponses } from '../http/api-responses';
import { CurrentActor } from '../http/current-actor.decorator';
import { CarryOverResultResponseDto, CarryOverTasksDto } from './dto/carry-over.dto';

/** 结转: open tasks go on in the next plan year (docs/report-import.md, “Year-end outcome and carry-over”). */
@ApiTags('tasks')
@ApiBearerAuth()
@ApiErrorResponses()
@Controller()
export class TaskCarryOverController {
  constructor(private readonly carryOver: CarryOverTasksUseCase) {}

  @Post('tasks/carry-over') @HttpCode(200)
  @ApiOperation({ summary: '结转至下一年度（法治办）：在办任务生成新年度的草稿任务（新编号，保留与原任务的关联），原任务以“结转至X年”撤销；全部或全不；已结转过 409 TASK_ALREADY_CARRIED' })
  @ApiOkResponse({ type: CarryOverResultResponseDto })
  carry(@CurrentActor() actor: Actor, @Body() dto: CarryOverTasksDto): Promise<CarryOverResultResponseDto> {
    return this.carryOver.execute({ actor, ids: dto.ids, planYear: dto.planYear, deadline: dto.deadline });
  }
}
