import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Append-only record of writes (and, later, reads) of student-level data: FERPA's record of
 * disclosures (34 CFR 99.32). It holds ids, never names in free text.
 */
@Entity('audit_event')
@Index('audit_event_student_idx', ['studentId', 'occurredAt'])
@Index('audit_event_actor_idx', ['actorId', 'occurredAt'])
export class AuditEventEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column({ name: 'occurred_at', type: 'timestamptz', default: () => 'now()' })
  occurredAt: Date;

  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ name: 'actor_role', type: 'varchar', length: 40, nullable: true })
  actorRole: string | null;

  /** e.g. 'student.update', 'enrollment.create'. */
  @Column({ type: 'varchar', length: 80 })
  action: string;

  @Column({ name: 'entity_type', type: 'varchar', length: 60 })
  entityType: string;

  @Column({ name: 'entity_id', type: 'uuid', nullable: true })
  entityId: string | null;

  @Column({ name: 'student_id', type: 'uuid', nullable: true })
  studentId: string | null;

  @Column({ name: 'request_id', type: 'varchar', length: 64, nullable: true })
  requestId: string | null;

  @Column({ type: 'jsonb', nullable: true })
  before: object | null;

  @Column({ type: 'jsonb', nullable: true })
  after: object | null;
}

/**
 * Who read which students' records, per request: FERPA's record of access (34 CFR 99.32). One row
 * per request that returned student-level data; append-only like the write trail.
 */
@Entity('student_access_event')
@Index('student_access_event_actor_idx', ['actorId', 'occurredAt'])
// GIN over the array ("who viewed this student"): created in the migration, which TypeORM cannot express.
@Index('student_access_event_students_idx', { synchronize: false })
export class StudentAccessEventEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column({ name: 'occurred_at', type: 'timestamptz', default: () => 'now()' })
  occurredAt: Date;

  @Column({ name: 'actor_id', type: 'uuid' })
  actorId: string;

  @Column({ name: 'actor_role', type: 'varchar', length: 40 })
  actorRole: string;

  /** The GraphQL operation name (or "anonymous operation"). */
  @Column({ type: 'varchar', length: 200 })
  operation: string;

  @Column({ name: 'request_id', type: 'varchar', length: 64 })
  requestId: string;

  @Column({ name: 'student_ids', type: 'uuid', array: true })
  studentIds: string[];
}
