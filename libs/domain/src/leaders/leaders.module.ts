import { Module } from '@nestjs/common';
import { TasksModule } from '../tasks/tasks.module';
import { LeaderOverviewService } from './leader-overview.service';

/** 领导首页's read side. */
@Module({ imports: [TasksModule], providers: [LeaderOverviewService], exports: [LeaderOverviewService] })
export class LeadersModule {}
