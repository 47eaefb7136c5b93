import { In, IsNull } from 'typeorm';
import { StaffRole } from '../../common/auth/roles';
import { isUniqueViolation } from '../../common/db-errors';
import { UserErrorCode, UserInputError } from '../../common/errors';
import { expectGlobalId } from '../../common/graphql/global-id';
import type { RequestContext, ViewerContext } from '../../context';
import { recordAudit } from '../audit/audit.service';
import { StaffUserEntity } from '../staff/staff.entity';
import { staffService } from '../staff/staff.service';
import { lockManageableStudent } from '../students/student-access';
import { CaseloadAssignmentEntity } from './caseload.entity';
import type { CaseloadAssignInput, CaseloadEndInput } from './caseload.inputs';

export class CaseloadService {
  /** Assignments active today for these students. */
  activeForStudents(ctx: RequestContext, studentIds: readonly string[]): Promise<CaseloadAssignmentEntity[]> {
    return ctx.db.manager
      .createQueryBuilder(CaseloadAssignmentEntity, 'c')
      .where('c.student_id IN (:...ids)', { ids: studentIds })
      .andWhere('c.start_date <= :today AND (c.end_date IS NULL OR c.end_date >= :today)', { today: ctx.today })
      .orderBy('c.start_date')
      .getMany();
  }

  /**
   * Puts a student on a staff user's caseload. A school admin may do so for students of their
   * schools and staff who work there; the assignment is what gives a teacher access to the student.
   */
  async assign(ctx: ViewerContext, input: CaseloadAssignInput): Promise<{ caseloadAssignment: CaseloadAssignmentEntity }> {
    const staffUserId = expectGlobalId(input.staffUserId, 'StaffUser', 'input.staffUserId');
    const studentId = expectGlobalId(input.studentId, 'Student', 'input.studentId');
    const startDate = input.startDate ?? ctx.today;
    return ctx.db.transaction(async (em) => {
      await lockManageableStudent(ctx, em, studentId, ['input', 'studentId']);
      const staff = await em.findOneBy(StaffUserEntity, { id: staffUserId });
      if (!staff || !staff.active) throw UserInputError.of(UserErrorCode.NOT_FOUND, ['input', 'staffUserId'], 'No such active staff user');
      if (ctx.viewer.role !== StaffRole.DISTRICT_ADMIN) {
        const memberships = await staffService.activeMemberships(em, ctx.today, [staffUserId]);
        if (!memberships.some((m) => ctx.viewer.schoolIds.includes(m.schoolId))) {
          throw UserInputError.of(UserErrorCode.FORBIDDEN, ['input', 'staffUserId'], 'The staff user does not work at your schools');
        }
      }
      const assignment = em.create(CaseloadAssignmentEntity, { staffUserId, studentId, kind: input.kind, startDate, endDate: null });
      try {
        await em.save(CaseloadAssignmentEntity, assignment);
      } catch (error) {
        if (isUniqueViolation(error, 'caseload_assignment_open_key')) {
          throw UserInputError.of(UserErrorCode.DUPLICATE, ['input', 'studentId'], 'The student is already on this caseload');
        }
        throw error;
      }
      await recordAudit(em, ctx, { action: 'caseload.assign', entityType: 'CaseloadAssignment', entityId: assignment.id, studentId, after: assignment });
      return { caseloadAssignment: assignment };
    });
  }

  /** Ends an assignment (kept as history); access through it stops after its last day. */
  async end(ctx: ViewerContext, input: CaseloadEndInput): Promise<{ caseloadAssignment: CaseloadAssignmentEntity }> {
    const id = expectGlobalId(input.id, 'CaseloadAssignment', 'input.id');
    const endDate = input.endDate ?? ctx.today;
    return ctx.db.transaction(async (em) => {
      const assignment = await em.findOneBy(CaseloadAssignmentEntity, { id, endDate: IsNull() });
      if (!assignment) throw UserInputError.of(UserErrorCode.NOT_FOUND, ['input', 'id'], 'No open caseload assignment with this id');
      await lockManageableStudent(ctx, em, assignment.studentId, ['input', 'id']);
      if (endDate < assignment.startDate) {
        throw UserInputError.of(UserErrorCode.INVALID, ['input', 'endDate'], `End date is before the start date ${assignment.startDate}`);
      }
      const before = { ...assignment };
      assignment.endDate = endDate;
      await em.save(CaseloadAssignmentEntity, assignment);
      await recordAudit(em, ctx, { action: 'caseload.end', entityType: 'CaseloadAssignment', entityId: id, studentId: assignment.studentId, before, after: assignment });
      return { caseloadAssignment: assignment };
    });
  }

  findByIds(ctx: RequestContext, ids: readonly string[]) {
    return ctx.db.manager.findBy(CaseloadAssignmentEntity, { id: In([...ids]) });
  }
}

export const caseloadService = new CaseloadService();
