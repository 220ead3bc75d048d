import { Module } from '@nestjs/common';
import { TasksModule } from '../tasks/tasks.module';
import { LedgerExcelService } from './ledger-excel.service';
import { LedgerSheetReader } from './ledger-sheet-reader';

@Module({
  imports: [TasksModule],
  providers: [LedgerExcelService, LedgerSheetReader],
  exports: [LedgerExcelService],
})
export class LedgerExcelModule {}
