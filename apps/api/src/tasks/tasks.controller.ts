import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { EntityManager } from 'typeorm';
import {
  Actor, BreakDownTaskUseCase, EvidenceStorageService, IdempotencyService, SupervisionQueriesService, TaskDashboardService, TaskLedgerQueriesService, TaskLedgerWritesService, TaskWorkflowService, TransitionAction,
} from '@app/domain';
import { ApiErrorResponses, ApiFileResponse } from '../http/api-responses';
import { CurrentActor } from '../http/current-actor.decorator';
import { ApiIdempotencyKey, writeOnce } from '../http/idempotency';
import { fileDigests, readUpload } from '../http/multipart';
import { uuidParam } from '../http/uuid-param';
import { validationPipe } from '../http/validation';
import {
  BulkIdsDto, BulkReportCycleDto, BulkTransferDto, CreateTaskDto, EditTaskDto, ExtensionRequestDto, ListTasksQueryDto, OptionalReasonDto, ProgressDto,
  ProgressFormDto, ReasonDto, SubmitTaskDto, SubmitTaskFormDto, TaskStatsByMonthQueryDto, TaskStatsQueryDto, TransferTaskDto, VersionDto,
} from './dto/task.dto';
import { InstructionDto } from './dto/instruction.dto';
import { BreakDownTaskDto } from './dto/subtask.dto';
import {
  BulkResultResponseDto, EvidenceResponseDto, ReportCycleResultResponseDto, ExtensionResponseDto, ProgressResponseDto, TaskHistoryEntryResponseDto, TaskMonthStatsResponseDto,
  TaskPageResponseDto, TaskReportStatsResponseDto, TaskResponseDto, TaskStatsResponseDto, TaskUnitStatsResponseDto,
} from './dto/task.response';

const id = uuidParam;

@ApiTags('tasks')
@ApiBearerAuth()
@ApiErrorResponses()
@Controller('tasks')
export class TasksController {
  constructor(
    private readonly ledger: TaskLedgerQueriesService,
    private readonly writes: TaskLedgerWritesService,
    private readonly workflow: TaskWorkflowService,
    private readonly evidence: EvidenceStorageService,
    private readonly dashboard: TaskDashboardService,
    private readonly supervision: SupervisionQueriesService,
    private readonly idempotency: IdempotencyService,
    private readonly breakDown: BreakDownTaskUseCase,
  ) {}

  @Get()
  @ApiOperation({ summary: '任务台账：筛选，按完成时限排序，游标分页' })
  @ApiOkResponse({ type: TaskPageResponseDto })
  list(@CurrentActor() actor: Actor, @Query() q: ListTasksQueryDto): Promise<TaskPageResponseDto> {
    return this.ledger.list(actor, { ...q, limit: q.limit ?? 50 });
  }

  @Get('stats')
  @ApiOperation({ summary: '按状态统计（调用者权限范围内），含逾期与临期数，及督办通知单无领导可送的单位' })
  @ApiOkResponse({ type: TaskStatsResponseDto })
  async stats(@CurrentActor() actor: Actor, @Query() q: TaskStatsQueryDto): Promise<TaskStatsResponseDto> {
    const [stats, unitsWithoutLeader] = await Promise.all([this.ledger.stats(actor, q), this.supervision.unitsWithoutLeader(actor)]);
    return { ...stats, unitsWithoutLeader };
  }

  @Get('stats/by-unit')
  @ApiOperation({ summary: '按牵头单位统计（已交办的任务）：在办、逾期、临期、办结数' })
  @ApiOkResponse({ type: [TaskUnitStatsResponseDto] })
  statsByUnit(@CurrentActor() actor: Actor, @Query() q: TaskStatsQueryDto): Promise<TaskUnitStatsResponseDto[]> {
    return this.ledger.statsByUnit(actor, q);
  }

