import { Body, Controller, Get, Param, Patch, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, UsersService } from '@app/domain';
import { ApiErrorResponses } from '../http/api-responses';
import { CurrentActor } from '../http/current-actor.decorator';
import { uuidParam } from '../http/uuid-param';
import { CreateUserDto, SetLeaderUnitsDto, UpdateUserDto } from './dto/user.dto';
import { UserResponseDto } from './dto/user.response';

@ApiTags('users')
@ApiErrorResponses()
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOperation({ summary: '用户列表（管理员全部；法治办本辖区）' })
  @ApiOkResponse({ type: [UserResponseDto] })
  list(@CurrentActor() actor: Actor): Promise<UserResponseDto[]> {
    return this.users.list(actor);
  }

  @Get(':id')
  @ApiOkResponse({ type: UserResponseDto })
  get(@CurrentActor() actor: Actor, @Param('id', uuidParam) id: string): Promise<UserResponseDto> {
    return this.users.get(actor, id);
  }

  @Post()
  @ApiCreatedResponse({ type: UserResponseDto })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateUserDto): Promise<UserResponseDto> {
    return this.users.create(actor, dto);
  }

  @Patch(':id')
  @ApiOkResponse({ type: UserResponseDto })
  update(@CurrentActor() actor: Actor, @Param('id', uuidParam) id: string, @Body() dto: UpdateUserDto): Promise<UserResponseDto> {
    return this.users.update(actor, id, dto);
  }

  @Put(':id/leader-units')
  @ApiOperation({ summary: '设置分管领导负责的单位' })
  @ApiOkResponse({ type: UserResponseDto })
  setLeaderUnits(@CurrentActor() actor: Actor, @Param('id', uuidParam) id: string, @Body() dto: SetLeaderUnitsDto): Promise<UserResponseDto> {
    return this.users.setLeaderUnits(actor, id, dto.unitIds);
  }
}
