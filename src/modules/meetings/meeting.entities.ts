import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { InterventionPlanEntity } from '../interventions/intervention-plan.entity';
import { SchoolEntity } from '../schools/school.entity';
import { StaffUserEntity } from '../staff/staff.entity';
import { StudentEntity } from '../students/student.entity';
import { TierPlacementEntity } from '../tiers/tier.entities';
import { TeamDecisionKind, TeamMeetingKind } from './meeting-enums';

/** An MTSS, SST or attendance team meeting at a school. */
@Entity('team_meeting')
@Index('team_meeting_school_idx', ['schoolId', 'heldOn'])
export class TeamMeetingEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'school_id', type: 'uuid' })
  schoolId: string;

  @ManyToOne(() => SchoolEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'school_id' })
  school?: SchoolEntity;

  @Column({ type: 'enum', enum: TeamMeetingKind, enumName: 'team_meeting_kind' })
  kind: TeamMeetingKind;

  @Column({ name: 'held_on', type: 'date' })
  heldOn: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  title: string | null;

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

/** Who attended, with the role they played (a staff user, or a named family member or partner). */
@Entity('team_meeting_attendee')
@Check('team_meeting_attendee_identified', '"staff_user_id" IS NOT NULL OR "name" IS NOT NULL')
@Index('team_meeting_attendee_meeting_idx', ['meetingId'])
export class TeamMeetingAttendeeEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'meeting_id', type: 'uuid' })
  meetingId: string;

  @ManyToOne(() => TeamMeetingEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'meeting_id' })
  meeting?: TeamMeetingEntity;

  @Column({ name: 'staff_user_id', type: 'uuid', nullable: true })
  staffUserId: string | null;

  @ManyToOne(() => StaffUserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'staff_user_id' })
  staffUser?: StaffUserEntity;

  /** For attendees without a staff account: a parent, a community partner. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  name: string | null;

  @Column({ name: 'role_label', type: 'varchar', length: 100 })
  roleLabel: string;
}

/** A student the team discussed. */
@Entity('team_meeting_student')
@Index('team_meeting_student_key', ['meetingId', 'studentId'], { unique: true })
@Index('team_meeting_student_student_idx', ['studentId'])
export class TeamMeetingStudentEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'meeting_id', type: 'uuid' })
  meetingId: string;

  @ManyToOne(() => TeamMeetingEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'meeting_id' })
  meeting?: TeamMeetingEntity;

  @Column({ name: 'student_id', type: 'uuid' })
  studentId: string;

  @ManyToOne(() => StudentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'student_id' })
  student?: StudentEntity;
}

/**
 * A note from a meeting, about a student or the meeting as a whole. A restricted note (health,
 * family circumstances) is shown to counselors and school admins only, never to teachers.
 */
@Entity('team_meeting_note')
@Index('team_meeting_note_meeting_idx', ['meetingId'])
@Index('team_meeting_note_student_idx', ['studentId'])
export class TeamMeetingNoteEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'meeting_id', type: 'uuid' })
  meetingId: string;

  @ManyToOne(() => TeamMeetingEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'meeting_id' })
  meeting?: TeamMeetingEntity;

  @Column({ name: 'student_id', type: 'uuid', nullable: true })
  studentId: string | null;

  @ManyToOne(() => StudentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'student_id' })
  student?: StudentEntity;

  @Column({ type: 'varchar', length: 5000 })
  body: string;

  @Column({ type: 'boolean', default: false })
  restricted: boolean;

  @Column({ name: 'author_id', type: 'uuid' })
  authorId: string;

  @ManyToOne(() => StaffUserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'author_id' })
  author?: StaffUserEntity;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** A decision the team made about a student, linked to the record it created. */
@Entity('team_meeting_decision')
@Index('team_meeting_decision_meeting_idx', ['meetingId'])
@Index('team_meeting_decision_student_idx', ['studentId'])
export class TeamMeetingDecisionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'meeting_id', type: 'uuid' })
  meetingId: string;

  @ManyToOne(() => TeamMeetingEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'meeting_id' })
  meeting?: TeamMeetingEntity;

  @Column({ name: 'student_id', type: 'uuid' })
  studentId: string;

  @ManyToOne(() => StudentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'student_id' })
  student?: StudentEntity;

  @Column({ type: 'enum', enum: TeamDecisionKind, enumName: 'team_decision_kind' })
  kind: TeamDecisionKind;

  @Column({ type: 'varchar', length: 1000 })
  description: string;

  @Column({ name: 'tier_placement_id', type: 'uuid', nullable: true })
  tierPlacementId: string | null;

  @ManyToOne(() => TierPlacementEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'tier_placement_id' })
  tierPlacement?: TierPlacementEntity;

  @Column({ name: 'intervention_plan_id', type: 'uuid', nullable: true })
  interventionPlanId: string | null;

  @ManyToOne(() => InterventionPlanEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'intervention_plan_id' })
  interventionPlan?: InterventionPlanEntity;

  @Column({ name: 'recorded_by', type: 'uuid' })
  recordedBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** A follow-up the team assigned: who does what by when. */
@Entity('follow_up_task')
@Check('follow_up_task_completed_after_created', '"completed_on" IS NULL OR "completed_on" >= "assigned_on"')
@Index('follow_up_task_owner_idx', ['ownerId', 'completedOn'])
@Index('follow_up_task_meeting_idx', ['meetingId'])
export class FollowUpTaskEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'meeting_id', type: 'uuid' })
  meetingId: string;

  @ManyToOne(() => TeamMeetingEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'meeting_id' })
  meeting?: TeamMeetingEntity;

  @Column({ name: 'student_id', type: 'uuid', nullable: true })
  studentId: string | null;

  @ManyToOne(() => StudentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'student_id' })
  student?: StudentEntity;

  @Column({ name: 'owner_id', type: 'uuid' })
  ownerId: string;

  @ManyToOne(() => StaffUserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'owner_id' })
  owner?: StaffUserEntity;

  @Column({ type: 'varchar', length: 1000 })
  description: string;

  /** The meeting date: when the task was given. */
  @Column({ name: 'assigned_on', type: 'date' })
  assignedOn: string;

  @Column({ name: 'due_date', type: 'date' })
  dueDate: string;

  /** A restricted follow-up (e.g. a family matter) is shown like a restricted note. */
  @Column({ type: 'boolean', default: false })
  restricted: boolean;

  @Column({ name: 'completed_on', type: 'date', nullable: true })
  completedOn: string | null;

  @VersionColumn({ default: 1 })
  version: number;
}
