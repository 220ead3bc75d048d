import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, UnitsService } from '@app/domain';
import { ApiErrorResponses } from '../http/api-responses';
import { CurrentActor } from '../http/current-actor.decorator';
import { uuidParam } from '../http/uuid-param';
import { CreateUnitDto, UpdateUnitDto } from './dto/unit.dto';
import { UnitResponseDto } from './dto/unit.response';

@ApiTags('units')
@ApiErrorResponses()
@ApiBearerAuth()
@Controller('units')
export class UnitsController {
  constructor(private readonly units: UnitsService) {}

  @Get()
  @ApiOperation({ summary: '单位列表（本辖区；管理员为全部）' })
  @ApiOkResponse({ type: [UnitResponseDto] })
  list(@CurrentActor() actor: Actor): Promise<UnitResponseDto[]> {
    return this.units.list(actor);
  }

  @Get(':id')
  @ApiOkResponse({ type: UnitResponseDto })
  get(@CurrentActor() actor: Actor, @Param('id', uuidParam) id: string): Promise<UnitResponseDto> {
    return this.units.get(actor, id);
  }

  @Post()
  @ApiOperation({ summary: '新建单位（管理员，或法治办在本辖区内）' })
  @ApiCreatedResponse({ type: UnitResponseDto })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateUnitDto): Promise<UnitResponseDto> {
    return this.units.create(actor, dto);
  }

  @Patch(':id')
  @ApiOkResponse({ type: UnitResponseDto })
  update(@CurrentActor() actor: Actor, @Param('id', uuidParam) id: string, @Body() dto: UpdateUnitDto): Promise<UnitResponseDto> {
    return this.units.update(actor, id, dto);
  }
}
