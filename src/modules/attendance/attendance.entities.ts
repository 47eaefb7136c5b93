import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import { SchoolYearEntity } from '../calendar/calendar.entity';
import { SchoolEntity } from '../schools/school.entity';
import { StaffUserEntity } from '../staff/staff.entity';
import { StudentEntity, StudentSchoolEntity } from '../students/student.entity';
import { AttendanceActionType, AttendanceCaseOutcome, AttendanceCaseStatus, AttendanceCategory } from './attendance-enums';

const percent = { to: (v: number) => v, from: (v: string | null) => (v === null ? null : Number(v)) };

/**
 * A student's attendance on one instructional day, at the school they were enrolled at that day.
 * Kept compact for ~3.8M rows a year (64-byte tuples): the key is (student, date), the category an
 * enum, and who recorded it lives in the audit trail. A day without a row counts as present.
 */
@Entity('attendance_day')
@Index('attendance_day_absence_idx', ['calendarDate', 'schoolId', 'studentId'], { where: `"category" IN ('EXCUSED_ABSENCE', 'UNEXCUSED_ABSENCE')` })
export class AttendanceDayEntity {
  @PrimaryColumn({ name: 'student_id', type: 'uuid' })
  studentId: string;

  @PrimaryColumn({ name: 'calendar_date', type: 'date' })
  calendarDate: string;

  @Column({ name: 'school_id', type: 'uuid' })
  schoolId: string;

  @Column({ type: 'enum', enum: AttendanceCategory, enumName: 'attendance_category' })
  category: AttendanceCategory;

  // The student and the school are proven by the one key to student_school below (a pair an
  // enrollment has joined); these relations are for joins only.
  @ManyToOne(() => StudentEntity, { createForeignKeyConstraints: false })
  @JoinColumn({ name: 'student_id' })
  student?: StudentEntity;

  @ManyToOne(() => SchoolEntity, { createForeignKeyConstraints: false })
  @JoinColumn({ name: 'school_id' })
  school?: SchoolEntity;

  @ManyToOne(() => StudentSchoolEntity, { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'student_id', referencedColumnName: 'studentId' },
    { name: 'school_id', referencedColumnName: 'schoolId' },
  ])
  studentSchool?: StudentSchoolEntity;
}

/** The earlier value of a corrected attendance day: corrections never erase what was recorded. */
@Entity('attendance_day_history')
@Index('attendance_day_history_day_idx', ['studentId', 'calendarDate'])
export class AttendanceDayHistoryEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column({ name: 'student_id', type: 'uuid' })
  studentId: string;

  @ManyToOne(() => StudentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'student_id' })
  student?: StudentEntity;

  @Column({ name: 'calendar_date', type: 'date' })
  calendarDate: string;

  @Column({ name: 'school_id', type: 'uuid' })
  schoolId: string;

  @Column({ name: 'previous_category', type: 'enum', enum: AttendanceCategory, enumName: 'attendance_category' })
  previousCategory: AttendanceCategory;

  @Column({ type: 'enum', enum: AttendanceCategory, enumName: 'attendance_category' })
  category: AttendanceCategory;

  @Column({ name: 'changed_by', type: 'uuid' })
  changedBy: string;

  @ManyToOne(() => StaffUserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'changed_by' })
  changer?: StaffUserEntity;

  @Column({ name: 'changed_at', type: 'timestamptz', default: () => 'now()' })
  changedAt: Date;
}

/**
 * Days recorded per category for one student at one school in one calendar month: derived from
 * attendance_day, maintained in the same transaction as every write (and rebuilt by the seed), so
 * school and district rates read ~10 rows per student instead of ~180.
 */
@Entity('attendance_month_summary')
@Check('attendance_month_summary_month_start', `date_trunc('month', "month"::timestamp) = "month"`)
@Index('attendance_month_summary_school_idx', ['schoolId', 'month'])
export class AttendanceMonthSummaryEntity {
  @PrimaryColumn({ name: 'student_id', type: 'uuid' })
  studentId: string;

