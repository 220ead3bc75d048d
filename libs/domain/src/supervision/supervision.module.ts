import { Module } from '@nestjs/common';
import { InboxModule } from '@app/notifications';
import { DocumentExcelService } from './document-excel.service';
import { SupervisionQueriesService } from './supervision-queries.service';

/** The read side of the cadence (documents, bulletins, assessments and their .xlsx, inbox) for the API; no queues. */
@Module({
  imports: [InboxModule],
  providers: [SupervisionQueriesService, DocumentExcelService],
  exports: [SupervisionQueriesService, DocumentExcelService],
})
export class SupervisionModule {}
