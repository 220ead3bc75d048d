import { ApiProperty } from '@nestjs/swagger';

export class NoticeResponseDto {
  @ApiProperty() id!: string;
  @ApiProperty() kind!: string;
  @ApiProperty() title!: string;
  @ApiProperty() body!: string;
  @ApiProperty({ type: String, nullable: true }) period!: string | null;
  @ApiProperty({ type: String, nullable: true }) documentId!: string | null;
  @ApiProperty() createdAt!: Date;
  @ApiProperty({ type: Date, nullable: true }) readAt!: Date | null;
}

export class InboxPageResponseDto {
  @ApiProperty({ type: [NoticeResponseDto] }) items!: NoticeResponseDto[];
  @ApiProperty({ description: '整个收件箱的未读数' }) unreadCount!: number;
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class NoticeReadResponseDto {
  @ApiProperty() id!: string;
  @ApiProperty({ description: '首次阅读的时间' }) readAt!: Date;
}