  @PrimaryColumn({ name: 'school_id', type: 'uuid' })
  schoolId: string;

  /** The first day of the month. */
  @PrimaryColumn({ type: 'date' })
  month: string;

  @Column({ name: 'in_attendance', type: 'smallint', default: 0 })
  inAttendance: number;

  @Column({ name: 'excused_absence', type: 'smallint', default: 0 })
  excusedAbsence: number;

  @Column({ name: 'unexcused_absence', type: 'smallint', default: 0 })
  unexcusedAbsence: number;

  @Column({ type: 'smallint', default: 0 })
  tardy: number;

  @Column({ name: 'early_departure', type: 'smallint', default: 0 })
  earlyDeparture: number;

  @Column({ name: 'partial_day', type: 'smallint', default: 0 })
  partialDay: number;
}

/**
 * The district's attendance thresholds: one row (id 1), seeded with the Connecticut / Attendance
 * Works defaults; see attendance-rules.ts for how each is used.
 */
@Entity('attendance_settings')
@Check('attendance_settings_single_row', '"id" = 1')
@Check(
  'attendance_settings_percents_ordered',
  '"at_risk_absence_percent" > 0 AND "at_risk_absence_percent" < "chronic_absence_percent" AND "chronic_absence_percent" < "severe_absence_percent" AND "severe_absence_percent" <= 100',
)
@Check(
  'attendance_settings_counts_valid',
  '"minimum_days_enrolled" BETWEEN 1 AND 60 AND "month_one_absences" >= 1 AND "month_two_absences" >= "month_one_absences" AND "stale_case_days" BETWEEN 1 AND 180 AND "improvement_window_days" BETWEEN 7 AND 120',
)
export class AttendanceSettingsEntity {
  @PrimaryColumn({ type: 'smallint', default: 1 })
  id: number;

  @Column({ name: 'chronic_absence_percent', type: 'numeric', precision: 5, scale: 2, default: 10, transformer: percent })
  chronicAbsencePercent: number;

  @Column({ name: 'severe_absence_percent', type: 'numeric', precision: 5, scale: 2, default: 20, transformer: percent })
  severeAbsencePercent: number;

  @Column({ name: 'at_risk_absence_percent', type: 'numeric', precision: 5, scale: 2, default: 5, transformer: percent })
  atRiskAbsencePercent: number;

  @Column({ name: 'minimum_days_enrolled', type: 'smallint', default: 10 })
  minimumDaysEnrolled: number;

  @Column({ name: 'month_one_absences', type: 'smallint', default: 2 })
  monthOneAbsences: number;

  @Column({ name: 'month_two_absences', type: 'smallint', default: 4 })
  monthTwoAbsences: number;

  /** An open case with no action for longer than this is stale. */
  @Column({ name: 'stale_case_days', type: 'smallint', default: 14 })
  staleCaseDays: number;

  /** Calendar days before and after a case's first action compared by the improvement queue. */
  @Column({ name: 'improvement_window_days', type: 'smallint', default: 30 })
  improvementWindowDays: number;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn({ default: 1 })
  version: number;
}

/**
 * An attendance team's case for a student in a school year. At most one is open (OPEN or
 * MONITORING) per student and year; a closed case keeps its outcome.
 */
