import { type EntityManager, In } from 'typeorm';
import { isUniqueViolation } from '../../common/db-errors';
import { UserErrorCode, UserInputError, type UserErrorShape } from '../../common/errors';
import { expectGlobalId, fromGlobalId, globalIdOrError } from '../../common/graphql/global-id';
import type { ViewerContext } from '../../context';
import { recordAudits } from '../audit/audit.service';
import { scopeToViewer } from '../students/student-access';
import { StaffUserEntity } from '../staff/staff.entity';
import { assertSessionWriter } from './tutoring-access';
import { assignmentActiveOn } from './tutoring-sql';
import { TutoringSessionStatus } from './tutoring-enums';
import { TutoringGroupEntity, TutoringPartnerTutorEntity, TutoringProgramEntity } from './tutoring-program.entity';
import { TutoringAssignmentEntity, TutoringAttendanceEntity, TutoringSessionEntity } from './tutoring-session.entity';
import type { TutoringSessionCancelInput, TutoringSessionLogInput } from './tutoring.inputs';

interface Leader {
  ledByStaffId: string | null;
  ledByPartnerTutorId: string | null;
  ledByAssignedTutor: boolean;
}

/** Sessions, logged once per group and date: held with attendance, or cancelled with a reason. */
export class TutoringSessionService {
  /**
   * Logs a held session for a group: minutes, who led it (the assigned tutor unless a substitute
   * is named) and attendance for every student assigned to the group that day, no one else. Each
   * refusal names its field: a future date, a date outside the program, a second session the same
   * day, a student outside the group or outside their assignment's dates, a missing student.
   */
  async log(ctx: ViewerContext, input: TutoringSessionLogInput): Promise<{ tutoringSession: TutoringSessionEntity }> {
    const groupId = expectGlobalId(input.groupId, 'TutoringGroup', 'input.groupId');
    this.assertNotFuture(ctx, input.date);
    const errors: UserErrorShape[] = [];
    const rowField = (i: number) => ['input', 'attendance', String(i), 'studentId'];
    const studentIds = input.attendance.map((row, i) => globalIdOrError(row.studentId, 'Student', rowField(i), errors) ?? '');
    studentIds.forEach((id, i) => {
      if (id && studentIds.indexOf(id) !== i) errors.push({ code: UserErrorCode.DUPLICATE, field: rowField(i), message: 'The student appears twice' });
    });
    if (errors.length) throw new UserInputError(errors);

    return ctx.db.transaction(async (em) => {
      const { group, program } = await this.writableGroup(ctx, em, groupId, input.date);
      const leader = await this.leader(em, group, input.leaderId ?? null);
      const covering = await em
        .createQueryBuilder(TutoringAssignmentEntity, 'a')
        .innerJoin(TutoringProgramEntity, 'p', 'p.id = :programId', { programId: program.id })
        .where('a.group_id = :groupId', { groupId })
        .andWhere(assignmentActiveOn('a', 'p', ':day'), { day: input.date })
        .getMany();
      const coveringByStudent = new Map(covering.map((a) => [a.studentId, a]));
      const listed = studentIds.length ? await em.findBy(TutoringAssignmentEntity, { groupId, studentId: In(studentIds) }) : [];
      studentIds.forEach((studentId, i) => {
        if (coveringByStudent.has(studentId)) return;
        const spans = listed.filter((a) => a.studentId === studentId);
        if (spans.length > 0) {
          const described = spans.map((a) => `${a.startDate} to ${a.endDate ?? program.endDate}`).join(', ');
          errors.push({ code: UserErrorCode.INVALID, field: rowField(i), message: `The session date is outside the student's assignment to this group (${described})` });
        } else {
          errors.push({ code: UserErrorCode.NOT_FOUND, field: rowField(i), message: 'The student is not in this group' });
        }
      });
      const missing = covering.filter((a) => !studentIds.includes(a.studentId));
      if (missing.length > 0) {
        errors.push({
          code: UserErrorCode.INVALID,
          field: ['input', 'attendance'],
          message: `Attendance is missing for ${missing.length} student(s) assigned to the group on ${input.date}`,
        });
      }
      if (errors.length) throw new UserInputError(errors);

      const session = em.create(TutoringSessionEntity, {
        groupId,
        sessionDate: input.date,
        status: TutoringSessionStatus.HELD,
        minutes: input.minutes,
        ...leader,
        cancelReason: null,
        note: input.note ?? null,
        loggedBy: ctx.viewer.userId,
      });
      await this.saveSession(em, session);
      const attendance = input.attendance.map((row, i) =>
        em.create(TutoringAttendanceEntity, {
          sessionId: session.id,
          assignmentId: coveringByStudent.get(studentIds[i])!.id,
          studentId: studentIds[i],
          present: row.present,
        }),
      );
      if (attendance.length) await em.save(TutoringAttendanceEntity, attendance);
      await recordAudits(em, ctx, [
        { action: 'tutoring_session.log', entityType: 'TutoringSession', entityId: session.id, after: session },
        ...attendance.map((a) => ({ action: 'tutoring_attendance.create', entityType: 'TutoringAttendance', entityId: a.id, studentId: a.studentId, after: a })),
      ]);
      return { tutoringSession: session };
    });
  }

