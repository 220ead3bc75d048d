import { Module } from '@nestjs/common';
import { TasksModule } from '../tasks/tasks.module';
import { LedgerExcelService } from './ledger-excel.service';

@Module({
  imports: [TasksModule],
  providers: [LedgerExcelService],
  exports: [LedgerExcelService],
})
export class LedgerExcelModule {}
