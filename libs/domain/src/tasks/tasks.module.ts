import { Module } from '@nestjs/common';
import { EvidenceStorageService } from './evidence-storage.service';
import { TaskLedgerService } from './task-ledger.service';
import { TaskStore } from './task-store';
import { TaskWorkflowService } from './task-workflow.service';

@Module({
  providers: [TaskStore, TaskLedgerService, TaskWorkflowService, EvidenceStorageService],
  exports: [TaskLedgerService, TaskWorkflowService, EvidenceStorageService],
})
export class TasksModule {}
