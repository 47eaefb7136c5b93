import {
  Exclusion,
  Check,
  Column,
  CreateDateColumn,
  DeleteDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import { SchoolEntity } from '../schools/school.entity';
import { Gender, RaceEthnicity } from './student-demographics';

@Entity('student')
@Check('student_grade_in_range', '"grade_level" BETWEEN -1 AND 12')
@Index('student_family_name_idx', ['familyName', 'givenName'])
export class StudentEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The district's student id (SIS), unique across the district. */
  @Index('student_local_id_key', { unique: true })
  @Column({ name: 'local_id', type: 'varchar', length: 40 })
  localId: string;

  @Column({ name: 'given_name', type: 'varchar', length: 100 })
  givenName: string;

  @Column({ name: 'family_name', type: 'varchar', length: 100 })
  familyName: string;

  @Column({ name: 'birth_date', type: 'date' })
  birthDate: string;

  /** Current grade: -1 = PK, 0 = K, 1..12. */
  @Column({ name: 'grade_level', type: 'smallint' })
  gradeLevel: number;

  @Column({ type: 'enum', enum: Gender, enumName: 'gender', default: Gender.NOT_REPORTED })
  gender: Gender;

  @Column({ name: 'race_ethnicity', type: 'enum', enum: RaceEthnicity, enumName: 'race_ethnicity', default: RaceEthnicity.NOT_REPORTED })
  raceEthnicity: RaceEthnicity;

  @Column({ name: 'english_learner', type: 'boolean', default: false })
  englishLearner: boolean;

  @Column({ name: 'student_with_disability', type: 'boolean', default: false })
  studentWithDisability: boolean;

  @Column({ name: 'free_reduced_meals', type: 'boolean', default: false })
  freeReducedMeals: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  /** Soft delete: the row stays (and can be restored by a district admin); reads skip it. */
  @DeleteDateColumn({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt: Date | null;

  @VersionColumn({ default: 1 })
  version: number;
}

/**
 * A student's enrollment at a school over a span of days, inclusive of both ends (`exitDate` is
 * the last day enrolled; null while ongoing). A mid-year move is two enrollments; rollups count
 * each day at the school where the student was enrolled that day.
 */
@Entity('enrollment')
@Check('enrollment_dates_ordered', '"exit_date" IS NULL OR "exit_date" >= "entry_date"')
// A student is enrolled at one school on any day (both ends inclusive): migration 1795801900000.
@Exclusion('enrollment_no_overlap', `USING gist ("student_id" WITH =, daterange("entry_date", "exit_date", '[]') WITH &&)`)
@Check('enrollment_grade_in_range', '"grade_level" BETWEEN -1 AND 12')
@Index('enrollment_student_idx', ['studentId', 'entryDate'])
// Covering (INCLUDE exit_date, student_id: migration 1795801600000): a school's roster on a day
// is read from the index alone. TypeORM cannot declare INCLUDE, so the migration owns its shape.
@Index('enrollment_school_idx', { synchronize: false })
// A school's roster in name order (INCLUDE entry_date, exit_date: migration 1795801800000): a page of
// a school's students walks it from the cursor. TypeORM cannot declare INCLUDE: the migration owns it.
@Index('enrollment_roster_idx', { synchronize: false })
export class EnrollmentEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'student_id', type: 'uuid' })
  studentId: string;

  @ManyToOne(() => StudentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'student_id' })
  student?: StudentEntity;

  @Column({ name: 'school_id', type: 'uuid' })
  schoolId: string;

  @ManyToOne(() => SchoolEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'school_id' })
  school?: SchoolEntity;

  @Column({ name: 'grade_level', type: 'smallint' })
  gradeLevel: number;

  @Column({ name: 'entry_date', type: 'date' })
  entryDate: string;

  @Column({ name: 'exit_date', type: 'date', nullable: true })
  exitDate: string | null;

  @Column({ name: 'exit_reason', type: 'varchar', length: 200, nullable: true })
  exitReason: string | null;

  /**
   * Copies of the student's names, for enrollment_roster_idx only. The database owns them: triggers
   * (migration 1795801800000) set them from the student on every write and follow a rename. The app
   * neither writes nor reads them: entities and audit records of an enrollment carry no names.
   */
  @Column({ name: 'family_name', type: 'varchar', length: 100, select: false, insert: false, update: false })
  familyName?: string;

  @Column({ name: 'given_name', type: 'varchar', length: 100, select: false, insert: false, update: false })
  givenName?: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/**
 * Every (student, school) pair an enrollment has ever joined, kept by triggers on enrollment
 * (migration 1795801700000): inserted with each new pair, never removed, so that what was recorded
 * under a pair stays valid when an enrollment is later changed. Attendance days reference it: one
 * foreign key proves both that the student and the school exist and that the day's school is one
 * the student has been enrolled at, where two separate keys checked only the first (and cost a
 * second lookup per row: a year's import writes 3.7 M days at Hartford scale).
 */
@Entity('student_school')
export class StudentSchoolEntity {
  @PrimaryColumn({ name: 'student_id', type: 'uuid' })
  studentId: string;

  @PrimaryColumn({ name: 'school_id', type: 'uuid' })
  schoolId: string;

  @ManyToOne(() => StudentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'student_id' })
  student?: StudentEntity;

  @ManyToOne(() => SchoolEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'school_id' })
  school?: SchoolEntity;
}
