import { Controller, HttpCode, Post, Req } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Actor } from '@app/domain';
import { ApiErrorResponses } from '../http/api-responses';
import { CurrentActor } from '../http/current-actor.decorator';
import { QueueBoard } from './queue-board';

export class QueueBoardTicketResponseDto {
  @ApiProperty({ description: '在新标签页打开的地址（一次性，60 秒内有效）', example: '/admin/queues/session?ticket=…' })
  url!: string;

  @ApiProperty({ example: 60 })
  expiresInSeconds!: number;
}

@ApiTags('admin')
@ApiBearerAuth()
@ApiErrorResponses()
@Controller('admin/queues')
export class QueueBoardController {
  constructor(private readonly board: QueueBoard, private readonly jwt: JwtService) {}

  @Post('ticket')
  @HttpCode(200)
  @ApiOperation({ summary: '队列看板的一次性入口（仅系统管理员）：返回 60 秒内有效、只能使用一次的地址' })
  @ApiOkResponse({ type: QueueBoardTicketResponseDto })
  ticket(@CurrentActor() actor: Actor, @Req() req: FastifyRequest): Promise<QueueBoardTicketResponseDto> {
    // the guard has verified this token; its `ver` ties the board session to the same token version
    const { ver } = this.jwt.decode<{ ver: number }>((req.headers.authorization ?? '').split(' ')[1] ?? '');
    return this.board.issueTicket(actor, ver);
  }
}
