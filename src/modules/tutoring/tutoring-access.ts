import type { EntityManager, SelectQueryBuilder } from 'typeorm';
import { StaffRole, isDistrictRole } from '../../common/auth/roles';
import { registerStudentAccessSource } from '../../common/auth/student-scope';
import { UserErrorCode, UserInputError, type UserErrorShape } from '../../common/errors';
import type { ViewerContext } from '../../context';
import { TutoringProvider } from './tutoring-enums';
import { TutoringGroupEntity, TutoringProgramEntity, TutoringProgramSchoolEntity } from './tutoring-program.entity';
import { assignmentActiveOn } from './tutoring-sql';

/**
 * A staff tutor sees the students assigned today to the groups they tutor: they cannot take
 * attendance for students they cannot see. Access ends with the assignment (least privilege,
 * 34 CFR 99.31: a legitimate educational interest while serving the student).
 */
registerStudentAccessSource({
  name: 'tutoring-group',
  roles: [StaffRole.TUTOR],
  sql: `SELECT ta.student_id FROM tutoring_assignment ta
          JOIN tutoring_group tg ON tg.id = ta.group_id
          JOIN tutoring_program tp ON tp.id = tg.program_id
         WHERE tg.tutor_staff_id = :viewerId AND ${assignmentActiveOn('ta', 'tp', ':today')}`,
});

/** Roles that manage programs, groups, partner tutors and assignments (within their reach, see below). */
export const TUTORING_MANAGER_ROLES = [StaffRole.SCHOOL_ADMIN, StaffRole.DISTRICT_ADMIN];
/** Roles that log and cancel sessions: the group's own tutor, or an admin for the group's school. */
export const TUTORING_SESSION_WRITER_ROLES = [StaffRole.TUTOR, StaffRole.SCHOOL_ADMIN, StaffRole.DISTRICT_ADMIN];

/**
 * Programs a viewer may see: district roles all; others the programs serving one of their schools
 * and the programs whose groups they tutor. A program out of sight reads as missing.
 */
export function scopePrograms<T extends object>(qb: SelectQueryBuilder<T>, ctx: ViewerContext, alias: string): SelectQueryBuilder<T> {
  if (isDistrictRole(ctx.viewer.role)) return qb;
  return qb.andWhere(
    `(EXISTS (SELECT 1 FROM tutoring_program_school vps WHERE vps.program_id = ${alias}.id AND vps.school_id = ANY(:viewerSchoolIds))
      OR EXISTS (SELECT 1 FROM tutoring_group vg WHERE vg.program_id = ${alias}.id AND vg.tutor_staff_id = :viewerUserId))`,
    { viewerSchoolIds: ctx.viewer.schoolIds, viewerUserId: ctx.viewer.userId },
  );
}

/** The same rule as {@link scopePrograms}, for raw SQL over `programColumn`. */
export function programScopeSql(ctx: ViewerContext, programColumn: string): { sql: string; params: Record<string, unknown> } {
  if (isDistrictRole(ctx.viewer.role)) return { sql: 'true', params: {} };
  return {
    sql: `(EXISTS (SELECT 1 FROM tutoring_program_school vps WHERE vps.program_id = ${programColumn} AND vps.school_id = ANY(:viewerSchoolIds::uuid[]))
           OR EXISTS (SELECT 1 FROM tutoring_group vg WHERE vg.program_id = ${programColumn} AND vg.tutor_staff_id = :viewerUserId))`,
    params: { viewerSchoolIds: ctx.viewer.schoolIds, viewerUserId: ctx.viewer.userId },
  };
}

/**
 * Why the viewer may not manage a program (and its groups and partner tutors) serving `schoolIds`,
 * or null: district admins manage every program, including partner programs; school admins manage
 * the in-house programs of their own schools.
 */
