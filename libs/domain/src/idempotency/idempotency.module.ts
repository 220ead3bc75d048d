import { Module } from '@nestjs/common';
import { IdempotencyService } from './idempotency.service';

/** Idempotent writes for the API (the purge timer runs wherever this module is imported: the API only). */
@Module({ providers: [IdempotencyService], exports: [IdempotencyService] })
export class IdempotencyModule {}
