import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

@Entity('school_year')
@Check('school_year_dates_ordered', '"end_date" > "start_date"')
export class SchoolYearEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** e.g. "2026-2027". */
  @Index('school_year_name_key', { unique: true })
  @Column({ type: 'varchar', length: 20 })
  name: string;

  @Column({ name: 'start_date', type: 'date' })
  startDate: string;

  @Column({ name: 'end_date', type: 'date' })
  endDate: string;
}

@Entity('term')
@Check('term_dates_ordered', '"end_date" >= "start_date"')
@Index('term_school_year_name_key', ['schoolYearId', 'name'], { unique: true })
export class TermEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'school_year_id', type: 'uuid' })
  schoolYearId: string;

  @ManyToOne(() => SchoolYearEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'school_year_id' })
  schoolYear?: SchoolYearEntity;

  @Column({ type: 'varchar', length: 60 })
  name: string;

  @Column({ name: 'start_date', type: 'date' })
  startDate: string;

  @Column({ name: 'end_date', type: 'date' })
  endDate: string;
}

/** A day school is in session district-wide: the denominator of attendance rates. */
@Entity('instructional_day')
@Index('instructional_day_school_year_idx', ['schoolYearId'])
export class InstructionalDayEntity {
  @PrimaryColumn({ name: 'calendar_date', type: 'date' })
  calendarDate: string;

  @Column({ name: 'school_year_id', type: 'uuid' })
  schoolYearId: string;

  @ManyToOne(() => SchoolYearEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'school_year_id' })
  schoolYear?: SchoolYearEntity;
}
