import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { MtssDomain } from '../../common/mtss';
import { SchoolYearEntity } from '../calendar/calendar.entity';
import { StaffUserEntity } from '../staff/staff.entity';
import { StudentEntity } from '../students/student.entity';
import { DecisionRuleKind, RiskLevel, ScreeningWindow } from './tier-enums';

/** A universal screening result: the data tier decisions start from. */
@Entity('screening_result')
@Check('screening_result_percentile_range', '"percentile" IS NULL OR "percentile" BETWEEN 0 AND 100')
@Index('screening_result_key', ['studentId', 'schoolYearId', 'domain', 'window', 'assessment'], { unique: true })
@Index('screening_result_window_idx', ['schoolYearId', 'window', 'domain'])
export class ScreeningResultEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'student_id', type: 'uuid' })
  studentId: string;

  @ManyToOne(() => StudentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'student_id' })
  student?: StudentEntity;

  @Column({ name: 'school_year_id', type: 'uuid' })
  schoolYearId: string;

  @ManyToOne(() => SchoolYearEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'school_year_id' })
  schoolYear?: SchoolYearEntity;

  @Column({ type: 'enum', enum: MtssDomain, enumName: 'mtss_domain' })
  domain: MtssDomain;

  // Named screening_window in SQL: WINDOW is a reserved word there.
  @Column({ name: 'screening_window', type: 'enum', enum: ScreeningWindow, enumName: 'screening_window' })
  window: ScreeningWindow;

  /** The screener, e.g. "i-Ready Reading", "DIBELS 8", "SAEBRS". */
  @Column({ type: 'varchar', length: 100 })
  assessment: string;

  @Column({ name: 'administered_on', type: 'date' })
  administeredOn: string;

  @Column({ type: 'numeric', precision: 10, scale: 2, transformer: { to: (v: number) => v, from: (v: string | null) => (v === null ? null : Number(v)) } })
  score: number;

  @Column({ type: 'smallint', nullable: true })
  percentile: number | null;

  @Column({ name: 'risk_level', type: 'enum', enum: RiskLevel, enumName: 'risk_level', nullable: true })
  riskLevel: RiskLevel | null;

  @Column({ name: 'recorded_by', type: 'uuid' })
  recordedBy: string;

  @ManyToOne(() => StaffUserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'recorded_by' })
  recorder?: StaffUserEntity;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

export const ONE_ACTIVE_PROGRESS_RULE_KEY = 'tier_decision_rule_one_active_progress_key';

/** A district-configured rule that suggests a tier (or flags non-response); it never sets one. */
@Entity('tier_decision_rule')
// One progress rule defines "not responding" for every plan: the database holds it to one active.
@Index(ONE_ACTIVE_PROGRESS_RULE_KEY, ['kind'], { unique: true, where: `"active" AND "kind" = 'PROGRESS_BELOW_AIM_LINE'` })
@Check('tier_decision_rule_tier_range', '"suggested_tier" IS NULL OR "suggested_tier" BETWEEN 1 AND 3')
export class TierDecisionRuleEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('tier_decision_rule_key_key', { unique: true })
  @Column({ type: 'varchar', length: 60 })
  key: string;

  @Column({ type: 'varchar', length: 300 })
  description: string;

  /** Null: the rule applies in every domain. */
  @Column({ type: 'enum', enum: MtssDomain, enumName: 'mtss_domain', nullable: true })
  domain: MtssDomain | null;

  @Column({ type: 'enum', enum: DecisionRuleKind, enumName: 'decision_rule_kind' })
  kind: DecisionRuleKind;

  @Column({ type: 'numeric', precision: 10, scale: 2, nullable: true, transformer: { to: (v: number | null) => v, from: (v: string | null) => (v === null ? null : Number(v)) } })
  threshold: number | null;

  @Column({ name: 'risk_level', type: 'enum', enum: RiskLevel, enumName: 'risk_level', nullable: true })
  riskLevel: RiskLevel | null;

  @Column({ name: 'consecutive_points', type: 'smallint', nullable: true })
  consecutivePoints: number | null;

  /** Null for rules that flag rather than suggest a tier (non-response). */
  @Column({ name: 'suggested_tier', type: 'smallint', nullable: true })
  suggestedTier: number | null;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn({ default: 1 })
  version: number;
}

/**
 * A student's tier in a domain over a span of dates. Placements are never overwritten: a new
 * decision ends the open placement the day before it takes effect, so "tier on date D" is a lookup.
 * No open placement means the universal Tier 1.
 */
@Entity('tier_placement')
@Check('tier_placement_tier_range', '"tier" BETWEEN 1 AND 3')
@Check('tier_placement_dates_ordered', '"end_date" IS NULL OR "end_date" >= "start_date"')
@Index('tier_placement_open_key', ['studentId', 'domain'], { unique: true, where: '"end_date" IS NULL' })
@Index('tier_placement_student_idx', ['studentId', 'domain', 'startDate'])
export class TierPlacementEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'student_id', type: 'uuid' })
  studentId: string;

  @ManyToOne(() => StudentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'student_id' })
  student?: StudentEntity;

  @Column({ type: 'enum', enum: MtssDomain, enumName: 'mtss_domain' })
  domain: MtssDomain;

  @Column({ type: 'smallint' })
  tier: number;

  @Column({ name: 'start_date', type: 'date' })
  startDate: string;

  @Column({ name: 'end_date', type: 'date', nullable: true })
  endDate: string | null;

  @Column({ type: 'varchar', length: 1000 })
  reason: string;

  @Column({ name: 'decided_by', type: 'uuid' })
  decidedBy: string;

  @ManyToOne(() => StaffUserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'decided_by' })
  decider?: StaffUserEntity;

  /** The MTSS/SST team meeting whose decision this was, when recorded through one. */
  @Column({ name: 'team_meeting_id', type: 'uuid', nullable: true })
  teamMeetingId: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
