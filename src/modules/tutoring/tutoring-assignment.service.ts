import { type EntityManager, In } from 'typeorm';
import { UserErrorCode, UserInputError, type UserErrorShape } from '../../common/errors';
import { expectGlobalId, globalIdOrError } from '../../common/graphql/global-id';
import type { ViewerContext } from '../../context';
import { recordAudit, recordAudits } from '../audit/audit.service';
import { findVisibleStudents, scopeToViewer } from '../students/student-access';
import { TierPlacementEntity } from '../tiers/tier.entities';
import { peakAssigned } from './group-capacity';
import { assertAssignmentManageable, lockProgram } from './tutoring-access';
import { assignmentActiveOn } from './tutoring-sql';
import { TutoringGroupEntity } from './tutoring-program.entity';
import { TutoringAssignmentEntity } from './tutoring-session.entity';
import type { TutoringAssignmentEndInput, TutoringAssignmentsCreateInput } from './tutoring.inputs';

const MIN_PLACEMENT_TIER_FOR_LINK = 2;

/** Which students are tutored in which group, from when to when. */
export class TutoringAssignmentService {
  /**
   * Assigns students to a group from a date, all or nothing: every row is checked and every
   * problem reported with its row's index. Two rules hold under the program's row lock: a student
   * is in at most one group of a program on any day, and a group never holds more students on a day
   * than its capacity. A linked tier placement must be the student's Tier 2/3 placement in the
   * group's subject; a linked intervention plan must be the student's plan in that subject.
   */
  async create(ctx: ViewerContext, input: TutoringAssignmentsCreateInput): Promise<{ tutoringAssignments: TutoringAssignmentEntity[] }> {
    const groupId = expectGlobalId(input.groupId, 'TutoringGroup', 'input.groupId');
    if (input.endDate && input.endDate < input.startDate) {
      throw UserInputError.of(UserErrorCode.INVALID, ['input', 'endDate'], 'The assignment ends before it starts');
    }
    const errors: UserErrorShape[] = [];
    const rowField = (i: number, key: string) => ['input', 'students', String(i), key];
    const parse = (value: string | undefined, typeName: string, i: number, key: string): string | null =>
      value === undefined || value === null ? null : globalIdOrError(value, typeName, rowField(i, key), errors);
    const rows = input.students.map((row, i) => ({
      studentId: parse(row.studentId, 'Student', i, 'studentId') ?? '',
      tierPlacementId: parse(row.tierPlacementId, 'TierPlacement', i, 'tierPlacementId'),
      interventionPlanId: parse(row.interventionPlanId, 'InterventionPlan', i, 'interventionPlanId'),
      reason: row.reason,
    }));
    rows.forEach((row, i) => {
      if (row.studentId && rows.findIndex((r) => r.studentId === row.studentId) !== i) {
        errors.push({ code: UserErrorCode.DUPLICATE, field: rowField(i, 'studentId'), message: 'The student appears twice' });
      }
    });
    if (errors.length) throw new UserInputError(errors);

    return ctx.db.transaction(async (em) => {
      const group = await em.findOneBy(TutoringGroupEntity, { id: groupId });
      if (!group) throw UserInputError.of(UserErrorCode.NOT_FOUND, ['input', 'groupId'], 'No such tutoring group');
      assertAssignmentManageable(ctx, group, ['input', 'groupId']);
      const program = await lockProgram(em, group.programId, ['input', 'groupId']);
      if (input.startDate < program.startDate || input.startDate > program.endDate) {
        throw UserInputError.of(UserErrorCode.INVALID, ['input', 'startDate'], `The program runs from ${program.startDate} to ${program.endDate}`);
      }
      if (input.endDate && input.endDate > program.endDate) {
        throw UserInputError.of(UserErrorCode.INVALID, ['input', 'endDate'], `The program ends on ${program.endDate}`);
      }
      const lastDay = input.endDate ?? program.endDate;
      const studentIds = rows.map((r) => r.studentId);

      const visible = new Set((await findVisibleStudents(ctx, studentIds, em)).map((s) => s.id));
      const placementIds = rows.flatMap((r) => (r.tierPlacementId ? [r.tierPlacementId] : []));
      const placements = new Map(
        (placementIds.length ? await em.findBy(TierPlacementEntity, { id: In(placementIds) }) : []).map((p) => [p.id, p]),
      );
      const plans = await this.interventionPlans(em, rows.flatMap((r) => (r.interventionPlanId ? [r.interventionPlanId] : [])));
      const elsewhere = await em.query(
        `SELECT a.student_id, a.start_date, COALESCE(a.end_date, $5::date) AS last_day, g.name
           FROM tutoring_assignment a JOIN tutoring_group g ON g.id = a.group_id
          WHERE g.program_id = $1 AND a.student_id = ANY($2::uuid[])
            AND a.start_date <= $4::date AND COALESCE(a.end_date, $5::date) >= $3::date`,
        [program.id, studentIds, input.startDate, lastDay, program.endDate],
      );
      rows.forEach((row, i) => {
        if (!visible.has(row.studentId)) {
          errors.push({ code: UserErrorCode.NOT_FOUND, field: rowField(i, 'studentId'), message: 'No such student' });
          return;
        }
        const clash = elsewhere.find((a: { student_id: string }) => a.student_id === row.studentId);
        if (clash) {
          errors.push({
            code: UserErrorCode.CONFLICT,
            field: rowField(i, 'studentId'),
            message: `The student is in group ${clash.name} of this program from ${clash.start_date} to ${clash.last_day}; a student is in one group of a program at a time`,
          });
        }
        if (row.tierPlacementId) {
          const placement = placements.get(row.tierPlacementId);
          if (!placement || placement.studentId !== row.studentId) {
            errors.push({ code: UserErrorCode.NOT_FOUND, field: rowField(i, 'tierPlacementId'), message: "No such placement of this student" });
          } else if (placement.domain !== group.subject || placement.tier < MIN_PLACEMENT_TIER_FOR_LINK) {
            errors.push({ code: UserErrorCode.INVALID, field: rowField(i, 'tierPlacementId'), message: `Link a Tier 2 or 3 placement in ${group.subject}` });
          }
        }
        if (row.interventionPlanId) {
          const plan = plans.get(row.interventionPlanId);
          if (!plan || plan.studentId !== row.studentId) {
            errors.push({ code: UserErrorCode.NOT_FOUND, field: rowField(i, 'interventionPlanId'), message: 'No such intervention plan of this student' });
          } else if (plan.domain !== group.subject) {
            errors.push({ code: UserErrorCode.INVALID, field: rowField(i, 'interventionPlanId'), message: `Link a plan in ${group.subject}` });
          }
        }
      });
      if (errors.length) throw new UserInputError(errors);

      const { peak, on } = await peakAssigned(em, group.id, input.startDate, lastDay, program.endDate);
      if (peak + rows.length > group.capacity) {
        throw UserInputError.of(
          UserErrorCode.CONFLICT,
          ['input', 'students'],
          `The group holds ${peak} of its ${group.capacity} places on ${on ?? input.startDate}; ${rows.length} more would go over capacity`,
        );
      }
      const created = rows.map((row) =>
        em.create(TutoringAssignmentEntity, {
          groupId: group.id,
          studentId: row.studentId,
          startDate: input.startDate,
          endDate: input.endDate ?? null,
          reason: row.reason,
          tierPlacementId: row.tierPlacementId,
          interventionPlanId: row.interventionPlanId,
          endReason: null,
          createdBy: ctx.viewer.userId,
        }),
      );
      await em.save(TutoringAssignmentEntity, created);
      await recordAudits(em, ctx, created.map((a) => ({
        action: 'tutoring_assignment.create',
        entityType: 'TutoringAssignment',
        entityId: a.id,
        studentId: a.studentId,
        after: a,
      })));
      return { tutoringAssignments: created };
    });
  }

