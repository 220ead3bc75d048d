import { Module } from '@nestjs/common';
import { TasksModule } from '../tasks/tasks.module';
import { LedgerExcelService } from './ledger-excel.service';
import { LedgerSheetReader } from './ledger-sheet-reader';
import { ImportLedgerUseCase } from './use-cases/import-ledger.use-case';

@Module({
  imports: [TasksModule],
  providers: [LedgerExcelService, LedgerSheetReader, ImportLedgerUseCase],
  exports: [LedgerExcelService, ImportLedgerUseCase],
})
export class LedgerExcelModule {}
