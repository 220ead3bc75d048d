import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, SupervisionQueries } from '@app/domain';
import { CurrentActor } from '../http/current-actor.decorator';
import { uuidParam } from '../http/uuid-param';
import { AssessmentsQueryDto, ListBulletinsQueryDto, ListDocumentsQueryDto } from './dto/document.dto';

/** The cadence's documents (交办单、催办单、督办通知单、工作提醒、检查通报、考核结果), scoped like tasks. */
@ApiTags('documents')
@ApiBearerAuth()
@Controller()
export class DocumentsController {
  constructor(private readonly queries: SupervisionQueries) {}

  @Get('documents')
  @ApiOperation({ summary: '督办文书：按类型、单位、期别筛选，最新在前，游标分页' })
  list(@CurrentActor() actor: Actor, @Query() q: ListDocumentsQueryDto) {
    return this.queries.listDocuments(actor, q);
  }

  @Get('documents/:id')
  @ApiOperation({ summary: '文书详情：结构化内容与排版好的文本、HTML' })
  get(@CurrentActor() actor: Actor, @Param('id', uuidParam) id: string) {
    return this.queries.getDocument(actor, id);
  }

  @Get('bulletins')
  @ApiOperation({ summary: '月度检查通报，最新在前' })
  bulletins(@CurrentActor() actor: Actor, @Query() q: ListBulletinsQueryDto) {
    return this.queries.listDocuments(actor, { ...q, kind: 'bulletin' });
  }

  @Get('assessments')
  @ApiOperation({ summary: '季度考核：各单位得分、逐项加减分与排名' })
  assessments(@CurrentActor() actor: Actor, @Query() q: AssessmentsQueryDto) {
    return this.queries.assessments(actor, q.quarter);
  }
}
