import { Module } from '@nestjs/common';
import { WorkingCalendarModule } from '../calendar/working-calendar.module';
import { EvidenceStorageService } from './evidence-storage.service';
import { LeaderTaskQueriesService } from './leader-task-queries.service';
import { ReportCalendarService } from './report-calendar.service';
import { TaskDashboardService } from './task-dashboard.service';
import { TaskGroupsService } from './task-groups.service';
import { TaskLedgerQueriesService } from './task-ledger-queries.service';
import { TaskLedgerWritesService } from './task-ledger-writes.service';
import { TaskNotices } from './task-notices';
import { TaskStore } from './task-store';
import { TaskWorkflowService } from './task-workflow.service';
import { BreakDownTaskUseCase } from './use-cases/break-down-task.use-case';
import { CarryOverTasksUseCase } from './use-cases/carry-over-tasks.use-case';

@Module({
  imports: [WorkingCalendarModule],
  providers: [ReportCalendarService, TaskStore, TaskNotices, TaskLedgerQueriesService, TaskLedgerWritesService, TaskWorkflowService, EvidenceStorageService, TaskDashboardService,
    LeaderTaskQueriesService, TaskGroupsService, CarryOverTasksUseCase, BreakDownTaskUseCase],
  exports: [ReportCalendarService, TaskLedgerQueriesService, TaskLedgerWritesService, TaskWorkflowService, EvidenceStorageService, TaskDashboardService,
    LeaderTaskQueriesService, TaskGroupsService, CarryOverTasksUseCase, BreakDownTaskUseCase],
})
export class TasksModule {}