export function programManageRefusal(ctx: ViewerContext, provider: TutoringProvider, schoolIds: readonly string[]): Omit<UserErrorShape, 'field'> | null {
  if (ctx.viewer.role === StaffRole.DISTRICT_ADMIN) return null;
  if (ctx.viewer.role !== StaffRole.SCHOOL_ADMIN) return { code: UserErrorCode.FORBIDDEN, message: 'Your role cannot manage tutoring programs' };
  if (provider === TutoringProvider.PARTNER) {
    return { code: UserErrorCode.FORBIDDEN, message: 'Partner programs are managed by district admins' };
  }
  if (schoolIds.some((id) => !ctx.viewer.schoolIds.includes(id))) {
    return { code: UserErrorCode.FORBIDDEN, message: 'A school admin manages only the programs of their own schools' };
  }
  return null;
}

export function assertProgramManageable(ctx: ViewerContext, provider: TutoringProvider, schoolIds: readonly string[], field: string[]): void {
  const refusal = programManageRefusal(ctx, provider, schoolIds);
  if (refusal) throw UserInputError.of(refusal.code, field, refusal.message);
}

/**
 * Assignments (who is tutored) are a school decision: school admins assign students to any
 * program's groups meeting at their schools, district admins to any group.
 */
export function assertAssignmentManageable(ctx: ViewerContext, group: TutoringGroupEntity, field: string[]): void {
  if (ctx.viewer.role === StaffRole.DISTRICT_ADMIN) return;
  if (ctx.viewer.role === StaffRole.SCHOOL_ADMIN && ctx.viewer.schoolIds.includes(group.schoolId)) return;
  throw UserInputError.of(UserErrorCode.FORBIDDEN, field, 'You can assign students only to groups meeting at your schools');
}

/** Tutors write only their own groups' sessions; school admins those of their schools' groups; district admins any. */
export function assertSessionWriter(ctx: ViewerContext, group: TutoringGroupEntity, field: string[]): void {
  if (ctx.viewer.role === StaffRole.DISTRICT_ADMIN) return;
  if (ctx.viewer.role === StaffRole.SCHOOL_ADMIN && ctx.viewer.schoolIds.includes(group.schoolId)) return;
  if (ctx.viewer.role === StaffRole.TUTOR && group.tutorStaffId === ctx.viewer.userId) return;
  throw UserInputError.of(UserErrorCode.FORBIDDEN, field, 'You can log sessions only for the groups you tutor');
}

/** Programs with these ids that the viewer may see. */
export async function findVisiblePrograms(ctx: ViewerContext, ids: readonly string[], em: EntityManager = ctx.db.manager): Promise<TutoringProgramEntity[]> {
  if (ids.length === 0) return [];
  const qb = em.createQueryBuilder(TutoringProgramEntity, 'p').where('p.id IN (:...ids)', { ids });
  return scopePrograms(qb, ctx, 'p').getMany();
}

/**
 * A program row locked for the rest of the transaction: every write that changes who is in which
 * group (assignments, capacities, dates) takes it, so the one-group-per-program and capacity
 * checks cannot both pass for two concurrent writes.
 */
export async function lockProgram(em: EntityManager, id: string, field: string[]): Promise<TutoringProgramEntity> {
  const program = await em.createQueryBuilder(TutoringProgramEntity, 'p').setLock('pessimistic_write').where('p.id = :id', { id }).getOne();
  if (!program) throw UserInputError.of(UserErrorCode.NOT_FOUND, field, 'No such tutoring program');
  return program;
}

/** A program the viewer may see and manage (see {@link programManageRefusal}); one out of sight reads as missing. */
export async function manageableProgram(ctx: ViewerContext, em: EntityManager, programId: string, field: string[]): Promise<TutoringProgramEntity> {
  const [program] = await findVisiblePrograms(ctx, [programId], em);
  if (!program) throw UserInputError.of(UserErrorCode.NOT_FOUND, field, 'No such tutoring program');
  const schools = (await em.findBy(TutoringProgramSchoolEntity, { programId })).map((s) => s.schoolId);
  assertProgramManageable(ctx, program.provider, schools, field);
  return program;
}