  /**
   * Ends an assignment on its last day (the row is kept as history). It can end earlier than
   * planned but not before attendance already recorded under it, and not be extended once ended
   * (assign the student again: the capacity and one-group rules are checked then).
   */
  async end(ctx: ViewerContext, input: TutoringAssignmentEndInput): Promise<{ tutoringAssignment: TutoringAssignmentEntity }> {
    const id = expectGlobalId(input.id, 'TutoringAssignment', 'input.id');
    return ctx.db.transaction(async (em) => {
      const found = await em.findOneBy(TutoringAssignmentEntity, { id });
      const visible = found ? await findVisibleStudents(ctx, [found.studentId], em) : [];
      if (!found || visible.length === 0) throw UserInputError.of(UserErrorCode.NOT_FOUND, ['input', 'id'], 'No such tutoring assignment');
      const group = await em.findOneByOrFail(TutoringGroupEntity, { id: found.groupId });
      assertAssignmentManageable(ctx, group, ['input', 'id']);
      const program = await lockProgram(em, group.programId, ['input', 'id']);
      const assignment = await em.findOneByOrFail(TutoringAssignmentEntity, { id });
      if (input.endDate < assignment.startDate) {
        throw UserInputError.of(UserErrorCode.INVALID, ['input', 'endDate'], `The assignment starts on ${assignment.startDate}`);
      }
      if (input.endDate > (assignment.endDate ?? program.endDate)) {
        throw UserInputError.of(UserErrorCode.INVALID, ['input', 'endDate'], `The assignment runs until ${assignment.endDate ?? program.endDate}; assign the student again to extend it`);
      }
      const [{ last }] = await em.query(
        `SELECT max(s.session_date) AS last FROM tutoring_attendance att JOIN tutoring_session s ON s.id = att.session_id WHERE att.assignment_id = $1`,
        [id],
      );
      if (last && last > input.endDate) {
        throw UserInputError.of(UserErrorCode.INVALID, ['input', 'endDate'], `Attendance is recorded under this assignment on ${last}`);
      }
      const before = { ...assignment };
      assignment.endDate = input.endDate;
      assignment.endReason = input.endReason ?? null;
      await em.save(TutoringAssignmentEntity, assignment);
      await recordAudit(em, ctx, { action: 'tutoring_assignment.end', entityType: 'TutoringAssignment', entityId: id, studentId: assignment.studentId, before, after: assignment });
      return { tutoringAssignment: assignment };
    });
  }

