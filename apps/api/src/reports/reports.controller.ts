import { createHash } from 'node:crypto';
import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiExtraModels, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  Actor, DOCX_MIME, DraftTasksUseCase, IdempotencyService, ImportReportUseCase, REPORT_MAX_BYTES, ReportItemsService, ReportOutcomeService, ReportsService, ReportUpload,
} from '@app/domain';
import { ApiErrorResponses, ApiFileResponse } from '../http/api-responses';
import { attachment } from '../http/xlsx-reply';
import { ReportOutcomeResponseDto } from './dto/report-outcome.response';
import { CurrentActor } from '../http/current-actor.decorator';
import { ApiIdempotencyKey, writeOnce } from '../http/idempotency';
import { uuidParam } from '../http/uuid-param';
import { validationPipe } from '../http/validation';
import {
  CreateDraftsDto, EditReportItemDto, LinkDto, MergeReportItemsDto, OwnerRuleDto, RenameReportDto, ReportImportFormDto, ReportItemDto,
  ReportTextDto, SplitReportItemDto,
} from './dto/report.dto';
import {
  DraftResultResponseDto, ImportSummaryResponseDto, OwnerRuleResponseDto, ReportItemResponseDto, ReportLinkResponseDto,
  RenamedReportResponseDto, ReportDuplicateDetailsDto, ReportListItemResponseDto, ReportResponseDto,
} from './dto/report.response';

@ApiTags('reports')
@ApiErrorResponses()
@ApiBearerAuth()
@ApiExtraModels(ReportDuplicateDetailsDto)
@Controller()
export class ReportsController {
  constructor(
    private readonly importReport: ImportReportUseCase,
    private readonly reports: ReportsService,
    private readonly draftTasks: DraftTasksUseCase,
    private readonly items: ReportItemsService,
    private readonly idempotency: IdempotencyService,
    private readonly outcome: ReportOutcomeService,
  ) {}

