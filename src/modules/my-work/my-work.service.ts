import { StaffRole, isDistrictRole } from '../../common/auth/roles';
import { addDays } from '../../common/dates';
import { forbidden } from '../../common/errors';
import type { ConnectionShape } from '../../common/graphql/connection';
import { expectGlobalId } from '../../common/graphql/global-id';
import type { ViewerContext } from '../../context';
import { MEETING_CADENCE_WEEKS } from '../indicators/families/meetings';
import type { FollowUpTaskEntity } from '../meetings/meeting.entities';
import { meetingService } from '../meetings/meeting.service';
import { plansPastReview } from '../queues/mtss-queues';
import { actionDueItems, schoolsOfOwnedCases, staleCaseItems, triggeredItems, type CaseOwnership } from './attendance-work';
import { indicatorsOffTarget, staleSchools } from './district-work';
import {
  caseloadStudentIds,
  flaggedItems,
  newlyFlaggedSince,
  planQueues,
  plansDeliveredBy,
  sessionsToLog,
  supportGapItems,
  visibleStudentsAt,
} from './mtss-work';
import { MyWorkKind } from './my-work.types';
import { belowDosageInGroups, groupsToLogToday, groupsTutoredBy, schoolTutoringItems } from './tutoring-work';
import { pageOfWork, type WorkItem } from './work-item';

/** The roles whose work a viewer does. Today a staff user has one role; the lists of several roles add up. */
const rolesOf = (ctx: ViewerContext): StaffRole[] => [ctx.viewer.role];

const FOLLOW_UP_PAGE = 100;

export interface MeetingAgenda {
  schoolId: string;
  lastMeetingId: string | null;
  lastMeetingOn: string | null;
  nextMeetingBy: string;
  flaggedSinceLastMeeting: WorkItem[];
  plansDueForReview: WorkItem[];
  casesToReview: WorkItem[];
}

/**
 * "My work": each role's to-do list for today, assembled from the rules of the modules (the MTSS,
 * attendance and tutoring queues, meetings' follow-ups, the indicators), never restated here, so a
 * student who counts against an indicator is on somebody's list. Every student-level rule runs
 * through the viewer's student scope; lists built from a whole school are then kept to the
 * viewer's own students, plans, groups and cases.
 */
export class MyWorkService {
  async myWork(ctx: ViewerContext, kinds: MyWorkKind[] | undefined, first?: number | null, after?: string | null): Promise<ConnectionShape<WorkItem>> {
    const items = (await Promise.all(rolesOf(ctx).map((role) => this.itemsFor(ctx, role)))).flat();
    const wanted = kinds?.length ? items.filter((i) => kinds.includes(i.kind)) : items;
    await this.fillSchools(ctx, wanted);
    return pageOfWork(wanted, first, after);
  }

  private async itemsFor(ctx: ViewerContext, role: StaffRole): Promise<WorkItem[]> {
    const followUps = this.followUps(ctx);
    switch (role) {
      case StaffRole.TEACHER:
      case StaffRole.INTERVENTIONIST:
        return (await Promise.all([this.deliveryItems(ctx), this.ownedCaseItems(ctx), followUps])).flat();
      case StaffRole.TUTOR: {
        const groups = await groupsTutoredBy(ctx);
        return [...groupsToLogToday(ctx, groups), ...(await belowDosageInGroups(ctx, groups)), ...(await followUps)];
      }
      case StaffRole.COUNSELOR:
        return (await Promise.all([this.attendanceTeamItems(ctx, { kind: 'owner', ownerId: ctx.viewer.userId }), followUps])).flat();
      case StaffRole.SCHOOL_ADMIN:
        return (await Promise.all([this.schoolQueues(ctx, ctx.viewer.schoolIds), followUps])).flat();
      case StaffRole.DISTRICT_LEAD:
      case StaffRole.DISTRICT_ADMIN:
        return (await Promise.all([indicatorsOffTarget(ctx), staleSchools(ctx), followUps])).flat();
    }
  }

  /**
   * A deliverer's list (teacher, interventionist): sessions due today, progress points and reviews
   * of the plans they deliver, and caseload students newly flagged by a screening rule.
   */
  private async deliveryItems(ctx: ViewerContext): Promise<WorkItem[]> {
    const plans = await plansDeliveredBy(ctx);
    const planSchools = new Map(plans.map((p) => [p.id, p.schoolId]));
    const [sessions, planItems, flagged] = await Promise.all([
      sessionsToLog(ctx, plans),
      planQueues(ctx, [...new Set(plans.map((p) => p.studentId))], planSchools),
      caseloadStudentIds(ctx).then((ids) => flaggedItems(ctx, ids, newlyFlaggedSince(ctx))),
    ]);
    return [...sessions, ...planItems, ...flagged];
  }

  /** Cases anyone owns (a teacher may own one) need their actions and a recent one. */
  private async ownedCaseItems(ctx: ViewerContext): Promise<WorkItem[]> {
    const owner: CaseOwnership = { kind: 'owner', ownerId: ctx.viewer.userId };
    const schools = await schoolsOfOwnedCases(ctx);
    return (await Promise.all(schools.flatMap((id) => [staleCaseItems(ctx, id, owner), actionDueItems(ctx, id, owner)]))).flat();
  }

  /** The attendance team at each of the viewer's schools: suggested cases, and the cases of `owner`. */
  private async attendanceTeamItems(ctx: ViewerContext, owner: CaseOwnership): Promise<WorkItem[]> {
    const perSchool = ctx.viewer.schoolIds.flatMap((id) => [triggeredItems(ctx, id), staleCaseItems(ctx, id, owner), actionDueItems(ctx, id, owner)]);
    return (await Promise.all(perSchool)).flat();
  }

