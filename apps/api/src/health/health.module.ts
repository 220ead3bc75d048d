import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { NationalCalendarModule } from '@app/domain';
import { HealthController } from './health.controller';
import { RedisPing } from './redis-ping';

@Module({
  imports: [TerminusModule.forRoot({ logger: false }), NationalCalendarModule],
  controllers: [HealthController],
  providers: [RedisPing],
})
export class HealthModule {}
