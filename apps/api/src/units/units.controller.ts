import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, UnitsService } from '@app/domain';
import { CurrentActor } from '../http/current-actor.decorator';
import { uuidParam } from '../http/uuid-param';
import { CreateUnitDto, UpdateUnitDto } from './dto/unit.dto';

@ApiTags('units')
@ApiBearerAuth()
@Controller('units')
export class UnitsController {
  constructor(private readonly units: UnitsService) {}

  @Get()
  @ApiOperation({ summary: '单位列表（本辖区；管理员为全部）' })
  list(@CurrentActor() actor: Actor) {
    return this.units.list(actor);
  }

  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param('id', uuidParam) id: string) {
    return this.units.get(actor, id);
  }

  @Post()
  @ApiOperation({ summary: '新建单位（管理员，或法治办在本辖区内）' })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateUnitDto) {
    return this.units.create(actor, dto);
  }

  @Patch(':id')
  update(@CurrentActor() actor: Actor, @Param('id', uuidParam) id: string, @Body() dto: UpdateUnitDto) {
    return this.units.update(actor, id, dto);
  }
}
