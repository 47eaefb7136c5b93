import { In, type EntityManager } from 'typeorm';
import { isDistrictRole } from '../../common/auth/roles';
import { isUniqueViolation } from '../../common/db-errors';
import { UserErrorCode, UserInputError } from '../../common/errors';
import { expectGlobalId } from '../../common/graphql/global-id';
import type { RequestContext, ViewerContext } from '../../context';
import { recordAudit } from '../audit/audit.service';
import { SchoolYearEntity } from '../calendar/calendar.entity';
import { StaffUserEntity } from '../staff/staff.entity';
import { findVisibleStudents } from '../students/student-access';
import { EnrollmentEntity } from '../students/student.entity';
import { ATTENDANCE_TEAM, CASE_OWNER_ROLES, canReachSchool } from './attendance-access';
import { AttendanceCaseStatus } from './attendance-enums';
import { AttendanceActionEntity, AttendanceCaseEntity } from './attendance.entities';
import type { AttendanceActionLogInput, AttendanceCaseCloseInput, AttendanceCaseOpenInput, AttendanceCaseUpdateInput } from './attendance.inputs';

const OPEN_CASE_KEY = 'attendance_case_open_key';

export class AttendanceCaseService {
  /**
   * Opens an attendance case for a student at the school they are enrolled at on the opening day.
   * At most one case is open (OPEN or MONITORING) per student and school year: the partial unique
   * index enforces it, and the student's row lock turns a race into the same clear userError.
   */
  async open(ctx: ViewerContext, input: AttendanceCaseOpenInput): Promise<{ attendanceCase: AttendanceCaseEntity }> {
    const studentId = expectGlobalId(input.studentId, 'Student', 'input.studentId');
    const ownerId = input.ownerId ? expectGlobalId(input.ownerId, 'StaffUser', 'input.ownerId') : ctx.viewer.userId;
    const openedOn = input.openedOn ?? ctx.today;
    if (openedOn > ctx.today) throw UserInputError.of(UserErrorCode.INVALID, ['input', 'openedOn'], 'A case cannot open in the future');
    return ctx.db.transaction(async (em) => {
      const [student] = await findVisibleStudents(ctx, [studentId], em);
      if (!student) throw UserInputError.of(UserErrorCode.NOT_FOUND, ['input', 'studentId'], 'No such student');
      await em.query('SELECT id FROM student WHERE id = $1 FOR NO KEY UPDATE', [studentId]);
      const year = await em
        .createQueryBuilder(SchoolYearEntity, 'y')
        .where(':date BETWEEN y.start_date AND y.end_date', { date: openedOn })
        .getOne();
      if (!year) throw UserInputError.of(UserErrorCode.INVALID, ['input', 'openedOn'], `No school year includes ${openedOn}`);
      const enrollment = await em
        .createQueryBuilder(EnrollmentEntity, 'e')
        .where('e.student_id = :studentId AND e.entry_date <= :date AND (e.exit_date IS NULL OR e.exit_date >= :date)', { studentId, date: openedOn })
        .getOne();
      if (!enrollment) throw UserInputError.of(UserErrorCode.INVALID, ['input', 'openedOn'], `The student was not enrolled on ${openedOn}`);
      if (!canReachSchool(ctx.viewer, enrollment.schoolId)) {
        throw UserInputError.of(UserErrorCode.FORBIDDEN, ['input', 'studentId'], "The student's case belongs to the attendance team of their school");
      }
      await this.assertOwner(ctx, em, ownerId, enrollment.schoolId, ['input', 'ownerId']);
      const existing = await em.findOne(AttendanceCaseEntity, {
        where: { studentId, schoolYearId: year.id, status: In([AttendanceCaseStatus.OPEN, AttendanceCaseStatus.MONITORING]) },
      });
      if (existing) throw this.alreadyOpen(year, existing.openedOn);
      const attendanceCase = em.create(AttendanceCaseEntity, {
        studentId,
        schoolId: enrollment.schoolId,
        schoolYearId: year.id,
        tier: input.tier,
        reason: input.reason,
        ownerId,
        status: AttendanceCaseStatus.OPEN,
        openedOn,
        openedBy: ctx.viewer.userId,
        closedOn: null,
        outcome: null,
        closingNote: null,
      });
      try {
        await em.save(AttendanceCaseEntity, attendanceCase);
      } catch (error) {
        if (isUniqueViolation(error, OPEN_CASE_KEY)) throw this.alreadyOpen(year, null);
        throw error;
      }
      await recordAudit(em, ctx, { action: 'attendance_case.open', entityType: 'AttendanceCase', entityId: attendanceCase.id, studentId, after: attendanceCase });
      return { attendanceCase };
    });
  }

