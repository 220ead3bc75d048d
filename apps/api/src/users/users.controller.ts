import { Body, Controller, Get, Param, Patch, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, UsersService } from '@app/domain';
import { CurrentActor } from '../http/current-actor.decorator';
import { uuidParam } from '../http/uuid-param';
import { CreateUserDto, SetLeaderUnitsDto, UpdateUserDto } from './dto/user.dto';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOperation({ summary: '用户列表（管理员全部；法治办本辖区）' })
  list(@CurrentActor() actor: Actor) {
    return this.users.list(actor);
  }

  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param('id', uuidParam) id: string) {
    return this.users.get(actor, id);
  }

  @Post()
  create(@CurrentActor() actor: Actor, @Body() dto: CreateUserDto) {
    return this.users.create(actor, dto);
  }

  @Patch(':id')
  update(@CurrentActor() actor: Actor, @Param('id', uuidParam) id: string, @Body() dto: UpdateUserDto) {
    return this.users.update(actor, id, dto);
  }

  @Put(':id/leader-units')
  @ApiOperation({ summary: '设置分管领导负责的单位' })
  setLeaderUnits(@CurrentActor() actor: Actor, @Param('id', uuidParam) id: string, @Body() dto: SetLeaderUnitsDto) {
    return this.users.setLeaderUnits(actor, id, dto.unitIds);
  }
}