@Entity('attendance_case')
@Check('attendance_case_tier_range', '"tier" BETWEEN 2 AND 3')
@Check(
  'attendance_case_closure_consistent',
  `("status" = 'CLOSED' AND "closed_on" IS NOT NULL AND "outcome" IS NOT NULL) OR ("status" <> 'CLOSED' AND "closed_on" IS NULL AND "outcome" IS NULL)`,
)
@Check('attendance_case_dates_ordered', '"closed_on" IS NULL OR "closed_on" >= "opened_on"')
@Index('attendance_case_open_key', ['studentId', 'schoolYearId'], { unique: true, where: `"status" <> 'CLOSED'` })
@Index('attendance_case_school_idx', ['schoolId', 'status'])
@Index('attendance_case_student_idx', ['studentId', 'openedOn'])
@Index('attendance_case_owner_idx', ['ownerId', 'status'])
export class AttendanceCaseEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'student_id', type: 'uuid' })
  studentId: string;

  @ManyToOne(() => StudentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'student_id' })
  student?: StudentEntity;

  /** The school the student was enrolled at when the case opened: its attendance team owns it. */
  @Column({ name: 'school_id', type: 'uuid' })
  schoolId: string;

  @ManyToOne(() => SchoolEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'school_id' })
  school?: SchoolEntity;

  @Column({ name: 'school_year_id', type: 'uuid' })
  schoolYearId: string;

  @ManyToOne(() => SchoolYearEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'school_year_id' })
  schoolYear?: SchoolYearEntity;

  /** The attendance tier the team works at: 2 (early intervention) or 3 (intensive). */
  @Column({ type: 'smallint' })
  tier: number;

  @Column({ type: 'varchar', length: 1000 })
  reason: string;

  @Column({ name: 'owner_id', type: 'uuid' })
  ownerId: string;

  @ManyToOne(() => StaffUserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'owner_id' })
  owner?: StaffUserEntity;

  @Column({ type: 'enum', enum: AttendanceCaseStatus, enumName: 'attendance_case_status', default: AttendanceCaseStatus.OPEN })
  status: AttendanceCaseStatus;

  @Column({ name: 'opened_on', type: 'date' })
  openedOn: string;

  @Column({ name: 'opened_by', type: 'uuid' })
  openedBy: string;

  @ManyToOne(() => StaffUserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'opened_by' })
  opener?: StaffUserEntity;

  @Column({ name: 'closed_on', type: 'date', nullable: true })
  closedOn: string | null;

  @Column({ type: 'enum', enum: AttendanceCaseOutcome, enumName: 'attendance_case_outcome', nullable: true })
  outcome: AttendanceCaseOutcome | null;

  @Column({ name: 'closing_note', type: 'varchar', length: 2000, nullable: true })
  closingNote: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn({ default: 1 })
  version: number;
}

/** Something the attendance team did on a case, with its outcome and the next step. */
@Entity('attendance_action')
@Check('attendance_action_next_step_due', '"next_step_due" IS NULL OR ("next_step" IS NOT NULL AND "next_step_due" >= "action_date")')
@Index('attendance_action_case_idx', ['caseId', 'actionDate'])
@Index('attendance_action_student_idx', ['studentId'])
export class AttendanceActionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @ManyToOne(() => AttendanceCaseEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'case_id' })
  attendanceCase?: AttendanceCaseEntity;

  @Column({ name: 'student_id', type: 'uuid' })
  studentId: string;

  @ManyToOne(() => StudentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'student_id' })
  student?: StudentEntity;

  @Column({ type: 'enum', enum: AttendanceActionType, enumName: 'attendance_action_type' })
  type: AttendanceActionType;

  @Column({ name: 'action_date', type: 'date' })
  actionDate: string;

  /** Who did it (may differ from who logged it). */
  @Column({ name: 'staff_id', type: 'uuid' })
  staffId: string;

  @ManyToOne(() => StaffUserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'staff_id' })
  staff?: StaffUserEntity;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  outcome: string | null;

  @Column({ name: 'next_step', type: 'varchar', length: 1000, nullable: true })
  nextStep: string | null;

  @Column({ name: 'next_step_due', type: 'date', nullable: true })
  nextStepDue: string | null;

  @Column({ name: 'recorded_by', type: 'uuid' })
  recordedBy: string;

  @ManyToOne(() => StaffUserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'recorded_by' })
  recorder?: StaffUserEntity;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
