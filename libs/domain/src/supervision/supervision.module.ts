import { Module } from '@nestjs/common';
import { DocumentExcelService } from './document-excel';
import { SupervisionQueries } from './supervision-queries.service';

/** The read side of the cadence (documents, bulletins, assessments and their .xlsx, inbox) for the API; no queues. */
@Module({ providers: [SupervisionQueries, DocumentExcelService], exports: [SupervisionQueries, DocumentExcelService] })
export class SupervisionModule {}