  /** Assignments of students already known to be visible, newest first. */
  ofStudents(ctx: ViewerContext, studentIds: readonly string[]): Promise<TutoringAssignmentEntity[]> {
    return ctx.db.manager.find(TutoringAssignmentEntity, { where: { studentId: In([...studentIds]) }, order: { startDate: 'DESC', createdAt: 'DESC' } });
  }

  /** Assignments of these groups whose students the viewer may see; only those in force on `activeOn` when given. */
  async visibleOfGroups(ctx: ViewerContext, groupIds: readonly string[], activeOn: string | null): Promise<TutoringAssignmentEntity[]> {
    const qb = ctx.db.manager
      .createQueryBuilder(TutoringAssignmentEntity, 'a')
      .innerJoin(TutoringGroupEntity, 'g', 'g.id = a.group_id')
      .innerJoin('tutoring_program', 'p', 'p.id = g.program_id')
      .innerJoin('student', 'st', 'st.id = a.student_id AND st.deleted_at IS NULL')
      .where('a.group_id IN (:...groupIds)', { groupIds });
    if (activeOn) qb.andWhere(assignmentActiveOn('a', 'p', ':activeOn'), { activeOn });
    scopeToViewer(qb, ctx, 'a.student_id');
    return qb.orderBy('st.family_name').addOrderBy('st.given_name').addOrderBy('a.start_date').getMany();
  }

  /** Intervention plans by id (the interventions module's table, read for links only). */
  private async interventionPlans(em: EntityManager, ids: string[]): Promise<Map<string, { studentId: string; domain: string }>> {
    if (ids.length === 0) return new Map();
    const rows: { id: string; student_id: string; domain: string }[] = await em.query(
      'SELECT id, student_id, domain FROM intervention_plan WHERE id = ANY($1::uuid[])',
      [ids],
    );
    return new Map(rows.map((r) => [r.id, { studentId: r.student_id, domain: r.domain }]));
  }
}

export const tutoringAssignmentService = new TutoringAssignmentService();
