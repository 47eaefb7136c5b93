import type { EntityManager } from 'typeorm';
import { StaffRole } from '../../common/auth/roles';
import { registerStudentAccessSource } from '../../common/auth/student-scope';
import { UserErrorCode, UserInputError, type UserErrorShape } from '../../common/errors';
import type { ViewerContext } from '../../context';
import { findVisibleStudents } from '../students/student-access';
import type { StudentEntity } from '../students/student.entity';
import { InterventionPlanEntity } from './intervention-plan.entity';

/** Who may create, change and close plans, log sessions and record progress. */
export const PLAN_WRITER_ROLES = [StaffRole.SCHOOL_ADMIN, StaffRole.COUNSELOR, StaffRole.INTERVENTIONIST, StaffRole.DISTRICT_ADMIN];

/** Roles a plan's interventionist may have: the school staff who deliver interventions. */
export const INTERVENTIONIST_ROLES = [
  StaffRole.TEACHER,
  StaffRole.INTERVENTIONIST,
  StaffRole.TUTOR,
  StaffRole.COUNSELOR,
  StaffRole.SCHOOL_ADMIN,
];

/**
 * The interventionist of an ACTIVE plan sees that plan's student, whatever their caseload says:
 * they cannot deliver and log an intervention for a student they cannot see. Access ends when the
 * plan is closed (least privilege, 34 CFR 99.31: a legitimate educational interest while serving).
 */
registerStudentAccessSource({
  name: 'intervention-plan',
  roles: INTERVENTIONIST_ROLES,
  sql: `SELECT ip.student_id FROM intervention_plan ip
         WHERE ip.interventionist_id = :viewerId AND ip.status = 'ACTIVE'`,
});

export function assertPlanWriter(ctx: ViewerContext, field: string[]): void {
  if (!PLAN_WRITER_ROLES.includes(ctx.viewer.role)) {
    throw UserInputError.of(UserErrorCode.FORBIDDEN, field, 'Your role cannot write intervention plans');
  }
}

/**
 * The student, if the viewer may write intervention plans for them: a district admin any student,
 * school admins, counselors and interventionists students in their scope. A student out of
 * reach is reported exactly like a missing one.
 */
export async function writableStudent(ctx: ViewerContext, em: EntityManager, studentId: string, field: string[]): Promise<StudentEntity> {
  assertPlanWriter(ctx, field);
  const [student] = await findVisibleStudents(ctx, [studentId], em);
  if (!student) throw UserInputError.of(UserErrorCode.NOT_FOUND, field, 'No such student');
  return student;
}

/**
 * Why the viewer may not write this plan, or null when they may: its student must be in their
 * scope, and an interventionist writes only the plans they deliver.
 */
export function planWriteRefusal(ctx: ViewerContext, plan: InterventionPlanEntity, studentVisible: boolean): UserErrorShape | null {
  if (!PLAN_WRITER_ROLES.includes(ctx.viewer.role)) {
    return { code: UserErrorCode.FORBIDDEN, field: [], message: 'Your role cannot write intervention plans' };
  }
  if (!studentVisible) return { code: UserErrorCode.NOT_FOUND, field: [], message: 'No such intervention plan' };
  if (ctx.viewer.role === StaffRole.INTERVENTIONIST && plan.interventionistId !== ctx.viewer.userId) {
    return { code: UserErrorCode.FORBIDDEN, field: [], message: 'You can write only the plans you deliver' };
  }
  return null;
}

/**
 * Plans the viewer may write, locked (`FOR UPDATE`, or `FOR SHARE` when only read to hang rows on)
 * for the rest of the transaction in id order, so concurrent writers queue rather than deadlock.
 * Returns the plans found (missing ids are simply absent) with the visibility of their students.
 */
export async function lockPlans(
  ctx: ViewerContext,
  em: EntityManager,
  ids: readonly string[],
  mode: 'pessimistic_write' | 'pessimistic_read',
): Promise<{ plans: Map<string, InterventionPlanEntity>; visibleStudentIds: Set<string> }> {
  if (ids.length === 0) return { plans: new Map(), visibleStudentIds: new Set() };
  const rows = await em
    .createQueryBuilder(InterventionPlanEntity, 'p')
    .setLock(mode)
    .where('p.id IN (:...ids)', { ids })
    .orderBy('p.id')
    .getMany();
  const visible = await findVisibleStudents(ctx, [...new Set(rows.map((p) => p.studentId))], em);
  return { plans: new Map(rows.map((p) => [p.id, p])), visibleStudentIds: new Set(visible.map((s) => s.id)) };
}

/** One plan the viewer may write, locked (for update by default); refusals name `field`. */
export async function lockWritablePlan(
  ctx: ViewerContext,
  em: EntityManager,
  planId: string,
  field: string[],
  mode: 'pessimistic_write' | 'pessimistic_read' = 'pessimistic_write',
): Promise<InterventionPlanEntity> {
  const { plans, visibleStudentIds } = await lockPlans(ctx, em, [planId], mode);
  const plan = plans.get(planId);
  if (!plan) throw UserInputError.of(UserErrorCode.NOT_FOUND, field, 'No such intervention plan');
  const refusal = planWriteRefusal(ctx, plan, visibleStudentIds.has(plan.studentId));
  if (refusal) throw UserInputError.of(refusal.code, field, refusal.message);
  return plan;
}
