import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * A client's idempotency key for a mutation: the first request's fingerprint and, once it has
 * finished, its response, so a retried request gets the same answer instead of a second write.
 */
@Entity('idempotency_key')
export class IdempotencyKeyEntity {
  @PrimaryColumn({ name: 'actor_id', type: 'uuid' })
  actorId: string;

  @PrimaryColumn({ type: 'varchar', length: 100 })
  key: string;

  /** sha256 of the operation and its variables. */
  @Column({ name: 'request_hash', type: 'char', length: 64 })
  requestHash: string;

  /** Null while the first request is still running. */
  @Column({ type: 'jsonb', nullable: true })
  response: object | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
