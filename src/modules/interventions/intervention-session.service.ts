import { In } from 'typeorm';
import { UserErrorCode } from '../../common/errors';
import { expectGlobalId } from '../../common/graphql/global-id';
import type { RequestContext, ViewerContext } from '../../context';
import { recordAudits } from '../audit/audit.service';
import { assertPlanWriter, lockPlans, planWriteRefusal } from './intervention-access';
import { Problems } from './problems';
import { InterventionPlanStatus } from './intervention-enums';
import type { InterventionPlanEntity } from './intervention-plan.entity';
import { InterventionSessionAttendanceEntity, InterventionSessionEntity } from './intervention-session.entity';
import type { InterventionSessionLogInput } from './intervention-session.inputs';

export const MAX_SESSION_MINUTES = 240;

export class InterventionSessionService {
  findByIds(ctx: RequestContext, ids: readonly string[]): Promise<InterventionSessionEntity[]> {
    return ctx.db.manager.findBy(InterventionSessionEntity, { id: In([...ids]) });
  }

  attendanceOf(ctx: RequestContext, sessionIds: readonly string[]): Promise<InterventionSessionAttendanceEntity[]> {
    return ctx.db.manager.find(InterventionSessionAttendanceEntity, { where: { sessionId: In([...sessionIds]) }, order: { id: 'ASC' } });
  }

  /**
   * Logs one delivered session for a group, in one transaction: the session row and one
   * attendance row per plan. Every row is checked and all problems are returned together, each
   * naming its field: minutes outside 1-240; a date after today or outside a plan's start..planned
   * end; a plan that is missing, not ACTIVE, listed twice, or not the viewer's to write (an
   * interventionist logs only for plans they deliver); an absent student without a reason. The
   * plans of one session share their interventionist and school (a group meets in one place).
   * The plans are locked FOR SHARE, so a plan cannot be closed while its session is being logged.
   */
  async log(ctx: ViewerContext, input: InterventionSessionLogInput): Promise<{ session: InterventionSessionEntity }> {
    assertPlanWriter(ctx, ['input']);
    const rowField = (i: number, key: string) => ['input', 'attendance', String(i), key];
    const planIds = input.attendance.map((row, i) => expectGlobalId(row.planId, 'InterventionPlan', `input.attendance[${i}].planId`));
    return ctx.db.transaction(async (em) => {
      const problems = new Problems();
      if (!Number.isInteger(input.minutes) || input.minutes < 1 || input.minutes > MAX_SESSION_MINUTES) {
        problems.invalid(['input', 'minutes'], `must be from 1 to ${MAX_SESSION_MINUTES}`);
      }
      if (input.date > ctx.today) problems.invalid(['input', 'date'], 'A session cannot be logged before it happens');

      const { plans, visibleStudentIds } = await lockPlans(ctx, em, [...new Set(planIds)], 'pessimistic_read');
      const firstRow = new Map<string, number>();
      const accepted: InterventionPlanEntity[] = [];
      input.attendance.forEach((row, i) => {
        const planId = planIds[i];
        if (firstRow.has(planId)) {
          problems.add(UserErrorCode.DUPLICATE, rowField(i, 'planId'), `The plan is already in attendance row ${firstRow.get(planId)}`);
          return;
        }
        firstRow.set(planId, i);
        if (!row.present && !row.absenceReason) problems.invalid(rowField(i, 'absenceReason'), 'Say why the student was absent');
        if (row.present && row.absenceReason) problems.invalid(rowField(i, 'absenceReason'), 'A student who was present has no absence reason');
        const plan = plans.get(planId);
        if (!plan) {
          problems.add(UserErrorCode.NOT_FOUND, rowField(i, 'planId'), 'No such intervention plan');
          return;
        }
        const refusal = planWriteRefusal(ctx, plan, visibleStudentIds.has(plan.studentId));
        if (refusal) {
          problems.add(refusal.code, rowField(i, 'planId'), refusal.message);
          return;
        }
        accepted.push(plan);
        if (plan.status !== InterventionPlanStatus.ACTIVE) {
          problems.invalid(rowField(i, 'planId'), `The plan is ${plan.status.toLowerCase()}`);
        } else if (input.date < plan.startDate || input.date > plan.plannedEndDate) {
          problems.invalid(['input', 'date'], `Attendance row ${i}: the plan runs from ${plan.startDate} to ${plan.plannedEndDate}`);
        }
      });
      // Only plans the viewer may write are compared, so a refusal says nothing more about the others.
      if (new Set(accepted.map((p) => p.interventionistId)).size > 1) {
        problems.invalid(['input', 'attendance'], 'The plans of one session must have the same interventionist');
      }
      if (new Set(accepted.map((p) => p.schoolId)).size > 1) problems.invalid(['input', 'attendance'], 'The plans of one session must be at the same school');
      problems.throwIfAny();

      const session = em.create(InterventionSessionEntity, {
        schoolId: accepted[0].schoolId,
        loggedBy: ctx.viewer.userId,
        interventionistId: accepted[0].interventionistId,
        sessionDate: input.date,
        minutes: input.minutes,
        note: input.note ?? null,
      });
      await em.save(InterventionSessionEntity, session);
      const rows = input.attendance.map((row, i) =>
        em.create(InterventionSessionAttendanceEntity, {
          sessionId: session.id,
          planId: planIds[i],
          studentId: plans.get(planIds[i])!.studentId,
          present: row.present,
          absenceReason: row.present ? null : row.absenceReason!,
        }),
      );
      await em.save(InterventionSessionAttendanceEntity, rows);
      await recordAudits(em, ctx, [
        { action: 'intervention_session.log', entityType: 'InterventionSession', entityId: session.id, after: session },
        ...rows.map((row) => ({
          action: 'intervention_session.attendance',
          entityType: 'InterventionSessionAttendance',
          entityId: row.id,
          studentId: row.studentId,
          after: row,
        })),
      ]);
      return { session };
    });
  }
}

