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
import { MtssDomain } from '../../common/mtss';
import { SchoolYearEntity } from '../calendar/calendar.entity';
import { SchoolEntity } from '../schools/school.entity';
import { StaffUserEntity } from '../staff/staff.entity';
import { TutoringProvider, TutoringSetting } from './tutoring-enums';
import { TUTORING_STANDARDS } from './tutoring-standards';

/**
 * A tutoring program: who delivers it, where, in which subjects, over which dates, and the dosage
 * it aims for (defaults: the NSSA high-impact tutoring standards, see tutoring-standards.ts).
 */
@Entity('tutoring_program')
@Check('tutoring_program_subjects_academic', `cardinality("subjects") >= 1 AND "subjects" <@ '{READING,MATH}'`)
@Check('tutoring_program_partner_named', `("provider" = 'PARTNER') = ("partner_organization" IS NOT NULL)`)
@Check('tutoring_program_dates_ordered', `"end_date" >= "start_date"`)
@Check(
  'tutoring_program_targets_range',
  `"target_sessions_per_week" BETWEEN 1 AND 10 AND "target_minutes_per_session" BETWEEN 1 AND 240`
    + ` AND "target_minutes_per_session_k3" BETWEEN 1 AND 240 AND "max_students_per_tutor" BETWEEN 1 AND 30 AND "min_weeks" BETWEEN 1 AND 52`,
)
@Index('tutoring_program_school_year_idx', ['schoolYearId'])
export class TutoringProgramEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ name: 'school_year_id', type: 'uuid' })
  schoolYearId: string;

  @ManyToOne(() => SchoolYearEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'school_year_id' })
  schoolYear?: SchoolYearEntity;

  /** READING and/or MATH. */
  @Column({ type: 'enum', enum: MtssDomain, enumName: 'mtss_domain', array: true })
  subjects: MtssDomain[];

  @Column({ type: 'enum', enum: TutoringProvider, enumName: 'tutoring_provider' })
  provider: TutoringProvider;

  /** The partner organisation, for PARTNER programs only. */
  @Column({ name: 'partner_organization', type: 'varchar', length: 200, nullable: true })
  partnerOrganization: string | null;

  @Column({ type: 'enum', enum: TutoringSetting, enumName: 'tutoring_setting' })
  setting: TutoringSetting;

  /** First and last day tutoring runs. */
  @Column({ name: 'start_date', type: 'date' })
  startDate: string;

  @Column({ name: 'end_date', type: 'date' })
  endDate: string;

  @Column({ name: 'target_sessions_per_week', type: 'smallint', default: TUTORING_STANDARDS.sessionsPerWeek })
  targetSessionsPerWeek: number;

  @Column({ name: 'target_minutes_per_session', type: 'smallint', default: TUTORING_STANDARDS.minutesPerSession })
  targetMinutesPerSession: number;

  /** The shorter session minimum for students in grades PK-3. */
  @Column({ name: 'target_minutes_per_session_k3', type: 'smallint', default: TUTORING_STANDARDS.minutesPerSessionK3 })
  targetMinutesPerSessionK3: number;

  @Column({ name: 'max_students_per_tutor', type: 'smallint', default: TUTORING_STANDARDS.maxStudentsPerTutor })
  maxStudentsPerTutor: number;

  @Column({ name: 'min_weeks', type: 'smallint', default: TUTORING_STANDARDS.minWeeks })
  minWeeks: number;

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

/** A school a program serves. */
@Entity('tutoring_program_school')
@Index('tutoring_program_school_school_idx', ['schoolId'])
export class TutoringProgramSchoolEntity {
  @PrimaryColumn({ name: 'program_id', type: 'uuid' })
  programId: string;

  @ManyToOne(() => TutoringProgramEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'program_id' })
  program?: TutoringProgramEntity;

  @PrimaryColumn({ name: 'school_id', type: 'uuid' })
  schoolId: string;

  @ManyToOne(() => SchoolEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'school_id' })
  school?: SchoolEntity;
}

/** A partner organisation's tutor, recorded under their program; they have no login. */
@Entity('tutoring_partner_tutor')
@Index('tutoring_partner_tutor_program_idx', ['programId'])
export class TutoringPartnerTutorEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'program_id', type: 'uuid' })
  programId: string;

  @ManyToOne(() => TutoringProgramEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'program_id' })
  program?: TutoringProgramEntity;

  @Column({ name: 'given_name', type: 'varchar', length: 100 })
  givenName: string;

  @Column({ name: 'family_name', type: 'varchar', length: 100 })
  familyName: string;

  @Column({ type: 'varchar', length: 200 })
  organization: string;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn({ default: 1 })
  version: number;
}

/**
 * A tutoring group: one tutor (a staff TUTOR or a partner tutor, exactly one), one subject, a
 * weekly schedule, and a capacity (by default the program's students-per-tutor ratio).
 */
@Entity('tutoring_group')
@Check('tutoring_group_one_tutor', `num_nonnulls("tutor_staff_id", "partner_tutor_id") = 1`)
@Check('tutoring_group_subject_academic', `"subject" IN ('READING', 'MATH')`)
@Check('tutoring_group_minutes_range', `"minutes" BETWEEN 1 AND 240`)
@Check('tutoring_group_capacity_range', `"capacity" BETWEEN 1 AND 30`)
@Check('tutoring_group_days_valid', `cardinality("days_of_week") BETWEEN 1 AND 7 AND "days_of_week" <@ '{1,2,3,4,5,6,7}'`)
@Index('tutoring_group_program_name_key', ['programId', 'name'], { unique: true })
@Index('tutoring_group_school_idx', ['schoolId'])
@Index('tutoring_group_tutor_staff_idx', ['tutorStaffId'])
export class TutoringGroupEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'program_id', type: 'uuid' })
  programId: string;

  @ManyToOne(() => TutoringProgramEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'program_id' })
  program?: TutoringProgramEntity;

  /** Where the group meets: one of the program's schools. */
  @Column({ name: 'school_id', type: 'uuid' })
  schoolId: string;

  @ManyToOne(() => SchoolEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'school_id' })
  school?: SchoolEntity;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'enum', enum: MtssDomain, enumName: 'mtss_domain' })
  subject: MtssDomain;

  @Column({ name: 'tutor_staff_id', type: 'uuid', nullable: true })
  tutorStaffId: string | null;

  @ManyToOne(() => StaffUserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'tutor_staff_id' })
  tutorStaff?: StaffUserEntity;

  @Column({ name: 'partner_tutor_id', type: 'uuid', nullable: true })
  partnerTutorId: string | null;

  @ManyToOne(() => TutoringPartnerTutorEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'partner_tutor_id' })
  partnerTutor?: TutoringPartnerTutorEntity;

  /** ISO day numbers, Monday = 1 ... Sunday = 7. */
  @Column({ name: 'days_of_week', type: 'smallint', array: true })
  daysOfWeek: number[];

  /** 'HH:MM:SS', the district's local time. */
  @Column({ name: 'start_time', type: 'time' })
  startTime: string;

  @Column({ type: 'smallint' })
  minutes: number;

  @Column({ type: 'smallint' })
  capacity: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn({ default: 1 })
  version: number;
}
