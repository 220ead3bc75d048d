import { Module } from '@nestjs/common';
import { EvidenceStorageService } from './evidence-storage.service';
import { LeaderTaskQueriesService } from './leader-task-queries.service';
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
  providers: [TaskStore, TaskNotices, TaskLedgerQueriesService, TaskLedgerWritesService, TaskWorkflowService, EvidenceStorageService, TaskDashboardService,
    LeaderTaskQueriesService, TaskGroupsService, CarryOverTasksUseCase, BreakDownTaskUseCase],
  exports: [TaskLedgerQueriesService, TaskLedgerWritesService, TaskWorkflowService, EvidenceStorageService, TaskDashboardService,
    LeaderTaskQueriesService, TaskGroupsService, CarryOverTasksUseCase, BreakDownTaskUseCase],
})
export class TasksModule {}
