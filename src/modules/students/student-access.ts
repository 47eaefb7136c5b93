import type { EntityManager, SelectQueryBuilder } from 'typeorm';
import { StaffRole } from '../../common/auth/roles';
import { scopeCoversSchoolEnrollment, studentScope, studentScopeCondition } from '../../common/auth/student-scope';
import { UserErrorCode, UserInputError } from '../../common/errors';
import type { ViewerContext } from '../../context';
import { SchoolEntity } from '../schools/school.entity';
import { StudentEntity } from './student.entity';

/** Restricts a query over `alias` (a student-owned row) to the students the viewer may see. */
export function scopeToViewer<T extends object>(
  qb: SelectQueryBuilder<T>,
  ctx: ViewerContext,
  studentIdColumn: string,
): SelectQueryBuilder<T> {
  const scope = studentScopeCondition(ctx.viewer, ctx.today, studentIdColumn);
  return scope ? qb.andWhere(scope.condition, scope.params) : qb;
}

/**
 * {@link scopeToViewer} for a school's roster read in index order and cut at a LIMIT (a page of a
 * school's students, StudentService.list): `studentIdColumn` is the enrollment's own student
 * column, of an enrollment at `schoolId` covering ctx.today, which the caller's join requires; on
 * that column the filter runs on the index entries, before any student row is read.
 *
 * - A viewer whose scope holds the whole of that roster (district roles; counselors and school
 *   admins at their own school: scopeCoversSchoolEnrollment) gets no condition, which would be
 *   true on every row.
 * - Any other viewer gets the same scope as a filter on the enrollment rows. `IS TRUE` keeps the
 *   IN from being pulled up into a semi-join (PostgreSQL pulls up an IN or EXISTS only when it
 *   stands alone, or under AND, in WHERE or ON): a hash semi-join loses the index order, so every
 *   page hashed and sorted all the viewer's students at the school, 2,700 buffers whatever its
 *   size at an 898-student school (issue 9). As a hashed SubPlan the scope is built once and
 *   probed per index entry, and the scan stops after `first + 1`. The rows are the same: WHERE
 *   drops NULL as it drops false.
 */
export function scopeRosterToViewer<T extends object>(
  qb: SelectQueryBuilder<T>,
  ctx: ViewerContext,
  schoolId: string,
  studentIdColumn: string,
): SelectQueryBuilder<T> {
  if (scopeCoversSchoolEnrollment(ctx.viewer, schoolId)) return qb;
  const scope = studentScope(ctx.viewer, ctx.today);
  if (scope.kind === 'district') return qb;
  return qb.andWhere(`(${studentIdColumn} IN (${scope.subquery})) IS TRUE`, scope.params);
}

/** Students with these ids that exist, are not deleted and are in the viewer's scope. */
export async function findVisibleStudents(
  ctx: ViewerContext,
  ids: readonly string[],
  em: EntityManager = ctx.db.manager,
): Promise<StudentEntity[]> {
  if (ids.length === 0) return [];
  const qb = em.createQueryBuilder(StudentEntity, 's').where('s.id IN (:...ids)', { ids });
  return scopeToViewer(qb, ctx, 's.id').getMany();
}

/**
 * The student, locked for the rest of the transaction, if the viewer may manage their records:
 * a district admin any student, a school admin students in their scope. A student out of reach is
 * reported exactly like a missing one.
 */
export async function lockManageableStudent(
  ctx: ViewerContext,
  em: EntityManager,
  studentId: string,
  field: string[],
): Promise<StudentEntity> {
  const [visible] = await findVisibleStudents(ctx, [studentId], em);
  if (!visible || (ctx.viewer.role !== StaffRole.DISTRICT_ADMIN && ctx.viewer.role !== StaffRole.SCHOOL_ADMIN)) {
    throw UserInputError.of(UserErrorCode.NOT_FOUND, field, 'No such student');
  }
  const locked = await em
    .createQueryBuilder(StudentEntity, 's')
    .setLock('pessimistic_write')
    .where('s.id = :id', { id: studentId })
    .getOne();
  if (!locked) throw UserInputError.of(UserErrorCode.NOT_FOUND, field, 'No such student');
  return locked;
}

/** A school the viewer may manage records in: any for a district admin, their own for a school admin. */
export async function manageableSchool(
  ctx: ViewerContext,
  em: EntityManager,
  schoolId: string,
  field: string[],
): Promise<SchoolEntity> {
  const school = await em.findOneBy(SchoolEntity, { id: schoolId });
  if (!school) throw UserInputError.of(UserErrorCode.NOT_FOUND, field, 'No such school');
  if (ctx.viewer.role !== StaffRole.DISTRICT_ADMIN && !ctx.viewer.schoolIds.includes(schoolId)) {
    throw UserInputError.of(UserErrorCode.FORBIDDEN, field, 'You can manage records only in your own schools');
  }
  return school;
}
