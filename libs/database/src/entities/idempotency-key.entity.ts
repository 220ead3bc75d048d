import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The first answer to a POST sent with an `Idempotency-Key`, per user, written in the same transaction as what the
 * request created: a committed write always has its key, so a retry after a lost answer finds it and gets the same
 * answer instead of writing twice. Rows expire (`expires_at`) and are deleted in batches by the API.
 */
@Entity('idempotency_key')
@Index('ix_idempotency_key_expires', ['expiresAt'])
export class IdempotencyKeyEntity {
  @PrimaryColumn('uuid') userId!: string;
  @PrimaryColumn('text') key!: string;
  /** SHA-256 of the operation, its target and its input: the same key with another request is refused */
  @Column('text') fingerprint!: string;
  /** the response body as it was sent: json, not jsonb, which would reorder its keys */
  @Column('json') response!: unknown;
  @Column('timestamptz') createdAt!: Date;
  @Column('timestamptz') expiresAt!: Date;
}
