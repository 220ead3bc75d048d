import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, SupervisionQueriesService } from '@app/domain';
import { ApiErrorResponses } from '../http/api-responses';
import { CurrentActor } from '../http/current-actor.decorator';
import { uuidParam } from '../http/uuid-param';
import { InboxQueryDto } from './dto/notification.dto';
import { InboxPageResponseDto, NoticeReadResponseDto, NoticesReadResponseDto } from './dto/notification.response';

/** The in-app inbox: the caller's unit's notices (a leader's own), with the unread count. */
@ApiTags('notifications')
@ApiErrorResponses()
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly queries: SupervisionQueriesService) {}

  @Get()
  @ApiOperation({ summary: '本单位站内通知，最新在前，含未读数，游标分页' })
  @ApiOkResponse({ type: InboxPageResponseDto })
  inbox(@CurrentActor() actor: Actor, @Query() q: InboxQueryDto): Promise<InboxPageResponseDto> {
    return this.queries.inbox(actor, { unreadOnly: q.unread, after: q.after, limit: q.limit });
  }

  @Post('read-all') @HttpCode(200)
  @ApiOperation({ summary: '全部已读（本单位的通知；领导为本人的通知）' })
  @ApiOkResponse({ type: NoticesReadResponseDto })
  markAllRead(@CurrentActor() actor: Actor): Promise<NoticesReadResponseDto> {
    return this.queries.markAllRead(actor);
  }

  @Post(':id/read') @HttpCode(200)
  @ApiOperation({ summary: '标记已读（本单位的通知）' })
  @ApiOkResponse({ type: NoticeReadResponseDto })
  markRead(@CurrentActor() actor: Actor, @Param('id', uuidParam) id: string): Promise<NoticeReadResponseDto> {
    return this.queries.markRead(actor, id);
  }
}
