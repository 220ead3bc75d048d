import { Body, Controller, Get, HttpCode, Logger, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Actor, BulletinReviewService, DOCX_MIME, DocumentExcelService, quarterName, SupervisionQueriesService } from '@app/domain';
import { ApiErrorResponses, ApiFileResponse } from '../http/api-responses';
import { CurrentActor } from '../http/current-actor.decorator';
import { uuidParam } from '../http/uuid-param';
import { attachment, streamXlsx, XLSX } from '../http/xlsx-reply';
import { AssessmentsQueryDto, BulletinExportQueryDto, EditBulletinSummaryDto, ListBulletinsQueryDto, ListDocumentsQueryDto } from './dto/document.dto';
import { AssessmentsResponseDto, BulletinContentDto, DocumentDetailResponseDto, DocumentPageResponseDto } from './dto/document.response';


/** The cadence's documents (交办单、催办单、督办通知单、工作提醒、检查通报、考核结果), scoped like tasks. */
@ApiTags('documents')
@ApiErrorResponses()
@ApiBearerAuth()
@ApiExtraModels(BulletinContentDto)
@Controller()
export class DocumentsController {
  private readonly logger = new Logger(DocumentsController.name);

  constructor(private readonly queries: SupervisionQueriesService, private readonly excel: DocumentExcelService,
    private readonly review: BulletinReviewService) {}

  @Get('documents')
  @ApiOperation({ summary: '督办文书：按类型、单位、期别筛选，最新在前，游标分页' })
  @ApiOkResponse({ type: DocumentPageResponseDto })
  list(@CurrentActor() actor: Actor, @Query() q: ListDocumentsQueryDto): Promise<DocumentPageResponseDto> {
    return this.queries.listDocuments(actor, q);
  }

  @Get('documents/:id')
  @ApiOperation({ summary: '文书详情：结构化内容与排版好的文本、HTML' })
  @ApiOkResponse({ type: DocumentDetailResponseDto })
  get(@CurrentActor() actor: Actor, @Param('id', uuidParam) id: string): Promise<DocumentDetailResponseDto> {
    return this.queries.getDocument(actor, id);
  }

  @Get('documents/:id/docx') @ApiFileResponse(DOCX_MIME, '文书 Word 文件（GB/T 9704 版式）')
  @ApiOperation({ summary: '下载文书 Word 文件：按 GB/T 9704 排版（版头、红色分隔线、文号、标题、主送、正文、落款、成文日期、版记），文件名为“文号 标题.docx”；查看范围同文书详情' })
  async docx(@CurrentActor() actor: Actor, @Param('id', uuidParam) id: string, @Res() reply: FastifyReply): Promise<void> {
    const { fileName, body } = await this.queries.documentDocx(actor, id);
    await reply.header('content-type', DOCX_MIME).header('content-disposition', attachment(fileName)).header('cache-control', 'no-store')
      .send(body);
  }

  @Patch('documents/:id/summary')
  @ApiOperation({ summary: '修改待签发月通报的总体评价、下一步工作要求（仅本辖区法治办）；已签发 409 BULLETIN_ALREADY_ISSUED' })
  @ApiOkResponse({ type: DocumentDetailResponseDto })
  editSummary(@CurrentActor() actor: Actor, @Param('id', uuidParam) id: string, @Body() dto: EditBulletinSummaryDto):
    Promise<DocumentDetailResponseDto> {
    return this.review.editSummary(actor, id, dto);
  }

  @Post('documents/:id/issue') @HttpCode(200)
  @ApiOperation({ summary: '签发待签发的月通报：发出通知，记录印发时间（仅本辖区法治办）；已签发 409 BULLETIN_ALREADY_ISSUED' })
  @ApiOkResponse({ type: DocumentDetailResponseDto })
  issue(@CurrentActor() actor: Actor, @Param('id', uuidParam) id: string): Promise<DocumentDetailResponseDto> {
    return this.review.issue(actor, id);
  }

  @Get('bulletins')
  @ApiOperation({ summary: '月度检查通报，最新在前' })
  @ApiOkResponse({ type: DocumentPageResponseDto })
  bulletins(@CurrentActor() actor: Actor, @Query() q: ListBulletinsQueryDto): Promise<DocumentPageResponseDto> {
    return this.queries.listDocuments(actor, { ...q, kind: 'bulletin' });
  }

  @Get('bulletins/export.xlsx') @ApiFileResponse(XLSX, '月通报 Excel 工作簿')
  @ApiOperation({ summary: '导出月通报 Excel：通报表（汇总与各单位排名）和逾期任务清单，范围同通报列表；该月无通报时 404' })
  async exportBulletins(@CurrentActor() actor: Actor, @Query() q: BulletinExportQueryDto, @Res() reply: FastifyReply) {
    const bulletins = await this.excel.bulletins(actor, q.period, q.unitId);
    const month = `${q.period.slice(0, 4)}年${Number(q.period.slice(5, 7))}月`;
    await streamXlsx(reply, `督办通报-${month}.xlsx`, (out) => this.excel.writeBulletins(bulletins, out), this.logger);
  }

  @Get('assessments')
  @ApiOperation({ summary: '季度考核：各单位得分、逐项加减分与排名' })
  @ApiOkResponse({ type: AssessmentsResponseDto })
  assessments(@CurrentActor() actor: Actor, @Query() q: AssessmentsQueryDto): Promise<AssessmentsResponseDto> {
    return this.queries.assessments(actor, q.quarter);
  }

  @Get('assessments/export.xlsx') @ApiFileResponse(XLSX, '季度考核 Excel 工作簿')
  @ApiOperation({ summary: '导出季度考核 Excel：得分与排名、加减分明细，范围同考核结果；该季度无结果时 404' })
  async exportAssessments(@CurrentActor() actor: Actor, @Query() q: AssessmentsQueryDto, @Res() reply: FastifyReply) {
    const data = await this.excel.assessments(actor, q.quarter);
    await streamXlsx(reply, `季度考核-${quarterName(q.quarter)}.xlsx`, (out) => this.excel.writeAssessments(data, out),
      this.logger);
  }
}