  /**
   * The queues of the admin's (MTSS coordinator's) schools from every module. The MTSS rules take
   * the students of all of them at once (their items get the student's school from fillSchools);
   * the attendance and tutoring queues are written for one school each.
   */
  private async schoolQueues(ctx: ViewerContext, schoolIds: string[]): Promise<WorkItem[]> {
    const students = await visibleStudentsAt(ctx, schoolIds);
    const school: CaseOwnership = { kind: 'school' };
    const parts = await Promise.all([
      flaggedItems(ctx, students),
      planQueues(ctx, students),
      ...schoolIds.flatMap((id) => [
        supportGapItems(ctx, id),
        triggeredItems(ctx, id),
        staleCaseItems(ctx, id, school),
        actionDueItems(ctx, id, school),
        schoolTutoringItems(ctx, id),
      ]),
    ]);
    return parts.flat();
  }

  /** Open follow-up tasks assigned to the viewer (restricted ones included: they are the owner). */
  private async followUps(ctx: ViewerContext): Promise<WorkItem[]> {
    const tasks: FollowUpTaskEntity[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await meetingService.listFollowUps(ctx, { mine: true, openOnly: true }, FOLLOW_UP_PAGE, after);
      tasks.push(...page.nodes);
      if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor) break;
      after = page.pageInfo.endCursor;
    }
    return tasks.map((task) => ({
      kind: MyWorkKind.FOLLOW_UP_DUE,
      studentId: task.studentId,
      schoolId: null,
      reason: `${task.restricted ? 'Restricted follow-up' : 'Follow-up'} from the team meeting of ${task.assignedOn}: ${task.description}`,
      dueDate: task.dueDate,
      subject: { type: 'FollowUpTask', id: task.id },
      priority: task.dueDate < ctx.today ? 1 : 3,
    }));
  }

  /** The school of items whose rule does not name one: the student's school today. */
  private async fillSchools(ctx: ViewerContext, items: WorkItem[]): Promise<void> {
    const missing = [...new Set(items.filter((i) => !i.schoolId && i.studentId).map((i) => i.studentId!))];
    if (missing.length === 0) return;
    const rows: { studentId: string; schoolId: string }[] = await ctx.db.query(
      `SELECT DISTINCT ON (student_id) student_id AS "studentId", school_id AS "schoolId" FROM enrollment
        WHERE student_id = ANY($1::uuid[]) AND entry_date <= $2 AND (exit_date IS NULL OR exit_date >= $2)
        ORDER BY student_id, entry_date DESC`,
      [missing, ctx.today],
    );
    const schoolOf = new Map(rows.map((r) => [r.studentId, r.schoolId]));
    for (const item of items) if (!item.schoolId && item.studentId) item.schoolId = schoolOf.get(item.studentId) ?? null;
  }

  /**
   * The next MTSS team meeting's agenda at a school: students flagged since the last MTSS meeting
   * with no plan, plans whose review date falls by the next meeting (the last one plus the
   * district's cadence, MEETING_CADENCE_WEEKS, or today when that date has passed), and attendance
   * cases gone quiet or with a next step due. School staff name one of their own schools.
   */
  async meetingAgenda(ctx: ViewerContext, schoolGlobalId: string): Promise<MeetingAgenda> {
    const schoolId = expectGlobalId(schoolGlobalId, 'School', 'schoolId');
    if (!isDistrictRole(ctx.viewer.role) && !ctx.viewer.schoolIds.includes(schoolId)) throw forbidden('You see the agendas of your own schools only');
    const [last] = (await ctx.db.query(
      `SELECT id, held_on AS "heldOn" FROM team_meeting WHERE school_id = $1 AND kind = 'MTSS' AND held_on <= $2 ORDER BY held_on DESC, id LIMIT 1`,
      [schoolId, ctx.today],
    )) as { id: string; heldOn: string }[];
    const expected = last ? addDays(last.heldOn, 7 * MEETING_CADENCE_WEEKS) : ctx.today;
    const nextMeetingBy = expected < ctx.today ? ctx.today : expected;
    const students = await visibleStudentsAt(ctx, [schoolId]);
    const school: CaseOwnership = { kind: 'school' };
    const [flagged, dueForReview, stale, actions] = await Promise.all([
      flaggedItems(ctx, students, last?.heldOn),
      // The past-review rule as of the day after the next meeting: reviews due by then.
      plansPastReview(ctx.db.manager, students, addDays(nextMeetingBy, 1)),
      staleCaseItems(ctx, schoolId, school),
      actionDueItems(ctx, schoolId, school),
    ]);
    const withSchool = (items: WorkItem[]) => items.map((i) => ({ ...i, schoolId }));
    return {
      schoolId,
      lastMeetingId: last?.id ?? null,
      lastMeetingOn: last?.heldOn ?? null,
      nextMeetingBy,
      flaggedSinceLastMeeting: withSchool(flagged),
      plansDueForReview: dueForReview.map((row) => ({
        kind: MyWorkKind.PLAN_PAST_REVIEW,
        studentId: row.studentId,
        schoolId,
        reason: row.dueDate && row.dueDate >= ctx.today ? `Plan review due ${row.dueDate}, by the next meeting` : row.reason,
        dueDate: row.dueDate,
        subject: { type: 'InterventionPlan', id: row.planId! },
        priority: 3,
      })),
      casesToReview: withSchool([...actions, ...stale]),
    };
  }
}

export const myWorkService = new MyWorkService();
