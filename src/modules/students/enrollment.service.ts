import type { EntityManager } from 'typeorm';
import { UserErrorCode, UserInputError } from '../../common/errors';
import { addDays } from '../../common/dates';
import { gradeFromNumber, gradeToNumber } from '../../common/grade-level';
import { expectGlobalId } from '../../common/graphql/global-id';
import type { ViewerContext } from '../../context';
import { recordAudit } from '../audit/audit.service';
import { SchoolEntity } from '../schools/school.entity';
import { findVisibleStudents, lockManageableStudent, manageableSchool } from './student-access';
import { EnrollmentEntity } from './student.entity';
import type { EnrollmentCreateInput, EnrollmentEndInput, StudentTransferInput } from './student.inputs';

type NewEnrollment = Pick<EnrollmentEntity, 'studentId' | 'schoolId' | 'gradeLevel' | 'entryDate' | 'exitDate'>;

export class EnrollmentService {
  assertGradeServed(school: SchoolEntity, grade: number, field: string[]): void {
    if (grade < school.lowestGrade || grade > school.highestGrade) {
      throw UserInputError.of(
        UserErrorCode.INVALID,
        field,
        `${school.name} serves ${gradeFromNumber(school.lowestGrade)}-${gradeFromNumber(school.highestGrade)}, not ${gradeFromNumber(grade)}`,
      );
    }
  }

  /**
   * Inserts an enrollment after checking it overlaps none of the student's others: a student is
   * enrolled at one school on any day, which is what lets rollups count each day once. The caller
   * holds the student's row lock, so two concurrent enrollments cannot both pass the check.
   */
  async insert(ctx: ViewerContext, em: EntityManager, row: NewEnrollment, field: string[] = ['input', 'entryDate']): Promise<EnrollmentEntity> {
    if (row.exitDate && row.exitDate < row.entryDate) {
      throw UserInputError.of(UserErrorCode.INVALID, ['input', 'exitDate'], 'Exit date is before the entry date');
    }
    const overlapping = await em
      .createQueryBuilder(EnrollmentEntity, 'e')
      .where('e.student_id = :studentId', { studentId: row.studentId })
      .andWhere('e.entry_date <= :until', { until: row.exitDate ?? '9999-12-31' })
      .andWhere('(e.exit_date IS NULL OR e.exit_date >= :from)', { from: row.entryDate })
      .getOne();
    if (overlapping) {
      throw UserInputError.of(
        UserErrorCode.CONFLICT,
        field,
        `The student is already enrolled from ${overlapping.entryDate}${overlapping.exitDate ? ` to ${overlapping.exitDate}` : ''}; end that enrollment first`,
      );
    }
    const enrollment = em.create(EnrollmentEntity, { ...row, exitReason: null });
    await em.save(EnrollmentEntity, enrollment);
    await recordAudit(em, ctx, {
      action: 'enrollment.create',
      entityType: 'Enrollment',
      entityId: enrollment.id,
      studentId: row.studentId,
      after: enrollment,
    });
    return enrollment;
  }

  async create(ctx: ViewerContext, input: EnrollmentCreateInput): Promise<{ enrollment: EnrollmentEntity }> {
    const studentId = expectGlobalId(input.studentId, 'Student', 'input.studentId');
    const schoolId = expectGlobalId(input.schoolId, 'School', 'input.schoolId');
    return ctx.db.transaction(async (em) => {
      await lockManageableStudent(ctx, em, studentId, ['input', 'studentId']);
      const school = await manageableSchool(ctx, em, schoolId, ['input', 'schoolId']);
      const grade = gradeToNumber(input.gradeLevel);
      this.assertGradeServed(school, grade, ['input', 'gradeLevel']);
      const enrollment = await this.insert(ctx, em, {
        studentId,
        schoolId,
        gradeLevel: grade,
        entryDate: input.entryDate,
        exitDate: input.exitDate ?? null,
      });
      return { enrollment };
    });
  }

