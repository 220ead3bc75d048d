import { PassThrough } from 'node:stream';
import { Controller, Get, HttpCode, Logger, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiExtraModels, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, getSchemaPath, OmitType } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Actor, Clock, DomainError, ImportLedgerUseCase, LedgerExcelService } from '@app/domain';
import { ApiErrorResponses, ApiFileResponse } from '../http/api-responses';
import { CurrentActor } from '../http/current-actor.decorator';
import { toErrorBody } from '../http/error-response.filter';
import { readBody } from '../http/multipart';
import { attachment, streamXlsx, XLSX } from '../http/xlsx-reply';
import { ListTasksQueryDto } from './dto/task.dto';
import {
  LedgerImportErrorLineDto, LedgerImportInvalidDetailsDto, type LedgerImportLine, LedgerImportProgressLineDto, LedgerImportResultLineDto,
  LedgerImportResultResponseDto,
} from './dto/task.response';

const NDJSON = 'application/x-ndjson';

export class LedgerExportQueryDto extends OmitType(ListTasksQueryDto, ['after', 'limit'] as const) {}

/** 台账 Excel: export of the filtered ledger (streamed), the import template, and the import. */
@ApiTags('tasks')
@ApiBearerAuth()
@ApiErrorResponses()
@ApiExtraModels(LedgerImportResultResponseDto, LedgerImportProgressLineDto, LedgerImportResultLineDto, LedgerImportErrorLineDto,
  LedgerImportInvalidDetailsDto)
@Controller('tasks')
export class LedgerExcelController {
  private readonly logger = new Logger(LedgerExcelController.name);

  constructor(private readonly excel: LedgerExcelService, private readonly importLedger: ImportLedgerUseCase,
    private readonly clock: Clock) {}

  @Get('export.xlsx') @ApiFileResponse(XLSX, '任务台账 Excel 工作簿（流式）')
  @ApiOperation({ summary: '导出任务台账 Excel（筛选条件同任务列表，调用者权限范围内，流式输出）' })
  async export(@CurrentActor() actor: Actor, @Query() q: LedgerExportQueryDto, @Res() reply: FastifyReply) {
    await streamXlsx(reply, `任务台账-${this.clock.today()}.xlsx`, (out) => this.excel.exportTo(actor, q, out), this.logger);
  }

  @Get('import-template.xlsx') @ApiFileResponse(XLSX, '导入模板 Excel 工作簿')
  @ApiOperation({ summary: '任务导入模板：单位列带本辖区单位下拉列表；示例行（序号“示例”）导入时跳过' })
  async template(@CurrentActor() actor: Actor, @Res() reply: FastifyReply) {
    const content = await this.excel.templateBuffer(actor);
    void reply.header('content-type', XLSX).header('content-disposition', attachment('任务导入模板.xlsx')).send(content);
  }

  @Post('import') @HttpCode(200) @ApiConsumes('multipart/form-data') @ApiProduces('application/json', NDJSON)
  @ApiOkResponse({
    description: `JSON: the import's result; ${NDJSON}: one JSON object per line (see the operation's description)`,
    content: {
      'application/json': { schema: { $ref: getSchemaPath(LedgerImportResultResponseDto) } },
      [NDJSON]: { schema: { type: 'string', description: 'one JSON object per line: LedgerImportProgressLineDto …, then ' +
        'LedgerImportResultLineDto or LedgerImportErrorLineDto' } },
    },
  })
  @ApiOperation({
    summary: '从 Excel 导入任务草稿（法治办）：整表先校验，任一行有误则全部不导入；重复导入不会重复建任务',
    description: `With \`Accept: ${NDJSON}\` the answer streams one JSON object per line once the sheet was read: ` +
      '`{type:"progress", phase:"validating"|"writing", done, total}` …, then `{type:"result", result}` (the body of the ' +
      'plain answer) or `{type:"error", error}` (the body of the plain error answer, e.g. LEDGER_IMPORT_INVALID with ' +
      'details.rows, LedgerImportInvalidDetailsDto). Errors before the first progress line (no file, not the office, unreadable file, too many rows) ' +
      'are plain 4xx answers either way.',
  })
  async import(@CurrentActor() actor: Actor, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    const { files } = await readBody(req);
    if (files.length !== 1) throw new DomainError('invalid', 'LEDGER_IMPORT_FILE_REQUIRED', '请上传一个 .xlsx 文件（字段名 file）');
    if (!String(req.headers.accept ?? '').includes(NDJSON)) {
      return reply.send(await this.importLedger.execute({ actor, content: files[0].content }));
    }
    // the stream opens with the first progress report: until then a failure is an ordinary error answer
    let out: PassThrough | null = null;
    // a client that goes away does not stop the import (it is one transaction); its lines are just not written
    const line = (l: LedgerImportLine) => (out && !out.destroyed ? out.write(`${JSON.stringify(l)}\n`) : false);
    try {
      const result = await this.importLedger.execute({ actor, content: files[0].content, onProgress: (progress) => {
        if (!out) {
          out = new PassThrough();
          void reply.header('content-type', `${NDJSON}; charset=utf-8`).header('cache-control', 'no-store')
            .header('x-accel-buffering', 'no').send(out); // no proxy buffering: the lines are the point
        }
        line({ type: 'progress', ...progress });
      } });
      if (!out) return reply.send(result);
      line({ type: 'result', result });
    } catch (err) {
      if (!out) throw err;
      line({ type: 'error', error: toErrorBody(err, String(req.id), this.logger) });
    }
    (out as PassThrough | null)?.end();
  }
}
