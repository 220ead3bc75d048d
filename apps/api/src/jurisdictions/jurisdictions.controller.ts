import { Body, Controller, Delete, Get, HttpCode, Param, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, CadenceSettingsService, Clock } from '@app/domain';
import { ApiErrorResponses } from '../http/api-responses';
import { CurrentActor } from '../http/current-actor.decorator';
import { uuidParam } from '../http/uuid-param';
import { CADENCE_POLICY_BODY_EXAMPLE, WorkingDayOverrideDto, WorkingDaysQueryDto } from './dto/cadence-settings.dto';
import {
  CadencePolicyOverridesDto, CadencePolicyResponseDto, WorkingDayOverrideResponseDto, WorkingDaysResponseDto,
} from './dto/cadence-settings.response';

/** A jurisdiction's cadence settings and working-day overrides: the admin any, an office its own. */
@ApiTags('jurisdictions')
@ApiErrorResponses()
@ApiBearerAuth()
@Controller('jurisdictions/:id')
export class JurisdictionsController {
  constructor(private readonly settings: CadenceSettingsService, private readonly clock: Clock) {}

  @Get('cadence-policy')
  @ApiOperation({ summary: '督办节奏与升级设置（生效值、本地设置、默认值）' })
  @ApiOkResponse({ type: CadencePolicyResponseDto })
  policy(@CurrentActor() actor: Actor, @Param('id', uuidParam) id: string): Promise<CadencePolicyResponseDto> {
    return this.settings.policy(actor, id);
  }

  @Put('cadence-policy')
  @ApiOperation({ summary: '保存督办节奏与升级设置（整体替换本地设置；{} 即恢复默认）' })
  @ApiBody({ type: CadencePolicyOverridesDto, examples: { overrides: { value: CADENCE_POLICY_BODY_EXAMPLE } } })
  @ApiOkResponse({ type: CadencePolicyResponseDto })
  setPolicy(@CurrentActor() actor: Actor, @Param('id', uuidParam) id: string, @Body() body: unknown): Promise<CadencePolicyResponseDto> {
    return this.settings.setPolicy(actor, id, body);
  }

  @Get('working-days')
  @ApiOperation({ summary: '一年中不同于周一至周五的日子：法定节假日、调休上班日与本地调整' })
  @ApiOkResponse({ type: WorkingDaysResponseDto })
  workingDays(@CurrentActor() actor: Actor, @Param('id', uuidParam) id: string, @Query() q: WorkingDaysQueryDto): Promise<WorkingDaysResponseDto> {
    return this.settings.workingDays(actor, id, q.year ?? Number(this.clock.today().slice(0, 4)));
  }

  @Put('working-days/:date')
  @ApiOperation({ summary: '设置本地工作日调整（这一天上班或不上班）' })
  @ApiOkResponse({ type: WorkingDayOverrideResponseDto })
  setOverride(@CurrentActor() actor: Actor, @Param('id', uuidParam) id: string, @Param('date') date: string,
    @Body() dto: WorkingDayOverrideDto): Promise<WorkingDayOverrideResponseDto> {
    return this.settings.setOverride(actor, id, date, dto);
  }

  @Delete('working-days/:date')
  @HttpCode(204)
  @ApiOperation({ summary: '删除本地工作日调整（恢复全国安排）' })
  @ApiNoContentResponse()
  async deleteOverride(@CurrentActor() actor: Actor, @Param('id', uuidParam) id: string, @Param('date') date: string): Promise<void> {
    await this.settings.deleteOverride(actor, id, date);
  }
}
