import { Module } from '@nestjs/common';
import { TasksModule } from '../tasks/tasks.module';
import { ReportDraftsService } from './report-drafts.service';
import { ReportImportService } from './report-import.service';
import { ReportItemsService } from './report-items.service';
import { ReportParserService } from './report-parser.service';
import { ReportsService } from './reports.service';

@Module({
  imports: [TasksModule],
  providers: [ReportParserService, ReportImportService, ReportsService, ReportDraftsService, ReportItemsService],
  exports: [ReportImportService, ReportsService, ReportDraftsService, ReportItemsService],
})
export class ReportsModule {}
