import { Module } from '@nestjs/common';
import { LeaderOverviewService } from './leader-overview.service';

/** 领导首页's read side. */
@Module({ providers: [LeaderOverviewService], exports: [LeaderOverviewService] })
export class LeadersModule {}
