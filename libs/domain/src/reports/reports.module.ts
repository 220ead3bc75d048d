import { Module } from '@nestjs/common';
import { TasksModule } from '../tasks/tasks.module';
import { ReportDraftsService } from './report-drafts.service';
import { ReportImportService } from './report-import.service';
import { ReportsService } from './reports.service';

@Module({
  imports: [TasksModule],
  providers: [ReportImportService, ReportsService, ReportDraftsService],
  exports: [ReportImportService, ReportsService, ReportDraftsService],
})
export class ReportsModule {}