  /** Changes tier, reason, owner or OPEN/MONITORING status of an open case; CONFLICT on a stale version. */
  async update(ctx: ViewerContext, input: AttendanceCaseUpdateInput): Promise<{ attendanceCase: AttendanceCaseEntity }> {
    const id = expectGlobalId(input.id, 'AttendanceCase', 'input.id');
    const ownerId = input.ownerId ? expectGlobalId(input.ownerId, 'StaffUser', 'input.ownerId') : null;
    return ctx.db.transaction(async (em) => {
      const current = await this.lockCase(ctx, em, id, ['input', 'id']);
      this.assertVersion(current, input.expectedVersion);
      if (current.status === AttendanceCaseStatus.CLOSED) {
        throw UserInputError.of(UserErrorCode.INVALID, ['input', 'id'], `The case was closed on ${current.closedOn}; open a new case`);
      }
      if (ownerId) await this.assertOwner(ctx, em, ownerId, current.schoolId, ['input', 'ownerId']);
      const before = { ...current };
      if (input.tier !== undefined && input.tier !== null) current.tier = input.tier;
      if (input.reason !== undefined && input.reason !== null) current.reason = input.reason;
      if (input.status) current.status = input.status;
      if (ownerId) current.ownerId = ownerId;
      await em.save(AttendanceCaseEntity, current);
      await recordAudit(em, ctx, { action: 'attendance_case.update', entityType: 'AttendanceCase', entityId: id, studentId: current.studentId, before, after: current });
      return { attendanceCase: current };
    });
  }

  /** Closes a case with its outcome; CONFLICT on a stale version. No action can be logged on it afterwards. */
  async close(ctx: ViewerContext, input: AttendanceCaseCloseInput): Promise<{ attendanceCase: AttendanceCaseEntity }> {
    const id = expectGlobalId(input.id, 'AttendanceCase', 'input.id');
    const closedOn = input.closedOn ?? ctx.today;
    if (closedOn > ctx.today) throw UserInputError.of(UserErrorCode.INVALID, ['input', 'closedOn'], 'A case cannot close in the future');
    return ctx.db.transaction(async (em) => {
      const current = await this.lockCase(ctx, em, id, ['input', 'id']);
      this.assertVersion(current, input.expectedVersion);
      if (current.status === AttendanceCaseStatus.CLOSED) {
        throw UserInputError.of(UserErrorCode.INVALID, ['input', 'id'], `The case was already closed on ${current.closedOn}`);
      }
      if (closedOn < current.openedOn) {
        throw UserInputError.of(UserErrorCode.INVALID, ['input', 'closedOn'], `The case opened on ${current.openedOn}`);
      }
      const [{ last }] = await em.query('SELECT max(action_date) AS last FROM attendance_action WHERE case_id = $1', [id]);
      if (last && closedOn < last) {
        throw UserInputError.of(UserErrorCode.INVALID, ['input', 'closedOn'], `An action was logged on ${last}, after this date`);
      }
      const before = { ...current };
      Object.assign(current, { status: AttendanceCaseStatus.CLOSED, closedOn, outcome: input.outcome, closingNote: input.note ?? null });
      await em.save(AttendanceCaseEntity, current);
      await recordAudit(em, ctx, { action: 'attendance_case.close', entityType: 'AttendanceCase', entityId: id, studentId: current.studentId, before, after: current });
      return { attendanceCase: current };
    });
  }

