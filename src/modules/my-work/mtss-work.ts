import { addDays } from '../../common/dates';
import { MtssDomain } from '../../common/mtss';
import type { ViewerContext } from '../../context';
import { interventionDosageService } from '../interventions/dosage.service';
import { flaggedWithoutPlan, plansMissingProgress, plansPastReview, type MtssQueueRow } from '../queues/mtss-queues';
import { namedQuery, studentScopeSql } from '../tutoring/tutoring-sql';
import { tutoringChecksService } from '../tutoring/tutoring-checks.service';
import { MyWorkKind } from './my-work.types';
import type { WorkItem } from './work-item';

/** "Newly flagged": a screening flag from the last four weeks (one screening window's follow-up time). */
export const NEWLY_FLAGGED_DAYS = 28;

const domainWord = (domain: MtssDomain) => domain.toLowerCase().replace('_', '-');

interface DeliveredPlan {
  id: string;
  studentId: string;
  schoolId: string;
  startDate: string;
  plannedEndDate: string;
  sessionsPerWeek: number;
  loggedToday: boolean;
}

/**
 * The ACTIVE plans the viewer delivers, of students they may see (an interventionist's plan is
 * itself a way to see its student; a teacher or counselor may deliver plans too).
 */
export function plansDeliveredBy(ctx: ViewerContext): Promise<DeliveredPlan[]> {
  const scope = studentScopeSql(ctx, 'p.student_id');
  return namedQuery<DeliveredPlan>(
    ctx.db.manager,
    `SELECT p.id, p.student_id AS "studentId", p.school_id AS "schoolId", p.start_date AS "startDate",
            p.planned_end_date AS "plannedEndDate", p.sessions_per_week AS "sessionsPerWeek",
            EXISTS (SELECT 1 FROM intervention_session_attendance a JOIN intervention_session s ON s.id = a.session_id
                     WHERE a.plan_id = p.id AND s.session_date = :today::date) AS "loggedToday"
       FROM intervention_plan p
       JOIN student st ON st.id = p.student_id AND st.deleted_at IS NULL
      WHERE p.interventionist_id = :deliveredBy AND p.status = 'ACTIVE' AND ${scope.sql}`,
    { ...scope.params, deliveredBy: ctx.viewer.userId, today: ctx.today },
  );
}

/** Whether `date` is a day of instruction on the district calendar. */
export async function isInstructionalDay(ctx: ViewerContext, date: string): Promise<boolean> {
  const rows = await ctx.db.query('SELECT 1 FROM instructional_day WHERE calendar_date = $1', [date]);
  return rows.length > 0;
}

/**
 * Plans whose schedule calls for a session today that is not logged. A plan of N sessions a week
 * plans N/5 of a session per instructional day (the dosage rule, interventions/dosage.ts); a
 * session is due today when, on an instructional day within the plan's dates, the sessions planned
 * up to today (rounded up) exceed those logged, and none is logged today. Three a week thus asks
 * for a session on three days of five, whichever days the interventionist keeps.
 */
export async function sessionsToLog(ctx: ViewerContext, plans: DeliveredPlan[]): Promise<WorkItem[]> {
  const running = plans.filter((p) => p.startDate <= ctx.today && p.plannedEndDate >= ctx.today && !p.loggedToday);
  if (running.length === 0 || !(await isInstructionalDay(ctx, ctx.today))) return [];
  const dosage = await interventionDosageService.forPlans(ctx, running.map((p) => p.id), ctx.today);
  return running.flatMap((plan) => {
    const d = dosage.get(plan.id);
    if (!d) return [];
    const logged = d.sessionsDelivered + d.sessionsMissed;
    const due = Math.ceil(d.sessionsPlanned - 1e-9);
    if (due <= logged) return [];
    return [{
      kind: MyWorkKind.INTERVENTION_SESSION_TO_LOG,
      studentId: plan.studentId,
      schoolId: plan.schoolId,
      reason: `${plan.sessionsPerWeek} sessions a week planned: ${d.sessionsPlanned} due over ${d.schoolDays} school days since ${plan.startDate}, ${logged} logged; none logged today`,
      dueDate: ctx.today,
      subject: { type: 'InterventionPlan', id: plan.id },
      priority: 1,
    }];
  });
}

const planItem = (kind: MyWorkKind, priority: number, schoolOf: Map<string, string>) => (row: MtssQueueRow): WorkItem => ({
  kind,
  studentId: row.studentId,
  schoolId: row.planId ? schoolOf.get(row.planId) ?? null : null,
  reason: row.reason,
  dueDate: row.dueDate,
  subject: row.planId ? { type: 'InterventionPlan', id: row.planId } : { type: 'Student', id: row.studentId },
  priority,
});

