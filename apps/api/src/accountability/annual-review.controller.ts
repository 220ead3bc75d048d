import { Body, Controller, Delete, Get, HttpCode, Logger, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AccountabilityService, Actor, AnnualReviewService, writeAnnualReview } from '@app/domain';
import { ApiErrorResponses, ApiFileResponse } from '../http/api-responses';
import { CurrentActor } from '../http/current-actor.decorator';
import { uuidParam } from '../http/uuid-param';
import { streamXlsx, XLSX } from '../http/xlsx-reply';
import {
  AnnualReviewQueryDto, CreateAccountabilityDto, ListAccountabilityQueryDto, NamedTasksQueryDto, WithdrawAccountabilityQueryDto,
} from './dto/accountability.dto';
import {
  AccountabilityPageResponseDto, AccountabilityRecordResponseDto, AnnualReviewResponseDto, NamedTaskResponseDto,
} from './dto/accountability.response';

/** 年度考核 (the quarters rolled up into the year) and the 问责 records read with it. */
@ApiTags('assessments')
@ApiErrorResponses()
@ApiBearerAuth()
@Controller()
export class AnnualReviewController {
  private readonly logger = new Logger(AnnualReviewController.name);

  constructor(private readonly annual: AnnualReviewService, private readonly accountability: AccountabilityService) {}

  @Get('assessments/annual')
  @ApiOperation({ summary: '年度考核：各单位四个季度得分、加权年度得分、排名（并列）、全年加减分与问责记录；部门只有本单位，领导只有分管单位' })
  @ApiOkResponse({ type: AnnualReviewResponseDto })
  review(@CurrentActor() actor: Actor, @Query() q: AnnualReviewQueryDto): Promise<AnnualReviewResponseDto> {
    return this.annual.annual(actor, q.year, q.jurisdictionId);
  }

  @Get('assessments/annual/export.xlsx') @ApiFileResponse(XLSX, '年度考核 Excel 工作簿')
  @ApiOperation({ summary: '导出年度考核 Excel：年度考核（排名与得分）、扣分明细、问责记录，范围同年度考核' })
  async export(@CurrentActor() actor: Actor, @Query() q: AnnualReviewQueryDto, @Res() reply: FastifyReply): Promise<void> {
    const review = await this.annual.annual(actor, q.year, q.jurisdictionId);
    await streamXlsx(reply, `年度考核-${q.year}年.xlsx`, (out) => writeAnnualReview(review, out), this.logger);
  }

  @Get('accountability')
  @ApiOperation({ summary: '问责记录：法治办为本辖区，部门为本单位，领导为分管单位；决定日期新→旧，游标分页' })
  @ApiOkResponse({ type: AccountabilityPageResponseDto })
  list(@CurrentActor() actor: Actor, @Query() q: ListAccountabilityQueryDto): Promise<AccountabilityPageResponseDto> {
    return this.accountability.list(actor, q);
  }

  @Post('accountability')
  @ApiOperation({ summary: '登记问责（本辖区法治办）' })
  @ApiCreatedResponse({ type: AccountabilityRecordResponseDto })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateAccountabilityDto): Promise<AccountabilityRecordResponseDto> {
    return this.accountability.create(actor, dto);
  }

  @Delete('accountability/:id') @HttpCode(204)
  @ApiOperation({ summary: '撤销问责记录（本辖区法治办，须注明理由；记录保留并标明撤销人、时间和理由）' })
  @ApiNoContentResponse()
  withdraw(@CurrentActor() actor: Actor, @Param('id', uuidParam) id: string, @Query() q: WithdrawAccountabilityQueryDto): Promise<void> {
    return this.accountability.withdraw(actor, id, q.reason);
  }

  @Get('accountability/named-tasks')
  @ApiOperation({ summary: '单位本年度被点名通报的任务（登记问责时选择关联任务）' })
  @ApiOkResponse({ type: [NamedTaskResponseDto] })
  namedTasks(@CurrentActor() actor: Actor, @Query() q: NamedTasksQueryDto): Promise<NamedTaskResponseDto[]> {
    return this.accountability.namedTasks(actor, q.unitId, q.year);
  }
}
