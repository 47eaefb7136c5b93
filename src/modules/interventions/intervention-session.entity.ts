import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { SchoolEntity } from '../schools/school.entity';
import { StaffUserEntity } from '../staff/staff.entity';
import { StudentEntity } from '../students/student.entity';
import { SessionAbsenceReason } from './intervention-enums';
import { InterventionPlanEntity } from './intervention-plan.entity';

/**
 * One intervention session as delivered: logged once for the whole group, with one attendance row
 * per student (per plan). Delivered dosage is derived from these rows, never typed in.
 */
@Entity('intervention_session')
@Check('intervention_session_minutes_range', `"minutes" BETWEEN 1 AND 240`)
@Index('intervention_session_interventionist_idx', ['interventionistId', 'sessionDate'])
@Index('intervention_session_school_idx', ['schoolId', 'sessionDate'])
export class InterventionSessionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'school_id', type: 'uuid' })
  schoolId: string;

  @ManyToOne(() => SchoolEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'school_id' })
  school?: SchoolEntity;

  /** Who entered the log (the interventionist, or an admin on their behalf). */
  @Column({ name: 'logged_by', type: 'uuid' })
  loggedBy: string;

  @ManyToOne(() => StaffUserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'logged_by' })
  logger?: StaffUserEntity;

  @Column({ name: 'interventionist_id', type: 'uuid' })
  interventionistId: string;

  @ManyToOne(() => StaffUserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'interventionist_id' })
  interventionist?: StaffUserEntity;

  @Column({ name: 'session_date', type: 'date' })
  sessionDate: string;

  @Column({ type: 'smallint' })
  minutes: number;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  note: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** A student's attendance at a logged session, through their plan. */
@Entity('intervention_session_attendance')
@Check(
  'intervention_session_attendance_reason',
  `("present" AND "absence_reason" IS NULL) OR (NOT "present" AND "absence_reason" IS NOT NULL)`,
)
@Index('intervention_session_attendance_key', ['sessionId', 'planId'], { unique: true })
@Index('intervention_session_attendance_plan_idx', ['planId', 'present'])
@Index('intervention_session_attendance_student_idx', ['studentId'])
export class InterventionSessionAttendanceEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'session_id', type: 'uuid' })
  sessionId: string;

  @ManyToOne(() => InterventionSessionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'session_id' })
  session?: InterventionSessionEntity;

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

  @Column({ type: 'boolean' })
  present: boolean;

  @Column({ name: 'absence_reason', type: 'enum', enum: SessionAbsenceReason, enumName: 'session_absence_reason', nullable: true })
  absenceReason: SessionAbsenceReason | null;
}
