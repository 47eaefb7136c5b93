import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { MtssDomain } from '../../common/mtss';
import { InterventionClass, InterventionDelivery } from './intervention-enums';

/**
 * An intervention in the district's catalog: what a school may put a student on. Modelled on the
 * Ed-Fi Intervention (class, delivery, min/max dosage in minutes) with the recommended dosage
 * (sessions a week x minutes a session x weeks) that plans start from.
 */
@Entity('intervention')
@Check('intervention_tiers_valid', `cardinality("tiers") BETWEEN 1 AND 3 AND "tiers" <@ ARRAY[1, 2, 3]::smallint[]`)
@Check(
  'intervention_dosage_positive',
  `("recommended_sessions_per_week" IS NULL OR "recommended_sessions_per_week" BETWEEN 1 AND 10)
   AND ("recommended_minutes_per_session" IS NULL OR "recommended_minutes_per_session" BETWEEN 1 AND 240)
   AND ("recommended_weeks" IS NULL OR "recommended_weeks" BETWEEN 1 AND 52)
   AND ("min_dosage_minutes" IS NULL OR "min_dosage_minutes" > 0)
   AND ("max_dosage_minutes" IS NULL OR "max_dosage_minutes" > 0)`,
)
@Check('intervention_dosage_ordered', `"min_dosage_minutes" IS NULL OR "max_dosage_minutes" IS NULL OR "min_dosage_minutes" <= "max_dosage_minutes"`)
@Index('intervention_domain_idx', ['domain', 'active'])
export class InterventionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('intervention_name_key', { unique: true })
  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'enum', enum: MtssDomain, enumName: 'mtss_domain' })
  domain: MtssDomain;

  /** The tiers (1-3) the intervention is meant for, ascending. */
  @Column({ type: 'smallint', array: true })
  tiers: number[];

  @Column({ type: 'enum', enum: InterventionDelivery, enumName: 'intervention_delivery' })
  delivery: InterventionDelivery;

  @Column({ name: 'intervention_class', type: 'enum', enum: InterventionClass, enumName: 'intervention_class' })
  interventionClass: InterventionClass;

  @Column({ name: 'recommended_sessions_per_week', type: 'smallint', nullable: true })
  recommendedSessionsPerWeek: number | null;

  @Column({ name: 'recommended_minutes_per_session', type: 'smallint', nullable: true })
  recommendedMinutesPerSession: number | null;

  @Column({ name: 'recommended_weeks', type: 'smallint', nullable: true })
  recommendedWeeks: number | null;

  /** Ed-Fi MinDosage: the least total time, in minutes, for the intervention to be delivered as designed. */
  @Column({ name: 'min_dosage_minutes', type: 'integer', nullable: true })
  minDosageMinutes: number | null;

  /** Ed-Fi MaxDosage. */
  @Column({ name: 'max_dosage_minutes', type: 'integer', nullable: true })
  maxDosageMinutes: number | null;

  /** The evidence base (e.g. its What Works Clearinghouse or ESSA evidence tier rating). */
  @Column({ name: 'evidence_note', type: 'varchar', length: 2000, nullable: true })
  evidenceNote: string | null;

  /** A retired intervention stays for the plans that used it; new plans cannot choose it. */
  @Column({ type: 'boolean', default: true })
  active: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn({ default: 1 })
  version: number;
}