  /**
   * Logs an attendance team action on an open case. Refused on a closed case, before the case
   * opened, in the future, and with a next-step due date before the action. Teachers and
   * interventionists log on cases they own; the team on any case of its schools. The case row is
   * locked, so an action cannot slip in while the case is being closed.
   */
  async logAction(ctx: ViewerContext, input: AttendanceActionLogInput): Promise<{ attendanceAction: AttendanceActionEntity }> {
    const caseId = expectGlobalId(input.caseId, 'AttendanceCase', 'input.caseId');
    const staffId = input.staffId ? expectGlobalId(input.staffId, 'StaffUser', 'input.staffId') : ctx.viewer.userId;
    if (input.actionDate > ctx.today) throw UserInputError.of(UserErrorCode.INVALID, ['input', 'actionDate'], `${input.actionDate} is in the future`);
    if (input.nextStepDueDate && !input.nextStep) {
      throw UserInputError.of(UserErrorCode.INVALID, ['input', 'nextStep'], 'A due date needs the next step it is for');
    }
    if (input.nextStepDueDate && input.nextStepDueDate < input.actionDate) {
      throw UserInputError.of(UserErrorCode.INVALID, ['input', 'nextStepDueDate'], 'The next step cannot be due before the action');
    }
    return ctx.db.transaction(async (em) => {
      const attendanceCase = await this.lockCase(ctx, em, caseId, ['input', 'caseId']);
      if (!ATTENDANCE_TEAM.includes(ctx.viewer.role) && attendanceCase.ownerId !== ctx.viewer.userId) {
        throw UserInputError.of(UserErrorCode.FORBIDDEN, ['input', 'caseId'], "Only the case's owner or the attendance team logs actions on it");
      }
      if (attendanceCase.status === AttendanceCaseStatus.CLOSED) {
        throw UserInputError.of(UserErrorCode.INVALID, ['input', 'caseId'], `The case was closed on ${attendanceCase.closedOn}; open a new case to log actions`);
      }
      if (input.actionDate < attendanceCase.openedOn) {
        throw UserInputError.of(UserErrorCode.INVALID, ['input', 'actionDate'], `${input.actionDate} is before the case opened (${attendanceCase.openedOn})`);
      }
      const staff = await em.findOneBy(StaffUserEntity, { id: staffId });
      if (!staff || !staff.active) throw UserInputError.of(UserErrorCode.INVALID, ['input', 'staffId'], 'No such active staff user');
      const action = em.create(AttendanceActionEntity, {
        caseId,
        studentId: attendanceCase.studentId,
        type: input.type,
        actionDate: input.actionDate,
        staffId,
        outcome: input.outcome ?? null,
        nextStep: input.nextStep ?? null,
        nextStepDue: input.nextStepDueDate ?? null,
        recordedBy: ctx.viewer.userId,
      });
      await em.save(AttendanceActionEntity, action);
      await recordAudit(em, ctx, { action: 'attendance_action.log', entityType: 'AttendanceAction', entityId: action.id, studentId: action.studentId, after: action });
      return { attendanceAction: action };
    });
  }

  /** Cases of students already known to be visible, latest first. */
  casesFor(ctx: RequestContext, studentIds: readonly string[]): Promise<AttendanceCaseEntity[]> {
    return ctx.db.manager.find(AttendanceCaseEntity, { where: { studentId: In([...studentIds]) }, order: { openedOn: 'DESC', createdAt: 'DESC' } });
  }

  /** Actions of cases, oldest first. */
  actionsFor(ctx: RequestContext, caseIds: readonly string[]): Promise<AttendanceActionEntity[]> {
    return ctx.db.manager.find(AttendanceActionEntity, { where: { caseId: In([...caseIds]) }, order: { actionDate: 'ASC', createdAt: 'ASC' } });
  }

  /**
   * The case, locked for the transaction, if the viewer may work it: its student visible, and the
   * case at one of the viewer's schools (district roles: any; owners: their own). Else NOT_FOUND,
   * exactly like a missing case.
   */
  private async lockCase(ctx: ViewerContext, em: EntityManager, id: string, field: string[]): Promise<AttendanceCaseEntity> {
    const found = await em.findOne(AttendanceCaseEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
    const reachable =
      found &&
      (canReachSchool(ctx.viewer, found.schoolId) || found.ownerId === ctx.viewer.userId) &&
      (await findVisibleStudents(ctx, [found.studentId], em)).length > 0;
    if (!found || !reachable) throw UserInputError.of(UserErrorCode.NOT_FOUND, field, 'No such attendance case');
    return found;
  }

  private assertVersion(current: AttendanceCaseEntity, expected: number): void {
    if (current.version !== expected) {
      throw UserInputError.of(
        UserErrorCode.CONFLICT,
        ['input', 'expectedVersion'],
        `The case was changed by someone else (version ${current.version}); reload and try again`,
      );
    }
  }

  /** An owner is an active staff user who can lead a case: district staff, or staff of the case's school. */
  private async assertOwner(ctx: ViewerContext, em: EntityManager, ownerId: string, schoolId: string, field: string[]): Promise<void> {
    const owner = await em.findOneBy(StaffUserEntity, { id: ownerId });
    if (!owner || !owner.active) throw UserInputError.of(UserErrorCode.INVALID, field, 'No such active staff user');
    if (!CASE_OWNER_ROLES.includes(owner.role)) throw UserInputError.of(UserErrorCode.INVALID, field, `A ${owner.role} cannot own an attendance case`);
    if (isDistrictRole(owner.role)) return;
    const [member] = await em.query(
      `SELECT 1 FROM school_membership WHERE staff_user_id = $1 AND school_id = $2 AND start_date <= $3 AND (end_date IS NULL OR end_date >= $3)`,
      [ownerId, schoolId, ctx.today],
    );
    if (!member) throw UserInputError.of(UserErrorCode.INVALID, field, "The owner must work at the student's school");
  }

  private alreadyOpen(year: SchoolYearEntity, openedOn: string | null): UserInputError {
    return UserInputError.of(
      UserErrorCode.DUPLICATE,
      ['input', 'studentId'],
      `The student already has an open attendance case for ${year.name}${openedOn ? ` (opened ${openedOn})` : ''}; update or close it instead`,
    );
  }
}

export const attendanceCaseService = new AttendanceCaseService();