  /** Records that a group's session did not take place that day, and why. */
  async cancel(ctx: ViewerContext, input: TutoringSessionCancelInput): Promise<{ tutoringSession: TutoringSessionEntity }> {
    const groupId = expectGlobalId(input.groupId, 'TutoringGroup', 'input.groupId');
    this.assertNotFuture(ctx, input.date);
    return ctx.db.transaction(async (em) => {
      await this.writableGroup(ctx, em, groupId, input.date);
      const session = em.create(TutoringSessionEntity, {
        groupId,
        sessionDate: input.date,
        status: TutoringSessionStatus.CANCELLED,
        minutes: null,
        ledByStaffId: null,
        ledByPartnerTutorId: null,
        ledByAssignedTutor: null,
        cancelReason: input.reason,
        note: input.note ?? null,
        loggedBy: ctx.viewer.userId,
      });
      await this.saveSession(em, session);
      await recordAudits(em, ctx, [{ action: 'tutoring_session.cancel', entityType: 'TutoringSession', entityId: session.id, after: session }]);
      return { tutoringSession: session };
    });
  }

  /** Sessions of these groups, oldest first, optionally within [from, to]. */
  ofGroups(ctx: ViewerContext, groupIds: readonly string[], from: string | null, to: string | null): Promise<TutoringSessionEntity[]> {
    const qb = ctx.db.manager.createQueryBuilder(TutoringSessionEntity, 's').where('s.group_id IN (:...groupIds)', { groupIds });
    if (from) qb.andWhere('s.session_date >= :from', { from });
    if (to) qb.andWhere('s.session_date <= :to', { to });
    return qb.orderBy('s.session_date').getMany();
  }

  /** Attendance rows of these sessions whose students the viewer may see. */
  visibleAttendance(ctx: ViewerContext, sessionIds: readonly string[]): Promise<TutoringAttendanceEntity[]> {
    const qb = ctx.db.manager
      .createQueryBuilder(TutoringAttendanceEntity, 'att')
      .innerJoin('student', 'st', 'st.id = att.student_id AND st.deleted_at IS NULL')
      .where('att.session_id IN (:...sessionIds)', { sessionIds });
    return scopeToViewer(qb, ctx, 'att.student_id').orderBy('st.family_name').addOrderBy('st.given_name').getMany();
  }

  private assertNotFuture(ctx: ViewerContext, date: string): void {
    if (date > ctx.today) throw UserInputError.of(UserErrorCode.INVALID, ['input', 'date'], 'The session date is in the future');
  }

  /** The group, if the viewer may write its sessions, with no session yet on `date`, inside its program's dates. */
  private async writableGroup(ctx: ViewerContext, em: EntityManager, groupId: string, date: string) {
    const group = await em.findOneBy(TutoringGroupEntity, { id: groupId });
    if (!group) throw UserInputError.of(UserErrorCode.NOT_FOUND, ['input', 'groupId'], 'No such tutoring group');
    assertSessionWriter(ctx, group, ['input', 'groupId']);
    // A share lock on the program: assignment writes take it exclusively, so an assignment cannot
    // end (or a student join) between the attendance check below and this session's commit.
    const program = await em.findOneOrFail(TutoringProgramEntity, { where: { id: group.programId }, lock: { mode: 'pessimistic_read' } });
    if (date < program.startDate || date > program.endDate) {
      throw UserInputError.of(UserErrorCode.INVALID, ['input', 'date'], `The program runs from ${program.startDate} to ${program.endDate}`);
    }
    const existing = await em.findOneBy(TutoringSessionEntity, { groupId, sessionDate: date });
    if (existing) {
      throw UserInputError.of(UserErrorCode.DUPLICATE, ['input', 'date'], `A session is already ${existing.status === TutoringSessionStatus.HELD ? 'logged' : 'cancelled'} for this group on ${date}`);
    }
    return { group, program };
  }

  /**
   * Who led a session: the group's assigned tutor when none is named; else a substitute, an active
   * staff user or an active partner tutor of the group's program.
   */
  private async leader(em: EntityManager, group: TutoringGroupEntity, leaderGlobalId: string | null): Promise<Leader> {
    const field = ['input', 'leaderId'];
    if (!leaderGlobalId) {
      return { ledByStaffId: group.tutorStaffId, ledByPartnerTutorId: group.partnerTutorId, ledByAssignedTutor: true };
    }
    const parsed = fromGlobalId(leaderGlobalId);
    if (parsed?.typeName === 'StaffUser') {
      const user = await em.findOneBy(StaffUserEntity, { id: parsed.id });
      if (!user || !user.active) throw UserInputError.of(UserErrorCode.INVALID, field, 'The leader must be an active staff user');
      return { ledByStaffId: user.id, ledByPartnerTutorId: null, ledByAssignedTutor: user.id === group.tutorStaffId };
    }
    if (parsed?.typeName === 'TutoringPartnerTutor') {
      const tutor = await em.findOneBy(TutoringPartnerTutorEntity, { id: parsed.id, programId: group.programId });
      if (!tutor || !tutor.active) throw UserInputError.of(UserErrorCode.INVALID, field, "The leader must be an active partner tutor of the group's program");
      return { ledByStaffId: null, ledByPartnerTutorId: tutor.id, ledByAssignedTutor: tutor.id === group.partnerTutorId };
    }
    throw UserInputError.of(UserErrorCode.INVALID, field, 'Not a StaffUser or TutoringPartnerTutor id');
  }

  private async saveSession(em: EntityManager, session: TutoringSessionEntity): Promise<void> {
    try {
      await em.save(TutoringSessionEntity, session);
    } catch (error) {
      if (isUniqueViolation(error, 'tutoring_session_group_date_key')) {
        throw UserInputError.of(UserErrorCode.DUPLICATE, ['input', 'date'], `A session is already recorded for this group on ${session.sessionDate}`);
      }
      throw error;
    }
  }
}

export const tutoringSessionService = new TutoringSessionService();
