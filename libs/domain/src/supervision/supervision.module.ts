import { Module } from '@nestjs/common';
import { SupervisionQueries } from './supervision-queries.service';

/** The read side of the cadence (documents, bulletins, assessments, inbox) for the API; no queues. */
@Module({ providers: [SupervisionQueries], exports: [SupervisionQueries] })
export class SupervisionModule {}
