import { Module } from '@nestjs/common';
import { InboxModule } from '@app/notifications';
import { BulletinReviewService } from './bulletin-review.service';
import { AccountabilityService } from './accountability.service';
import { AnnualReviewService } from './annual-review.service';
import { DocumentExcelService } from './document-excel.service';
import { SupervisionQueriesService } from './supervision-queries.service';
import { SpotChecksService } from './spot-checks.service';
import { TasksModule } from '../tasks/tasks.module';

/**
 * The read side of the cadence (documents, bulletins, assessments and their .xlsx, inbox, the annual review), a
 * bulletin's review and 签发, and the 问责 records, for the API; no queues (the API dispatches the notices a 签发
 * writes once it commits).
 */
@Module({
  // TasksModule: a failed 督察抽查 reopens its task through the tasks module's workflow
  imports: [InboxModule, TasksModule],
  providers: [SupervisionQueriesService, DocumentExcelService, BulletinReviewService, AccountabilityService, AnnualReviewService,
    SpotChecksService],
  exports: [SupervisionQueriesService, DocumentExcelService, BulletinReviewService, AccountabilityService, AnnualReviewService,
    SpotChecksService],
})
export class SupervisionModule {}
