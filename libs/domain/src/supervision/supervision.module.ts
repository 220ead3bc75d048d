import { Module } from '@nestjs/common';
import { DocumentExcelService } from './document-excel.service';
import { SupervisionQueriesService } from './supervision-queries.service';

/** The read side of the cadence (documents, bulletins, assessments and their .xlsx, inbox) for the API; no queues. */
@Module({ providers: [SupervisionQueriesService, DocumentExcelService], exports: [SupervisionQueriesService, DocumentExcelService] })
export class SupervisionModule {}
