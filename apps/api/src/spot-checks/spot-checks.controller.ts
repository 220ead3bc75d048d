import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, SpotChecksService } from '@app/domain';
import { ApiErrorResponses } from '../http/api-responses';
import { CurrentActor } from '../http/current-actor.decorator';
import { uuidParam } from '../http/uuid-param';
import { DrawSpotCheckDto, RecordSpotCheckDto, SpotCheckMonthQueryDto, SpotCheckResponseDto } from './dto/spot-check.dto';

/** 督察抽查: the office draws a month's completed tasks and records each check; departments read their own. */
@ApiTags('spot-checks')
@ApiErrorResponses()
@ApiBearerAuth()
@Controller('spot-checks')
export class SpotChecksController {
  constructor(private readonly spotChecks: SpotChecksService) {}

  @Post('draw')
  @ApiOperation({ summary: '抽取督察抽查（本辖区法治办）：按比例随机抽取该月办结的任务，记录随机种子；每月只抽一次（重复抽取 409）' })
  @ApiCreatedResponse({ type: SpotCheckResponseDto })
  draw(@CurrentActor() actor: Actor, @Body() dto: DrawSpotCheckDto): Promise<SpotCheckResponseDto> {
    return this.spotChecks.draw(actor, dto);
  }

  @Get()
  @ApiOperation({ summary: '某月的督察抽查：法治办看全部，部门只看本单位牵头任务的结果（只读）' })
  @ApiOkResponse({ type: SpotCheckResponseDto })
  get(@CurrentActor() actor: Actor, @Query() q: SpotCheckMonthQueryDto): Promise<SpotCheckResponseDto> {
    return this.spotChecks.get(actor, q.month);
  }

  @Post(':id/items/:taskId/result') @HttpCode(200)
  @ApiOperation({ summary: '登记抽查结果（本辖区法治办）：通过，或不通过并填写发现的问题（任务重新打开，计入季度考核扣分）' })
  @ApiOkResponse({ type: SpotCheckResponseDto })
  record(@CurrentActor() actor: Actor, @Param('id', uuidParam) id: string, @Param('taskId', uuidParam) taskId: string,
    @Body() dto: RecordSpotCheckDto): Promise<SpotCheckResponseDto> {
    return this.spotChecks.record(actor, id, taskId, dto.passed, dto.finding);
  }
}
