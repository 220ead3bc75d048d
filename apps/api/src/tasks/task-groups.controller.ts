import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, TaskGroupsService } from '@app/domain';
import { ApiErrorResponses } from '../http/api-responses';
import { CurrentActor } from '../http/current-actor.decorator';
import { uuidParam } from '../http/uuid-param';
import {
  BulkSetTaskGroupDto, CreateTaskGroupDto, ListTaskGroupsQueryDto, RenameTaskGroupDto, ReorderTaskGroupsDto, SetTaskGroupDto,
} from './dto/task.dto';
import { TaskGroupResponseDto, TaskGroupSetResponseDto } from './dto/task.response';

/** 工作重点: the plan's headings tasks are grouped under; the office of the jurisdiction keeps them. */
@ApiTags('tasks')
@ApiBearerAuth()
@ApiErrorResponses()
@Controller()
export class TaskGroupsController {
  constructor(private readonly groups: TaskGroupsService) {}

  @Get('task-groups')
  @ApiOperation({ summary: '工作重点（按次序）：法治办为本辖区全部，部门与领导为其可见任务所属的' })
  @ApiOkResponse({ type: [TaskGroupResponseDto] })
  list(@CurrentActor() actor: Actor, @Query() q: ListTaskGroupsQueryDto): Promise<TaskGroupResponseDto[]> {
    return this.groups.list(actor, q.planYear);
  }

  @Post('task-groups') @ApiOperation({ summary: '新增工作重点（法治办），排在本年度最后' })
  @ApiCreatedResponse({ type: TaskGroupResponseDto })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateTaskGroupDto): Promise<TaskGroupResponseDto> {
    return this.groups.create(actor, dto);
  }

  @Patch('task-groups/:id') @ApiOperation({ summary: '重命名工作重点（法治办）' })
  @ApiOkResponse({ type: TaskGroupResponseDto })
  rename(@CurrentActor() actor: Actor, @Param('id', uuidParam) id: string, @Body() dto: RenameTaskGroupDto): Promise<TaskGroupResponseDto> {
    return this.groups.rename(actor, id, dto.title);
  }

  @Put('task-groups/order') @ApiOperation({ summary: '调整工作重点次序（法治办）：列出同一年度的全部工作重点' })
  @ApiOkResponse({ type: [TaskGroupResponseDto] })
  reorder(@CurrentActor() actor: Actor, @Body() dto: ReorderTaskGroupsDto): Promise<TaskGroupResponseDto[]> {
    return this.groups.reorder(actor, dto.ids);
  }

  @Delete('task-groups/:id') @HttpCode(204)
  @ApiOperation({ summary: '删除工作重点（法治办；其下还有任务时 409 TASK_GROUP_NOT_EMPTY）' })
  @ApiNoContentResponse()
  remove(@CurrentActor() actor: Actor, @Param('id', uuidParam) id: string): Promise<void> {
    return this.groups.remove(actor, id);
  }

  @Put('tasks/:id/group') @ApiOperation({ summary: '设置任务所属的工作重点（法治办；null 为移出）' })
  @ApiOkResponse({ type: TaskGroupSetResponseDto })
  async setGroup(@CurrentActor() actor: Actor, @Param('id', uuidParam) id: string, @Body() dto: SetTaskGroupDto): Promise<TaskGroupSetResponseDto> {
    return { updated: await this.groups.setGroup(actor, [id], dto.groupId) };
  }

  @Post('tasks/group') @HttpCode(200) @ApiOperation({ summary: '批量设置工作重点（法治办）：全部成功或全部不变' })
  @ApiOkResponse({ type: TaskGroupSetResponseDto })
  async setGroups(@CurrentActor() actor: Actor, @Body() dto: BulkSetTaskGroupDto): Promise<TaskGroupSetResponseDto> {
    return { updated: await this.groups.setGroup(actor, dto.ids, dto.groupId) };
  }
}
