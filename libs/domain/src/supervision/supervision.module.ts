import { Module } from '@nestjs/common';
import { InboxModule } from '@app/notifications';
import { AccountabilityService } from './accountability.service';
import { AnnualReviewService } from './annual-review.service';
import { DocumentExcelService } from './document-excel.service';
import { SupervisionQueriesService } from './supervision-queries.service';

/**
 * The read side of the cadence (documents, bulletins, assessments and their .xlsx, inbox, the annual review) and the
 * 问责 records, for the API; no queues.
 */
@Module({
  imports: [InboxModule],
  providers: [SupervisionQueriesService, DocumentExcelService, AccountabilityService, AnnualReviewService],
  exports: [SupervisionQueriesService, DocumentExcelService, AccountabilityService, AnnualReviewService],
})
export class SupervisionModule {}
