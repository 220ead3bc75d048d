import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, LeaderOverviewService } from '@app/domain';
import { ApiErrorResponses } from '../http/api-responses';
import { CurrentActor } from '../http/current-actor.decorator';
import { LeaderOverviewResponseDto } from './dto/leader.response';

/** 领导首页: what a leader in charge (分管领导) looks at first. */
@ApiTags('leader')
@ApiBearerAuth()
@ApiErrorResponses()
@Controller('leader')
export class LeaderController {
  constructor(private readonly leader: LeaderOverviewService) {}

  @Get('overview')
  @ApiOperation({ summary: '领导首页（分管领导）：分管单位的在办、逾期、临期数，逾期与临期任务，发给本人的催办督办文书' })
  @ApiOkResponse({ type: LeaderOverviewResponseDto })
  overview(@CurrentActor() actor: Actor): Promise<LeaderOverviewResponseDto> {
    return this.leader.overview(actor);
  }
}
