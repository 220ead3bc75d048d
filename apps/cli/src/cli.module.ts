import { Module } from '@nestjs/common';
import { ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { ClockModule, OrganisationModule, ReportsModule, TasksModule } from '@app/domain';

/** What CLI commands that touch data run inside: no HTTP, no queues. */
@Module({ imports: [ConfigModule.forRoot(), DatabaseModule, ClockModule.forRoot(), OrganisationModule, TasksModule, ReportsModule] })
export class CliModule {}