  /** Ends an enrollment on its last day; the row is kept as history. */
  async end(ctx: ViewerContext, input: EnrollmentEndInput): Promise<{ enrollment: EnrollmentEntity }> {
    const id = expectGlobalId(input.id, 'Enrollment', 'input.id');
    return ctx.db.transaction(async (em) => {
      const current = await em.findOneBy(EnrollmentEntity, { id });
      const visible = current ? await findVisibleStudents(ctx, [current.studentId], em) : [];
      if (!current || visible.length === 0) throw UserInputError.of(UserErrorCode.NOT_FOUND, ['input', 'id'], 'No such enrollment');
      await lockManageableStudent(ctx, em, current.studentId, ['input', 'id']);
      await manageableSchool(ctx, em, current.schoolId, ['input', 'id']);
      return { enrollment: await this.endLocked(ctx, em, current, input.exitDate, input.exitReason ?? null) };
    });
  }

  /**
   * Moves a student to another school from `effectiveDate`: the open enrollment ends the day before
   * and the new one starts that day, in one transaction, so no day is lost or counted twice.
   */
  async transfer(ctx: ViewerContext, input: StudentTransferInput): Promise<{ enrollment: EnrollmentEntity }> {
    const studentId = expectGlobalId(input.studentId, 'Student', 'input.studentId');
    const toSchoolId = expectGlobalId(input.toSchoolId, 'School', 'input.toSchoolId');
    return ctx.db.transaction(async (em) => {
      const student = await lockManageableStudent(ctx, em, studentId, ['input', 'studentId']);
      const school = await em.findOneBy(SchoolEntity, { id: toSchoolId });
      if (!school) throw UserInputError.of(UserErrorCode.NOT_FOUND, ['input', 'toSchoolId'], 'No such school');
      const open = await em
        .createQueryBuilder(EnrollmentEntity, 'e')
        .where('e.student_id = :studentId', { studentId })
        .andWhere('e.entry_date < :date', { date: input.effectiveDate })
        .andWhere('(e.exit_date IS NULL OR e.exit_date >= :date)', { date: input.effectiveDate })
        .getOne();
      if (!open) {
        throw UserInputError.of(UserErrorCode.INVALID, ['input', 'effectiveDate'], 'The student has no enrollment that continues to this date');
      }
      if (open.schoolId === toSchoolId) {
        throw UserInputError.of(UserErrorCode.INVALID, ['input', 'toSchoolId'], 'The student is already enrolled at this school');
      }
      // The sending school's admin (or a district admin) makes the move.
      await manageableSchool(ctx, em, open.schoolId, ['input', 'studentId']);
      const grade = input.gradeLevel ? gradeToNumber(input.gradeLevel) : student.gradeLevel;
      this.assertGradeServed(school, grade, ['input', 'gradeLevel']);
      await this.endLocked(ctx, em, open, addDays(input.effectiveDate, -1), input.exitReason ?? 'Transferred');
      const enrollment = await this.insert(
        ctx,
        em,
        { studentId, schoolId: toSchoolId, gradeLevel: grade, entryDate: input.effectiveDate, exitDate: null },
        ['input', 'effectiveDate'],
      );
      return { enrollment };
    });
  }

  private async endLocked(
    ctx: ViewerContext,
    em: EntityManager,
    current: EnrollmentEntity,
    exitDate: string,
    exitReason: string | null,
  ): Promise<EnrollmentEntity> {
    if (exitDate < current.entryDate) {
      throw UserInputError.of(UserErrorCode.INVALID, ['input', 'exitDate'], `Exit date is before the entry date ${current.entryDate}`);
    }
    if (current.exitDate && current.exitDate < exitDate) {
      throw UserInputError.of(UserErrorCode.INVALID, ['input', 'exitDate'], `The enrollment already ended on ${current.exitDate}`);
    }
    const before = { ...current };
    current.exitDate = exitDate;
    current.exitReason = exitReason;
    await em.save(EnrollmentEntity, current);
    await recordAudit(em, ctx, { action: 'enrollment.end', entityType: 'Enrollment', entityId: current.id, studentId: current.studentId, before, after: current });
    return current;
  }
}

export const enrollmentService = new EnrollmentService();
