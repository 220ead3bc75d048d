import { Module } from '@nestjs/common';
import { TasksModule } from '../tasks/tasks.module';
import { ReportItemsService } from './report-items.service';
import { ReportOutcomeService } from './report-outcome.service';
import { ReportParserService } from './report-parser.service';
import { ReportsService } from './reports.service';
import { DraftTasksUseCase } from './use-cases/draft-tasks.use-case';
import { ImportReportUseCase } from './use-cases/import-report.use-case';

@Module({
  imports: [TasksModule],
  providers: [ReportParserService, ReportsService, ReportItemsService, ImportReportUseCase, DraftTasksUseCase, ReportOutcomeService],
  exports: [ReportsService, ReportOutcomeService, ReportItemsService, ImportReportUseCase, DraftTasksUseCase],
})
export class ReportsModule {}