export const interventionSessionService = new InterventionSessionService();

interface PlanSessionRow {
  id: string;
  school_id: string;
  logged_by: string;
  interventionist_id: string;
  session_date: string;
  minutes: number;
  note: string | null;
  created_at: Date;
  for_plan_id: string;
}

/**
 * The sessions of many plans, newest first, one page each (`limit` rows after the keyset
 * `cursor` [date, id]) in one query: a list of plans with their sessions costs one round trip.
 */
export async function sessionsOfPlans(
  ctx: RequestContext,
  planIds: readonly string[],
  limit: number,
  cursor: unknown[] | undefined,
): Promise<Map<string, InterventionSessionEntity[]>> {
  const params: unknown[] = [planIds, limit];
  let after = '';
  if (cursor) {
    params.push(cursor[0], cursor[1]);
    after = 'AND (s.session_date, s.id) < ($3::date, $4::uuid)';
  }
  const rows: PlanSessionRow[] = await ctx.db.query(
    `SELECT x.* FROM (
       SELECT s.id, s.school_id, s.logged_by, s.interventionist_id, s.session_date, s.minutes, s.note, s.created_at,
              a.plan_id AS for_plan_id,
              row_number() OVER (PARTITION BY a.plan_id ORDER BY s.session_date DESC, s.id DESC) AS rn
         FROM intervention_session_attendance a
         JOIN intervention_session s ON s.id = a.session_id
        WHERE a.plan_id = ANY($1::uuid[]) ${after}) x
      WHERE x.rn <= $2
      ORDER BY x.for_plan_id, x.rn`,
    params,
  );
  const byPlan = new Map<string, InterventionSessionEntity[]>(planIds.map((id) => [id, []]));
  for (const r of rows) {
    byPlan.get(r.for_plan_id)?.push(
      Object.assign(new InterventionSessionEntity(), {
        id: r.id,
        schoolId: r.school_id,
        loggedBy: r.logged_by,
        interventionistId: r.interventionist_id,
        sessionDate: r.session_date,
        minutes: r.minutes,
        note: r.note,
        createdAt: r.created_at,
      }),
    );
  }
  return byPlan;
}

/** How many sessions each plan has, for its connection's totalCount. */
export async function sessionCountsOfPlans(ctx: RequestContext, planIds: readonly string[]): Promise<Map<string, number>> {
  const rows: { plan_id: string; count: number }[] = await ctx.db.query(
    `SELECT plan_id, count(*)::int AS count FROM intervention_session_attendance WHERE plan_id = ANY($1::uuid[]) GROUP BY plan_id`,
    [planIds],
  );
  return new Map(rows.map((r) => [r.plan_id, r.count]));
}
