import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { SchoolLevel } from './school-level';

@Entity('school')
@Check('school_grades_in_range', '"lowest_grade" >= -1 AND "highest_grade" <= 12 AND "lowest_grade" <= "highest_grade"')
export class SchoolEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The state or SIS school code; the stable key imports match on. */
  @Index('school_code_key', { unique: true })
  @Column({ type: 'varchar', length: 20 })
  code: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'enum', enum: SchoolLevel, enumName: 'school_level' })
  level: SchoolLevel;

  @Column({ name: 'lowest_grade', type: 'smallint' })
  lowestGrade: number;

  @Column({ name: 'highest_grade', type: 'smallint' })
  highestGrade: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn({ default: 1 })
  version: number;
}
