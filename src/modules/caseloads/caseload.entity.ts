import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { StaffUserEntity } from '../staff/staff.entity';
import { StudentEntity } from '../students/student.entity';
import { CaseloadKind } from './caseload-kind';

/** A staff user's responsibility for a student over a span of dates (kept when it ends). */
@Entity('caseload_assignment')
@Check('caseload_assignment_dates_ordered', '"end_date" IS NULL OR "end_date" >= "start_date"')
@Index('caseload_assignment_staff_idx', ['staffUserId', 'studentId'])
@Index('caseload_assignment_student_idx', ['studentId'])
@Index('caseload_assignment_open_key', ['staffUserId', 'studentId', 'kind'], { unique: true, where: '"end_date" IS NULL' })
export class CaseloadAssignmentEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'staff_user_id', type: 'uuid' })
  staffUserId: string;

  @ManyToOne(() => StaffUserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'staff_user_id' })
  staffUser?: StaffUserEntity;

  @Column({ name: 'student_id', type: 'uuid' })
  studentId: string;

  @ManyToOne(() => StudentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'student_id' })
  student?: StudentEntity;

  @Column({ type: 'enum', enum: CaseloadKind, enumName: 'caseload_kind' })
  kind: CaseloadKind;

  @Column({ name: 'start_date', type: 'date' })
  startDate: string;

  @Column({ name: 'end_date', type: 'date', nullable: true })
  endDate: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
