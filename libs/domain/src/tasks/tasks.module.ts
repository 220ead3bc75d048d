import { Module } from '@nestjs/common';
import { EvidenceStorageService } from './evidence-storage.service';
import { TaskDashboardService } from './task-dashboard.service';
import { TaskLedgerService } from './task-ledger.service';
import { TaskNotices } from './task-notices';
import { TaskStore } from './task-store';
import { TaskWorkflowService } from './task-workflow.service';

@Module({
  providers: [TaskStore, TaskNotices, TaskLedgerService, TaskWorkflowService, EvidenceStorageService, TaskDashboardService],
  exports: [TaskLedgerService, TaskWorkflowService, EvidenceStorageService, TaskDashboardService],
})
export class TasksModule {}