/**
 * The MTSS queue rules (queues/mtss-queues.ts) over a set of students: plans missing progress
 * data and plans past review, kept to `planIds` when given (an interventionist's own plans).
 */
export async function planQueues(ctx: ViewerContext, studentIds: string[], planIds?: Map<string, string>): Promise<WorkItem[]> {
  const em = ctx.db.manager;
  const [missing, pastReview] = await Promise.all([plansMissingProgress(em, studentIds, ctx.today), plansPastReview(em, studentIds, ctx.today)]);
  const keep = (row: MtssQueueRow) => !planIds || (row.planId !== null && planIds.has(row.planId));
  const schools = planIds ?? new Map<string, string>();
  return [
    ...missing.filter(keep).map(planItem(MyWorkKind.PROGRESS_POINT_DUE, 2, schools)),
    ...pastReview.filter(keep).map(planItem(MyWorkKind.PLAN_PAST_REVIEW, 3, schools)),
  ];
}

/** Screening flags without a plan (queues/mtss-queues.ts), only those since `since` when given. */
export async function flaggedItems(ctx: ViewerContext, studentIds: string[], since?: string): Promise<WorkItem[]> {
  const rows = await flaggedWithoutPlan(ctx.db.manager, studentIds, ctx.today);
  return rows
    .filter((row) => !since || (row.dueDate !== null && row.dueDate > since))
    .map((row) => ({
      kind: MyWorkKind.FLAGGED_WITHOUT_PLAN,
      studentId: row.studentId,
      schoolId: null,
      reason: row.reason,
      dueDate: row.dueDate,
      subject: { type: 'Student', id: row.studentId },
      priority: 4,
    }));
}

/** "Newly": flagged by a screening in the last {@link NEWLY_FLAGGED_DAYS} days. */
export const newlyFlaggedSince = (ctx: ViewerContext) => addDays(ctx.today, -NEWLY_FLAGGED_DAYS);

/**
 * Tier 2/3 students in reading or math with neither a plan nor tutoring in that domain (the
 * tutoring checks' support gaps, the rule behind the ACADEMIC_TIER23_SUPPORTED indicator).
 */
export async function supportGapItems(ctx: ViewerContext, schoolId: string): Promise<WorkItem[]> {
  const gaps = await tutoringChecksService.supportGaps(ctx, { kind: 'school', schoolId });
  if (gaps.length === 0) return [];
  const since = new Map(
    (await ctx.db.query(`SELECT id, start_date AS "startDate" FROM tier_placement WHERE id = ANY($1::uuid[])`, [gaps.map((g) => g.placementId)]) as { id: string; startDate: string }[]).map(
      (r) => [r.id, r.startDate],
    ),
  );
  return gaps.map((gap) => ({
    kind: MyWorkKind.TIER_WITHOUT_SUPPORT,
    studentId: gap.studentId,
    schoolId,
    reason: `Tier ${gap.tier} in ${domainWord(gap.domain)} since ${since.get(gap.placementId)} with no active ${domainWord(gap.domain)} plan and no ${domainWord(gap.domain)} tutoring`,
    dueDate: since.get(gap.placementId) ?? null,
    subject: { type: 'Student', id: gap.studentId },
    priority: 4 - gap.tier,
  }));
}

/** Students on the viewer's caseload today that they may see. */
export async function caseloadStudentIds(ctx: ViewerContext): Promise<string[]> {
  const rows: { id: string }[] = await ctx.db.query(
    `SELECT DISTINCT ca.student_id AS id FROM caseload_assignment ca JOIN student s ON s.id = ca.student_id AND s.deleted_at IS NULL
      WHERE ca.staff_user_id = $1 AND ca.start_date <= $2 AND (ca.end_date IS NULL OR ca.end_date >= $2)`,
    [ctx.viewer.userId, ctx.today],
  );
  return rows.map((r) => r.id);
}

/** Students enrolled today at one of `schoolIds` that the viewer may see. */
export async function visibleStudentsAt(ctx: ViewerContext, schoolIds: string[]): Promise<string[]> {
  if (schoolIds.length === 0) return [];
  const scope = studentScopeSql(ctx, 'e.student_id');
  const rows = await namedQuery<{ id: string }>(
    ctx.db.manager,
    `SELECT DISTINCT e.student_id AS id FROM enrollment e JOIN student s ON s.id = e.student_id AND s.deleted_at IS NULL
      WHERE e.school_id = ANY(:atSchools::uuid[]) AND e.entry_date <= :today::date AND (e.exit_date IS NULL OR e.exit_date >= :today::date)
        AND ${scope.sql}`,
    { ...scope.params, atSchools: schoolIds, today: ctx.today },
  );
  return rows.map((r) => r.id);
}
