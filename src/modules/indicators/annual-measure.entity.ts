import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { numericTransformer } from '../interventions/numeric';
import { SchoolYearEntity } from '../calendar/calendar.entity';
import { SchoolEntity } from '../schools/school.entity';
import { StaffUserEntity } from '../staff/staff.entity';

/**
 * A published figure of an annual measure of progress (graduation rate, grade 3 reading, ...) for
 * one school, or the whole district (`schoolId` null), and one school year: what the state or the
 * district published, recorded by a district admin or imported. One figure per measure, school
 * (or district) and year; recording again replaces it (the audit trail keeps the old one).
 */
@Entity('annual_measure_figure')
@Check('annual_measure_figure_value_range', '"value" >= 0 AND "value" <= 100')
@Check(
  'annual_measure_figure_counts',
  '("numerator" IS NULL AND "denominator" IS NULL) OR ("numerator" >= 0 AND "denominator" > 0 AND "numerator" <= "denominator")',
)
@Index('annual_measure_figure_school_key', ['measure', 'schoolYearId', 'schoolId'], { unique: true, where: '"school_id" IS NOT NULL' })
@Index('annual_measure_figure_district_key', ['measure', 'schoolYearId'], { unique: true, where: '"school_id" IS NULL' })
export class AnnualMeasureFigureEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** An IndicatorKey of kind ANNUAL_MEASURE. */
  @Column({ type: 'varchar', length: 60 })
  measure: string;

  @Column({ name: 'school_year_id', type: 'uuid' })
  schoolYearId: string;

  @ManyToOne(() => SchoolYearEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'school_year_id' })
  schoolYear?: SchoolYearEntity;

  /** Null: the district-wide figure. */
  @Column({ name: 'school_id', type: 'uuid', nullable: true })
  schoolId: string | null;

  @ManyToOne(() => SchoolEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'school_id' })
  school?: SchoolEntity;

  /** The published percentage, 0-100. */
  @Column({ type: 'numeric', precision: 5, scale: 2, transformer: numericTransformer })
  value: number;

  /** The published counts behind the percentage, when the source gives them. */
  @Column({ type: 'integer', nullable: true })
  numerator: number | null;

  @Column({ type: 'integer', nullable: true })
  denominator: number | null;

  /** Where the figure comes from, e.g. "CSDE EdSight, 2024-25 four-year cohort". */
  @Column({ type: 'varchar', length: 300, nullable: true })
  source: string | null;

  @Column({ name: 'recorded_by', type: 'uuid' })
  recordedBy: string;

  @ManyToOne(() => StaffUserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'recorded_by' })
  recorder?: StaffUserEntity;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn({ default: 1 })
  version: number;
}
