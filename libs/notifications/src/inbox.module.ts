import { Module } from '@nestjs/common';
import { InboxService } from './inbox.service';

/** The inbox's reads and its read marks, without the outbox's queue (for the API's read side). */
@Module({ providers: [InboxService], exports: [InboxService] })
export class InboxModule {}
