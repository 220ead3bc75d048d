import { ApiProperty } from '@nestjs/swagger';

export class NoticeResponseDto {
  @ApiProperty() id!: string;
  @ApiProperty() kind!: string;
  @ApiProperty() title!: string;
  @ApiProperty() body!: string;
  @ApiProperty({ type: String, nullable: true }) period!: string | null;
  @ApiProperty({ type: String, nullable: true, description: '督办文书的通知：所属文书' }) documentId!: string | null;
  @ApiProperty({ type: String, nullable: true, description: '任务环节的通知（交办、退回、延期、办结……）：所涉任务' }) taskId!: string | null;
  @ApiProperty({ type: String, nullable: true, description: '督办文书的通知：文书正文 HTML（服务端生成，内容均已转义；含表格）' })
  html!: string | null;
  @ApiProperty() createdAt!: Date;
  @ApiProperty({ type: Date, nullable: true }) readAt!: Date | null;
}

export class InboxPageResponseDto {
  @ApiProperty({ type: [NoticeResponseDto] }) items!: NoticeResponseDto[];
  @ApiProperty({ description: '整个收件箱的未读数' }) unreadCount!: number;
  @ApiProperty({ description: '整个收件箱的通知数（列表的“共 N 条”）' }) totalCount!: number;
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class NoticeReadResponseDto {
  @ApiProperty() id!: string;
  @ApiProperty({ description: '首次阅读的时间' }) readAt!: Date;
}

export class NoticesReadResponseDto {
  @ApiProperty({ description: '本次标记为已读的条数' }) updated!: number;
}
