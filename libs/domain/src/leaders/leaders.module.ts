import { Module } from '@nestjs/common';
import { InboxModule } from '@app/notifications';
import { LeaderOverviewService } from './leader-overview.service';

/** 领导首页's read side. */
@Module({ imports: [InboxModule], providers: [LeaderOverviewService], exports: [LeaderOverviewService] })
export class LeadersModule {}