  @Post('reports')
  @ApiConsumes('multipart/form-data', 'application/json') @ApiBody({ type: ReportImportFormDto }) @ApiIdempotencyKey()
  @ApiOperation({ summary: '导入报告（法治办）：上传文件 file，或 JSON { text }；同一文件重复上传返回 409 REPORT_DUPLICATE（details 见 ReportDuplicateDetailsDto）' })
  @ApiCreatedResponse({ type: ImportSummaryResponseDto })
  import(@CurrentActor() actor: Actor, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<ImportSummaryResponseDto> {
    return writeOnce(this.idempotency, req, reply, actor, async () => {
      const upload = await this.readUpload(req);
      return { fingerprint: ['report.import', upload.fileName, upload.mimeType, upload.jurisdictionId ?? null,
        createHash('sha256').update(upload.bytes).digest('hex')],
      write: (em) => this.importReport.execute({ actor, upload }, em) };
    });
  }

  private async readUpload(req: FastifyRequest): Promise<ReportUpload> {
    if (!req.isMultipart()) {
      const dto: ReportTextDto = await validationPipe.transform(req.body ?? {}, { type: 'body', metatype: ReportTextDto });
      return { bytes: Buffer.from(dto.text, 'utf8'), fileName: dto.fileName ?? '粘贴的文本.txt', mimeType: 'text/plain',
        jurisdictionId: dto.jurisdictionId };
    }
    const file = await req.file({ limits: { fileSize: REPORT_MAX_BYTES, files: 1 } });
    const bytes = file ? await file.toBuffer() : Buffer.alloc(0);
    const jurisdictionId = (file?.fields.jurisdictionId as { value?: string } | undefined)?.value;
    return { bytes, fileName: file?.filename ?? '', mimeType: file?.mimetype ?? '', jurisdictionId };
  }

  @Get('reports') @ApiOperation({ summary: '已导入的报告' })
  @ApiOkResponse({ type: [ReportListItemResponseDto] })
  list(@CurrentActor() actor: Actor): Promise<ReportListItemResponseDto[]> {
    return this.reports.list(actor);
  }

  @Get('reports/:id') @ApiOperation({ summary: '报告全文、条目（含位置、建议、往年重复问题）、问题与举措的关联和覆盖情况' })
  @ApiOkResponse({ type: ReportResponseDto })
  get(@CurrentActor() actor: Actor, @Param('id', uuidParam) id: string): Promise<ReportResponseDto> {
    return this.reports.get(actor, id);
  }

  @Patch('reports/:id') @ApiOperation({ summary: '修改报告标题（法治办；解析未识别出标题时）' })
  @ApiOkResponse({ type: RenamedReportResponseDto })
  rename(@CurrentActor() actor: Actor, @Param('id', uuidParam) id: string, @Body() dto: RenameReportDto): Promise<RenamedReportResponseDto> {
    return this.reports.rename(actor, id, dto.title);
  }

  @Delete('reports/:id') @HttpCode(204)
  @ApiOperation({ summary: '删除报告（法治办；尚未由它生成任务时，草稿也算，否则 409 REPORT_HAS_TASKS）' })
  @ApiNoContentResponse()
  delete(@CurrentActor() actor: Actor, @Param('id', uuidParam) id: string): Promise<void> {
    return this.reports.delete(actor, id);
  }

  @Post('reports/:id/items') @ApiOperation({ summary: '手工添加条目（可带原文位置 span），随即生成建议与关联' })
  @ApiCreatedResponse({ type: ReportItemResponseDto })
  addItem(@CurrentActor() actor: Actor, @Param('id', uuidParam) id: string, @Body() dto: ReportItemDto): Promise<ReportItemResponseDto> {
    return this.items.add(actor, id, dto);
  }

  @Post('reports/:id/items/merge')
  @ApiOperation({ summary: '合并同类相邻条目（均未生成任务时）：文字按原文顺序合并，关联随之转移' })
  @ApiCreatedResponse({ type: ReportItemResponseDto })
  mergeItems(@CurrentActor() actor: Actor, @Param('id', uuidParam) id: string, @Body() dto: MergeReportItemsDto): Promise<ReportItemResponseDto> {
    return this.items.merge(actor, id, dto.itemIds);
  }

  @Post('reports/:id/items/:itemId/split')
  @ApiOperation({ summary: '在指定位置把条目拆成两条（未生成任务时），返回拆出的两条' })
  @ApiCreatedResponse({ type: [ReportItemResponseDto] })
  splitItem(@CurrentActor() actor: Actor, @Param('id', uuidParam) id: string, @Param('itemId', uuidParam) itemId: string,
    @Body() dto: SplitReportItemDto): Promise<ReportItemResponseDto[]> {
    return this.items.split(actor, id, itemId, dto.at);
  }

  @Patch('reports/:id/items/:itemId')
  @ApiOperation({ summary: '修改条目（未生成任务时）：文字改后重新生成牵头单位、时限、往年重复和关联建议，已确认或否决的关联保留' })
  @ApiOkResponse({ type: ReportItemResponseDto })
  editItem(@CurrentActor() actor: Actor, @Param('id', uuidParam) id: string, @Param('itemId', uuidParam) itemId: string,
    @Body() dto: EditReportItemDto): Promise<ReportItemResponseDto> {
    return this.items.edit(actor, id, itemId, dto);
  }

  @Delete('reports/:id/items/:itemId') @HttpCode(204) @ApiOperation({ summary: '删除条目（未生成任务时）' })
  @ApiNoContentResponse()
  deleteItem(@CurrentActor() actor: Actor, @Param('id', uuidParam) id: string, @Param('itemId', uuidParam) itemId: string): Promise<void> {
    return this.items.remove(actor, id, itemId);
  }

  @Put('reports/:id/links') @ApiOperation({ summary: '确认、否决或新增问题与举措的关联' })
  @ApiOkResponse({ type: [ReportLinkResponseDto] })
  setLink(@CurrentActor() actor: Actor, @Param('id', uuidParam) id: string, @Body() dto: LinkDto): Promise<ReportLinkResponseDto[]> {
    return this.reports.setLink(actor, id, dto.problemItemId, dto.measureItemId, dto.status);
  }

  @Post('reports/:id/drafts') @ApiOperation({ summary: '由所选举措（或问题，作为整改任务）生成草稿任务' })
  @ApiCreatedResponse({ type: DraftResultResponseDto })
  createDrafts(@CurrentActor() actor: Actor, @Param('id', uuidParam) id: string, @Body() dto: CreateDraftsDto): Promise<DraftResultResponseDto> {
    return this.draftTasks.execute({ actor, reportId: id, planYear: dto.planYear, items: dto.items });
  }

  @Get('reports/:id/outcome')
  @ApiOperation({ summary: '整改落实情况（法治办）：每个问题和举措生成的任务及办理结果（按期办结、延期后办结、逾期办结、未办结（结转）、已撤销、在办、未立项）、佐证材料和汇总' })
  @ApiOkResponse({ type: ReportOutcomeResponseDto })
  getOutcome(@CurrentActor() actor: Actor, @Param('id', uuidParam) id: string): Promise<ReportOutcomeResponseDto> {
    return this.outcome.outcome(actor, id);
  }

  @Get('reports/:id/outcome.docx') @ApiFileResponse(DOCX_MIME, '整改落实情况 Word 文件（GB/T 9704 正文字体）')
  @ApiOperation({ summary: '下载整改落实情况 Word 文件，可直接粘贴到下一年度报告“上年问题整改情况”部分；查看范围同整改落实情况' })
  async outcomeDocx(@CurrentActor() actor: Actor, @Param('id', uuidParam) id: string, @Res() reply: FastifyReply): Promise<void> {
    const { fileName, body } = await this.outcome.docx(actor, id);
    await reply.header('content-type', DOCX_MIME).header('content-disposition', attachment(fileName)).header('cache-control', 'no-store')
      .send(body);
  }

  @Get('owner-rules') @ApiOperation({ summary: '本辖区的牵头单位关键词规则' })
  @ApiOkResponse({ type: [OwnerRuleResponseDto] })
  listRules(@CurrentActor() actor: Actor): Promise<OwnerRuleResponseDto[]> {
    return this.reports.listRules(actor);
  }

  @Post('owner-rules') @ApiOperation({ summary: '新增关键词规则（法治办）' })
  @ApiCreatedResponse({ type: [OwnerRuleResponseDto] })
  addRule(@CurrentActor() actor: Actor, @Body() dto: OwnerRuleDto): Promise<OwnerRuleResponseDto[]> {
    return this.reports.addRule(actor, dto);
  }

  @Delete('owner-rules/:id') @HttpCode(204)
  @ApiNoContentResponse()
  deleteRule(@CurrentActor() actor: Actor, @Param('id', uuidParam) id: string): Promise<void> {
    return this.reports.deleteRule(actor, id);
  }
}
