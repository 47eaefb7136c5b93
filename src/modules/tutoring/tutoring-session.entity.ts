import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { StaffUserEntity } from '../staff/staff.entity';
import { StudentEntity } from '../students/student.entity';
import { TierPlacementEntity } from '../tiers/tier.entities';
import { TutoringCancelReason, TutoringSessionStatus } from './tutoring-enums';
import { TutoringGroupEntity, TutoringPartnerTutorEntity } from './tutoring-program.entity';

/**
 * A student in a tutoring group over a span of dates (both ends inclusive; `endDate` null while
 * ongoing). A student is in at most one group of a program on any day, and a group never holds
 * more students on a day than its capacity (both enforced by the assignment service under the
 * program's row lock).
 */
@Entity('tutoring_assignment')
@Check('tutoring_assignment_dates_ordered', `"end_date" IS NULL OR "end_date" >= "start_date"`)
@Index('tutoring_assignment_group_idx', ['groupId', 'startDate'])
@Index('tutoring_assignment_student_idx', ['studentId', 'startDate'])
export class TutoringAssignmentEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'group_id', type: 'uuid' })
  groupId: string;

  @ManyToOne(() => TutoringGroupEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'group_id' })
  group?: TutoringGroupEntity;

  @Column({ name: 'student_id', type: 'uuid' })
  studentId: string;

  @ManyToOne(() => StudentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'student_id' })
  student?: StudentEntity;

  @Column({ name: 'start_date', type: 'date' })
  startDate: string;

  @Column({ name: 'end_date', type: 'date', nullable: true })
  endDate: string | null;

  @Column({ type: 'varchar', length: 1000 })
  reason: string;

  /** The Tier 2/3 reading or math placement the tutoring answers, when linked. */
  @Column({ name: 'tier_placement_id', type: 'uuid', nullable: true })
  tierPlacementId: string | null;

  @ManyToOne(() => TierPlacementEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'tier_placement_id' })
  tierPlacement?: TierPlacementEntity;

  /** The intervention plan the tutoring delivers, when linked (no foreign key: that module is separate). */
  @Column({ name: 'intervention_plan_id', type: 'uuid', nullable: true })
  interventionPlanId: string | null;

  @Column({ name: 'end_reason', type: 'varchar', length: 200, nullable: true })
  endReason: string | null;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy: string;

  @ManyToOne(() => StaffUserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'created_by' })
  creator?: StaffUserEntity;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/**
 * A group's session on a date, logged once for the group: held (minutes, who led it, attendance per
 * assigned student) or cancelled (with a reason). One row per group and date. Whether the assigned
 * tutor led it is recorded when it is logged, so reassigning the group later keeps the history.
 */
@Entity('tutoring_session')
@Check(
  'tutoring_session_status_consistent',
  `("status" = 'HELD' AND "minutes" BETWEEN 1 AND 240 AND "cancel_reason" IS NULL`
    + ` AND num_nonnulls("led_by_staff_id", "led_by_partner_tutor_id") = 1 AND "led_by_assigned_tutor" IS NOT NULL)`
    + ` OR ("status" = 'CANCELLED' AND "minutes" IS NULL AND "cancel_reason" IS NOT NULL`
    + ` AND "led_by_staff_id" IS NULL AND "led_by_partner_tutor_id" IS NULL AND "led_by_assigned_tutor" IS NULL)`,
)
@Index('tutoring_session_group_date_key', ['groupId', 'sessionDate'], { unique: true })
export class TutoringSessionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'group_id', type: 'uuid' })
  groupId: string;

  @ManyToOne(() => TutoringGroupEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'group_id' })
  group?: TutoringGroupEntity;

  @Column({ name: 'session_date', type: 'date' })
  sessionDate: string;

  @Column({ type: 'enum', enum: TutoringSessionStatus, enumName: 'tutoring_session_status' })
  status: TutoringSessionStatus;

  /** Null when cancelled. */
  @Column({ type: 'smallint', nullable: true })
  minutes: number | null;

  @Column({ name: 'led_by_staff_id', type: 'uuid', nullable: true })
  ledByStaffId: string | null;

  @ManyToOne(() => StaffUserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'led_by_staff_id' })
  ledByStaff?: StaffUserEntity;

  @Column({ name: 'led_by_partner_tutor_id', type: 'uuid', nullable: true })
  ledByPartnerTutorId: string | null;

  @ManyToOne(() => TutoringPartnerTutorEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'led_by_partner_tutor_id' })
  ledByPartnerTutor?: TutoringPartnerTutorEntity;

  /** False when a substitute led it; null when cancelled. */
  @Column({ name: 'led_by_assigned_tutor', type: 'boolean', nullable: true })
  ledByAssignedTutor: boolean | null;

  @Column({ name: 'cancel_reason', type: 'enum', enum: TutoringCancelReason, enumName: 'tutoring_cancel_reason', nullable: true })
  cancelReason: TutoringCancelReason | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  note: string | null;

  @Column({ name: 'logged_by', type: 'uuid' })
  loggedBy: string;

  @ManyToOne(() => StaffUserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'logged_by' })
  logger?: StaffUserEntity;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** A student's attendance at a held session, through the assignment that covers the date. */
@Entity('tutoring_attendance')
@Index('tutoring_attendance_session_student_key', ['sessionId', 'studentId'], { unique: true })
@Index('tutoring_attendance_student_idx', ['studentId'])
@Index('tutoring_attendance_assignment_idx', ['assignmentId'])
export class TutoringAttendanceEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'session_id', type: 'uuid' })
  sessionId: string;

  @ManyToOne(() => TutoringSessionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'session_id' })
  session?: TutoringSessionEntity;

  @Column({ name: 'assignment_id', type: 'uuid' })
  assignmentId: string;

  @ManyToOne(() => TutoringAssignmentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'assignment_id' })
  assignment?: TutoringAssignmentEntity;

  @Column({ name: 'student_id', type: 'uuid' })
  studentId: string;

  @ManyToOne(() => StudentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'student_id' })
  student?: StudentEntity;

  @Column({ type: 'boolean' })
  present: boolean;
}
