import { Module } from '@nestjs/common';
import { InboxModule } from '@app/notifications';
import { BulletinReviewService } from './bulletin-review.service';
import { AccountabilityService } from './accountability.service';
import { AnnualReviewService } from './annual-review.service';
import { DocumentExcelService } from './document-excel.service';
import { SupervisionQueriesService } from './supervision-queries.service';

/**
 * The read side of the cadence (documents, bulletins, assessments and their .xlsx, inbox, the annual review), a
 * bulletin's review and 签发, and the 问责 records, for the API; no queues (the API dispatches the notices a 签发
 * writes once it commits).
 */
@Module({
  imports: [InboxModule],
  providers: [SupervisionQueriesService, DocumentExcelService, BulletinReviewService, AccountabilityService, AnnualReviewService],
  exports: [SupervisionQueriesService, DocumentExcelService, BulletinReviewService, AccountabilityService, AnnualReviewService],
})
export class SupervisionModule {}
