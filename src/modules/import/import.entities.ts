import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { StaffUserEntity } from '../staff/staff.entity';

/**
 * One run of an import: who ran it, on what, and what it did. The summary (created, updated,
 * unchanged, rejected, skipped per entity) is kept so an admin can see later what a nightly roster
 * sync changed; the rows themselves are audited by the services the import goes through.
 */
@Entity('import_run')
@Check('import_run_status_valid', `"status" IN ('RUNNING', 'SUCCEEDED', 'REFUSED', 'FAILED')`)
@Index('import_run_started_idx', ['startedAt'])
export class ImportRunEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** 'oneroster', 'screening', 'attendance', 'annual-measures'. */
  @Column({ type: 'varchar', length: 40 })
  kind: string;

  /** The file or folder read (a server path; never its contents). */
  @Column({ type: 'varchar', length: 1000 })
  source: string;

  @Column({ name: 'actor_id', type: 'uuid' })
  actorId: string;

  @ManyToOne(() => StaffUserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'actor_id' })
  actor?: StaffUserEntity;

  @Column({ type: 'varchar', length: 20 })
  status: string;

  @Column({ name: 'started_at', type: 'timestamptz', default: () => 'now()' })
  startedAt: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;

  @Column({ type: 'jsonb', nullable: true })
  summary: object | null;

  /** Why a run was refused or failed. */
  @Column({ type: 'varchar', length: 2000, nullable: true })
  message: string | null;
}

/**
 * The last state a source system sent for one of its records, keyed by the source's own stable id
 * (OneRoster `sourcedId`), and the record of ours it maps to. This is what makes imports
 * idempotent and deltas possible: a re-sent row that matches `data` changes nothing, and a delta
 * that marks an enrollment `tobedeleted` finds what it had created.
 */
@Entity('import_source_record')
@Check('import_source_record_status_valid', `"status" IN ('active', 'tobedeleted')`)
@Index('import_source_record_entity_idx', ['entityType', 'entityId'])
export class ImportSourceRecordEntity {
  /** e.g. 'oneroster'. */
  @PrimaryColumn({ name: 'source_system', type: 'varchar', length: 40 })
  sourceSystem: string;

  /** e.g. 'org', 'user', 'enrollment', 'caseload'. */
  @PrimaryColumn({ name: 'source_type', type: 'varchar', length: 40 })
  sourceType: string;

  @PrimaryColumn({ name: 'source_id', type: 'varchar', length: 255 })
  sourceId: string;

  /** Ours: 'School', 'Student', 'StaffUser', 'Enrollment', 'CaseloadAssignment', 'SchoolYear'. */
  @Column({ name: 'entity_type', type: 'varchar', length: 40, nullable: true })
  entityType: string | null;

  @Column({ name: 'entity_id', type: 'uuid', nullable: true })
  entityId: string | null;

  @Column({ type: 'varchar', length: 20 })
  status: string;

  /** The source's fields we use, normalised (e.g. dates as YYYY-MM-DD). */
  @Column({ type: 'jsonb' })
  data: object;

  /** The file and line that last sent the record, for rejection reports from later phases. */
  @Column({ name: 'source_file', type: 'varchar', length: 100, nullable: true })
  sourceFile: string | null;

  @Column({ name: 'source_line', type: 'integer', nullable: true })
  sourceLine: number | null;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}

/**
 * Keys seen so far in one run (e.g. student + date of an attendance row): how a streamed file of
 * millions of rows finds its duplicate rows without holding the keys in memory. Emptied when the
 * run ends.
 */
@Entity('import_run_key')
export class ImportRunKeyEntity {
  @PrimaryColumn({ name: 'run_id', type: 'uuid' })
  runId: string;

  @ManyToOne(() => ImportRunEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'run_id' })
  run?: ImportRunEntity;

  @PrimaryColumn({ type: 'varchar', length: 300 })
  key: string;

  @Column({ type: 'integer' })
  line: number;
}
