import { Module } from '@nestjs/common';
import { InboxModule } from '@app/notifications';
import { TasksModule } from '../tasks/tasks.module';
import { LeaderOverviewService } from './leader-overview.service';

/** 领导首页's read side: the tasks module's figures and the leader's notices, composed. */
@Module({ imports: [TasksModule, InboxModule], providers: [LeaderOverviewService], exports: [LeaderOverviewService] })
export class LeadersModule {}
