import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import { MtssDomain } from '../../common/mtss';
import { SchoolEntity } from '../schools/school.entity';
import { StaffUserEntity } from '../staff/staff.entity';
import { StudentEntity } from '../students/student.entity';
import {
  InterventionDiscontinueReason,
  InterventionPlanOutcome,
  InterventionPlanStatus,
} from './intervention-enums';
import { InterventionEntity } from './intervention.entity';
import { numericTransformer } from './numeric';

/**
 * A student's intervention plan: a catalog intervention (or a custom one) in a domain and tier,
 * with a measurable goal, an interventionist, a schedule and its dates. The plan keeps the
 * student's school at its start, so school rollups do not move when the student does.
 */
@Entity('intervention_plan')
@Check('intervention_plan_named', `"intervention_id" IS NOT NULL OR "custom_name" IS NOT NULL`)
@Check('intervention_plan_tier_range', `"tier" BETWEEN 1 AND 3`)
@Check('intervention_plan_schedule_range', `"sessions_per_week" BETWEEN 1 AND 10 AND "minutes_per_session" BETWEEN 1 AND 240`)
@Check(
  'intervention_plan_dates_ordered',
  `"planned_end_date" >= "start_date" AND "review_date" >= "start_date" AND "goal_target_date" > "start_date"
   AND ("closed_date" IS NULL OR "closed_date" >= "start_date")`,
)
@Check('intervention_plan_goal_changes', `"goal_target" <> "goal_baseline"`)
@Check(
  'intervention_plan_closure_consistent',
  `("status" = 'ACTIVE' AND "closed_date" IS NULL AND "outcome" IS NULL AND "discontinued_reason" IS NULL)
   OR ("status" = 'COMPLETED' AND "closed_date" IS NOT NULL AND "outcome" IS NOT NULL AND "discontinued_reason" IS NULL)
   OR ("status" = 'DISCONTINUED' AND "closed_date" IS NOT NULL AND "outcome" IS NOT NULL AND "discontinued_reason" IS NOT NULL)`,
)
@Index('intervention_plan_active_key', ['studentId', 'interventionId'], { unique: true, where: `"status" = 'ACTIVE'` })
@Index('intervention_plan_student_idx', ['studentId', 'startDate'])
@Index('intervention_plan_interventionist_idx', ['interventionistId', 'status'])
@Index('intervention_plan_school_idx', ['schoolId', 'status'])
export class InterventionPlanEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'student_id', type: 'uuid' })
  studentId: string;

  @ManyToOne(() => StudentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'student_id' })
  student?: StudentEntity;

  /** The school the student was enrolled at on the start date. */
  @Column({ name: 'school_id', type: 'uuid' })
  schoolId: string;

  @ManyToOne(() => SchoolEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'school_id' })
  school?: SchoolEntity;

  /** Null for a custom intervention, named by `customName`. */
  @Column({ name: 'intervention_id', type: 'uuid', nullable: true })
  interventionId: string | null;

  @ManyToOne(() => InterventionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'intervention_id' })
  intervention?: InterventionEntity;

  @Column({ name: 'custom_name', type: 'varchar', length: 200, nullable: true })
  customName: string | null;

  @Column({ type: 'enum', enum: MtssDomain, enumName: 'mtss_domain' })
  domain: MtssDomain;

  @Column({ type: 'smallint' })
  tier: number;

  /** What is measured, e.g. "Words correct per minute, grade 3 ORF probes". */
  @Column({ name: 'goal_measure', type: 'varchar', length: 300 })
  goalMeasure: string;

  @Column({ name: 'goal_baseline', type: 'numeric', precision: 10, scale: 2, transformer: numericTransformer })
  goalBaseline: number;

  @Column({ name: 'goal_target', type: 'numeric', precision: 10, scale: 2, transformer: numericTransformer })
  goalTarget: number;

  @Column({ name: 'goal_target_date', type: 'date' })
  goalTargetDate: string;

  @Column({ name: 'interventionist_id', type: 'uuid' })
  interventionistId: string;

  @ManyToOne(() => StaffUserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'interventionist_id' })
  interventionist?: StaffUserEntity;

  @Column({ name: 'sessions_per_week', type: 'smallint' })
  sessionsPerWeek: number;

  @Column({ name: 'minutes_per_session', type: 'smallint' })
  minutesPerSession: number;

  @Column({ name: 'start_date', type: 'date' })
  startDate: string;

  @Column({ name: 'planned_end_date', type: 'date' })
  plannedEndDate: string;

  /** When the team looks at the data again (by default six weeks in). */
  @Column({ name: 'review_date', type: 'date' })
  reviewDate: string;

  @Column({ type: 'enum', enum: InterventionPlanStatus, enumName: 'intervention_plan_status', default: InterventionPlanStatus.ACTIVE })
  status: InterventionPlanStatus;

  @Column({ name: 'closed_date', type: 'date', nullable: true })
  closedDate: string | null;

  @Column({ type: 'enum', enum: InterventionPlanOutcome, enumName: 'intervention_plan_outcome', nullable: true })
  outcome: InterventionPlanOutcome | null;

  @Column({
    name: 'discontinued_reason',
    type: 'enum',
    enum: InterventionDiscontinueReason,
    enumName: 'intervention_discontinue_reason',
    nullable: true,
  })
  discontinuedReason: InterventionDiscontinueReason | null;

  @Column({ name: 'close_note', type: 'varchar', length: 2000, nullable: true })
  closeNote: string | null;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy: string;

  @ManyToOne(() => StaffUserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'created_by' })
  creator?: StaffUserEntity;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn({ default: 1 })
  version: number;
}

/** One progress-monitoring score on a plan's goal measure (one a day). */
@Entity('progress_point')
@Index('progress_point_plan_date_key', ['planId', 'measuredOn'], { unique: true })
@Index('progress_point_student_idx', ['studentId', 'measuredOn'])
export class ProgressPointEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'plan_id', type: 'uuid' })
  planId: string;

  @ManyToOne(() => InterventionPlanEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'plan_id' })
  plan?: InterventionPlanEntity;

  @Column({ name: 'student_id', type: 'uuid' })
  studentId: string;

  @ManyToOne(() => StudentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'student_id' })
  student?: StudentEntity;

  @Column({ name: 'measured_on', type: 'date' })
  measuredOn: string;

  @Column({ type: 'numeric', precision: 10, scale: 2, transformer: numericTransformer })
  score: number;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  note: string | null;

  @Column({ name: 'recorded_by', type: 'uuid' })
  recordedBy: string;

  @ManyToOne(() => StaffUserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'recorded_by' })
  recorder?: StaffUserEntity;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