  @Get('stats/by-report')
  @ApiOperation({ summary: '按来源报告统计（已交办、未撤销的任务）：总数、在办、办结、按期办结、逾期、办结率；非报告任务为“其他来源”' })
  @ApiOkResponse({ type: [TaskReportStatsResponseDto] })
  statsByReport(@CurrentActor() actor: Actor, @Query() q: TaskStatsQueryDto): Promise<TaskReportStatsResponseDto[]> {
    return this.dashboard.byReport(actor, q);
  }

  @Get('stats/by-month')
  @ApiOperation({ summary: '按月趋势：当月到期、当月办结、其中按期办结、月末逾期（本月为截至今天）' })
  @ApiOkResponse({ type: [TaskMonthStatsResponseDto] })
  statsByMonth(@CurrentActor() actor: Actor, @Query() q: TaskStatsByMonthQueryDto): Promise<TaskMonthStatsResponseDto[]> {
    return this.dashboard.byMonth(actor, q.year, { leadUnitId: q.leadUnitId });
  }

  @Post() @ApiIdempotencyKey()
  @ApiOperation({ summary: '新建任务（草稿，法治办）' })
  @ApiCreatedResponse({ type: TaskResponseDto })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateTaskDto, @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply): Promise<TaskResponseDto> {
    return writeOnce(this.idempotency, req, reply, actor, async () => ({
      fingerprint: ['task.create', dto], write: (em) => this.writes.create(actor, dto, em),
    }));
  }

  @Post('publish') @HttpCode(200) @ApiOperation({ summary: '批量交办（法治办）：逐项返回结果' })
  @ApiOkResponse({ type: [BulkResultResponseDto] })
  publishMany(@CurrentActor() actor: Actor, @Body() dto: BulkIdsDto): Promise<BulkResultResponseDto[]> {
    return this.workflow.publishMany(actor, dto.ids);
  }

  @Post('report-cycle') @HttpCode(200)
  @ApiOperation({ summary: '批量设置定期报送周期（法治办）：本辖区未办结、未撤销的任务；cycle 为 null 时取消' })
  @ApiOkResponse({ type: ReportCycleResultResponseDto })
  setReportCycle(@CurrentActor() actor: Actor, @Body() dto: BulkReportCycleDto): Promise<ReportCycleResultResponseDto> {
    return this.writes.setReportCycle(actor, dto.ids, dto.cycle);
  }

  @Post('transfer') @HttpCode(200) @ApiOperation({ summary: '批量转交（法治办）：更换牵头单位，须填理由，逐项返回结果' })
  @ApiOkResponse({ type: [BulkResultResponseDto] })
  transferMany(@CurrentActor() actor: Actor, @Body() dto: BulkTransferDto): Promise<BulkResultResponseDto[]> {
    return this.workflow.transferMany(actor, dto.taskIds, dto.leadUnitId, dto.reason);
  }

  @Get(':id')
  @ApiOperation({ summary: '任务详情，含当前用户可执行的操作' })
  @ApiOkResponse({ type: TaskResponseDto })
  get(@CurrentActor() actor: Actor, @Param('id', id) taskId: string): Promise<TaskResponseDto> {
    return this.ledger.get(actor, taskId);
  }

  @Patch(':id')
  @ApiOperation({ summary: '编辑任务（法治办）' })
  @ApiOkResponse({ type: TaskResponseDto })
  edit(@CurrentActor() actor: Actor, @Param('id', id) taskId: string, @Body() dto: EditTaskDto): Promise<TaskResponseDto> {
    const { version, ...fields } = dto;
    return this.writes.edit(actor, taskId, { ...fields, expectedVersion: version });
  }

  @Get(':id/history')
  @ApiOperation({ summary: '审计记录（只增不改）' })
  @ApiOkResponse({ type: [TaskHistoryEntryResponseDto] })
  history(@CurrentActor() actor: Actor, @Param('id', id) taskId: string): Promise<TaskHistoryEntryResponseDto[]> {
    return this.ledger.history(actor, taskId);
  }

  @Post(':id/publish') @HttpCode(200) @ApiOperation({ summary: '交办（法治办）：草稿 → 已交办' })
  @ApiOkResponse({ type: TaskResponseDto })
  publish(@CurrentActor() a: Actor, @Param('id', id) t: string, @Body() dto: VersionDto): Promise<TaskResponseDto> {
    return this.transition(a, t, 'publish', { expectedVersion: dto.version });
  }

  @Post(':id/acknowledge') @HttpCode(200) @ApiOperation({ summary: '签收（牵头单位）：已交办 → 办理中' })
  @ApiOkResponse({ type: TaskResponseDto })
  acknowledge(@CurrentActor() a: Actor, @Param('id', id) t: string, @Body() dto: VersionDto): Promise<TaskResponseDto> {
    return this.transition(a, t, 'acknowledge', { expectedVersion: dto.version });
  }

  @Post(':id/submit') @HttpCode(200) @ApiConsumes('application/json', 'multipart/form-data') @ApiIdempotencyKey()
  @ApiBody({ type: SubmitTaskFormDto })
  @ApiOperation({ summary: '申请办结（牵头单位）：办结说明 note 与佐证材料 files' })
  @ApiOkResponse({ type: TaskResponseDto })
  submit(@CurrentActor() a: Actor, @Param('id', id) t: string, @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply): Promise<TaskResponseDto> {
    return writeOnce(this.idempotency, req, reply, a, async () => {
      const { fields, files, dispose } = await readUpload(req);
      const dto: SubmitTaskDto = await validationPipe.transform(fields, { type: 'body', metatype: SubmitTaskDto })
        .catch(async (err: unknown) => { await dispose(); throw err; });
      return { fingerprint: ['task.submit', t, dto, fileDigests(files)], dispose,
        write: (em) => this.transitionIn(em, a, t, 'submit', { note: dto.note, files, expectedVersion: dto.version }) };
    });
  }

  @Post(':id/approve') @HttpCode(200) @ApiOperation({ summary: '审核通过 / 销号（法治办）' })
  @ApiOkResponse({ type: TaskResponseDto })
  approve(@CurrentActor() a: Actor, @Param('id', id) t: string, @Body() dto: OptionalReasonDto): Promise<TaskResponseDto> {
    return this.transition(a, t, 'approve', { reason: dto.reason, expectedVersion: dto.version });
  }

  @Post(':id/confirm') @HttpCode(200)
  @ApiOperation({ summary: '复核通过 / 销号（初审以外的法治办人员或分管领导；辖区启用 reviewBeforeClose 时）' })
  @ApiOkResponse({ type: TaskResponseDto })
  confirm(@CurrentActor() a: Actor, @Param('id', id) t: string, @Body() dto: OptionalReasonDto): Promise<TaskResponseDto> {
    return this.transition(a, t, 'confirm', { reason: dto.reason, expectedVersion: dto.version });
  }

  @Post(':id/return') @HttpCode(200) @ApiOperation({ summary: '退回（法治办，须填理由）：待审核 → 办理中' })
  @ApiOkResponse({ type: TaskResponseDto })
  return(@CurrentActor() a: Actor, @Param('id', id) t: string, @Body() dto: ReasonDto): Promise<TaskResponseDto> {
    return this.transition(a, t, 'return', { reason: dto.reason, expectedVersion: dto.version });
  }

  @Post(':id/cancel') @HttpCode(200) @ApiOperation({ summary: '撤销（法治办，须填理由）' })
  @ApiOkResponse({ type: TaskResponseDto })
  cancel(@CurrentActor() a: Actor, @Param('id', id) t: string, @Body() dto: ReasonDto): Promise<TaskResponseDto> {
    return this.transition(a, t, 'cancel', { reason: dto.reason, expectedVersion: dto.version });
  }

  @Post(':id/reopen') @HttpCode(200) @ApiOperation({ summary: '重新打开已撤销或已办结的任务（法治办，须填理由）' })
  @ApiOkResponse({ type: TaskResponseDto })
  reopen(@CurrentActor() a: Actor, @Param('id', id) t: string, @Body() dto: ReasonDto): Promise<TaskResponseDto> {
    return this.transition(a, t, 'reopen', { reason: dto.reason, expectedVersion: dto.version });
  }

  @Post(':id/transfer') @HttpCode(200) @ApiOperation({ summary: '转交：更换牵头单位（法治办，须填理由）' })
  @ApiOkResponse({ type: TaskResponseDto })
  transfer(@CurrentActor() a: Actor, @Param('id', id) t: string, @Body() dto: TransferTaskDto): Promise<TaskResponseDto> {
    return this.transition(a, t, 'transfer', { reason: dto.reason, leadUnitId: dto.leadUnitId, expectedVersion: dto.version });
  }

  @Post(':id/subtasks') @ApiIdempotencyKey()
  @ApiOperation({ summary: '分解任务（本任务的牵头单位或法治办；已交办或办理中）：子任务即时交办给本辖区的其他单位，完成时限不晚于本任务' })
  @ApiCreatedResponse({ type: TaskResponseDto })
  subtasks(@CurrentActor() a: Actor, @Param('id', id) t: string, @Body() dto: BreakDownTaskDto, @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply): Promise<TaskResponseDto> {
    return writeOnce(this.idempotency, req, reply, a, async () => ({
      fingerprint: ['task.subtasks', t, dto], write: (em) => this.breakDown.execute(a, t, dto.items, em),
    }));
  }

  @Post(':id/progress') @ApiConsumes('application/json', 'multipart/form-data') @ApiIdempotencyKey()
  @ApiBody({ type: ProgressFormDto })
  @ApiOperation({ summary: '进展反馈（牵头或配合单位，各自的进度分支），可附佐证材料 files' })
  @ApiCreatedResponse({ type: TaskResponseDto })
  postProgress(@CurrentActor() a: Actor, @Param('id', id) t: string, @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply): Promise<TaskResponseDto> {
    return writeOnce(this.idempotency, req, reply, a, async () => {
      const { fields, files, dispose } = await readUpload(req);
      const dto: ProgressDto = await validationPipe.transform(fields, { type: 'body', metatype: ProgressDto })
        .catch(async (err: unknown) => { await dispose(); throw err; });
      return { fingerprint: ['task.progress', t, dto, fileDigests(files)], dispose,
        write: async (em) => {
          await this.workflow.postProgress(a, t, { note: dto.note, percent: dto.percent, files }, em);
          return this.ledger.get(a, t, em);
        } };
    });
  }

  @Post(':id/instructions') @ApiIdempotencyKey()
  @ApiOperation({ summary: '领导批示（牵头单位的分管领导或责任领导；已交办的任务，办结、撤销后亦可）：记入办理记录' })
  @ApiCreatedResponse({ type: TaskResponseDto })
  instruct(@CurrentActor() a: Actor, @Param('id', id) t: string, @Body() dto: InstructionDto, @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply): Promise<TaskResponseDto> {
    return writeOnce(this.idempotency, req, reply, a, async () => ({
      fingerprint: ['task.instruct', t, dto],
      write: async (em) => {
        await this.workflow.instruct(a, t, dto.text, em);
        return this.ledger.get(a, t, em);
      },
    }));
  }

  @Get(':id/progress') @ApiOperation({ summary: '进展反馈记录' })
  @ApiOkResponse({ type: [ProgressResponseDto] })
  listProgress(@CurrentActor() a: Actor, @Param('id', id) t: string): Promise<ProgressResponseDto[]> {
    return this.workflow.listProgress(a, t);
  }

  @Get(':id/evidence') @ApiOperation({ summary: '佐证材料列表' })
  @ApiOkResponse({ type: [EvidenceResponseDto] })
  listEvidence(@CurrentActor() a: Actor, @Param('id', id) t: string): Promise<EvidenceResponseDto[]> {
    return this.evidence.list(a, t);
  }

  @Get(':id/evidence/:fileId') @ApiOperation({ summary: '下载佐证材料' })
  @ApiFileResponse('application/octet-stream', '文件内容（Content-Type 为上传时的类型）')
  async downloadEvidence(@CurrentActor() a: Actor, @Param('id', id) t: string, @Param('fileId', id) fileId: string,
    @Res() reply: FastifyReply) {
    const file = await this.evidence.read(a, t, fileId);
    void reply.header('content-type', file.mimeType).header('content-length', file.size)
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
      .header('x-content-type-options', 'nosniff')
      .send(file.content);
  }

  @Post(':id/extensions') @ApiIdempotencyKey() @ApiOperation({ summary: '延期申请（牵头单位，须在时限届满前）' })
  @ApiCreatedResponse({ type: TaskResponseDto })
  requestExtension(@CurrentActor() a: Actor, @Param('id', id) t: string, @Body() dto: ExtensionRequestDto,
    @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<TaskResponseDto> {
    return writeOnce(this.idempotency, req, reply, a, async () => ({
      fingerprint: ['task.extension', t, dto],
      write: async (em) => {
        await this.workflow.requestExtension(a, t, dto, em);
        return this.ledger.get(a, t, em);
      },
    }));
  }

  @Get(':id/extensions') @ApiOperation({ summary: '延期申请记录' })
  @ApiOkResponse({ type: [ExtensionResponseDto] })
  listExtensions(@CurrentActor() a: Actor, @Param('id', id) t: string): Promise<ExtensionResponseDto[]> {
    return this.workflow.listExtensions(a, t);
  }

  @Post(':id/extensions/:extensionId/approve') @HttpCode(200) @ApiOperation({ summary: '批准延期（法治办）' })
  @ApiOkResponse({ type: TaskResponseDto })
  async approveExtension(@CurrentActor() a: Actor, @Param('id', id) t: string, @Param('extensionId', id) e: string,
    @Body() dto: OptionalReasonDto): Promise<TaskResponseDto> {
    return this.answerFromWrite(async (em) => {
      await this.workflow.decideExtension(a, t, e, true, dto.reason, em);
      return this.ledger.get(a, t, em);
    });
  }

  @Post(':id/extensions/:extensionId/reject') @HttpCode(200) @ApiOperation({ summary: '驳回延期（法治办，须填理由）' })
  @ApiOkResponse({ type: TaskResponseDto })
  async rejectExtension(@CurrentActor() a: Actor, @Param('id', id) t: string, @Param('extensionId', id) e: string,
    @Body() dto: ReasonDto): Promise<TaskResponseDto> {
    return this.answerFromWrite(async (em) => {
      await this.workflow.decideExtension(a, t, e, false, dto.reason, em);
      return this.ledger.get(a, t, em);
    });
  }

  private transition(actor: Actor, taskId: string, action: TransitionAction, input: Parameters<TaskWorkflowService['transition']>[3]) {
    return this.answerFromWrite((em) => this.transitionIn(em, actor, taskId, action, input));
  }

  /** The step and the task as it leaves it, read in the step's transaction: a saved step never answers 500. */
  private async transitionIn(em: EntityManager, actor: Actor, taskId: string, action: TransitionAction,
    input: Parameters<TaskWorkflowService['transition']>[3]) {
    await this.workflow.transition(actor, taskId, action, input, em);
    return this.ledger.get(actor, taskId, em);
  }

  private async answerFromWrite<T>(write: (em: EntityManager) => Promise<T>): Promise<T> {
    return (await this.idempotency.run(null, write)).body;
  }
}
