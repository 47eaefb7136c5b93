import { addDays } from '../../common/dates';
import type { ViewerContext } from '../../context';
import {
  overdueActionsSql,
  scopedQueue,
  staleCasesSql,
  triggeredWithoutCaseSql,
  type OverdueActionRow,
  type StaleCaseRow,
  type TriggeredStudentRow,
} from '../attendance/attendance-queues';
import { namedQuery } from '../tutoring/tutoring-sql';
import { MyWorkKind } from './my-work.types';
import type { WorkItem } from './work-item';

/** "Due soon": next steps due within the next three days are listed with the overdue ones. */
export const ACTION_DUE_SOON_DAYS = 3;

/** Whose cases: every case of the school (the school team), or only the viewer's own. */
export type CaseOwnership = { kind: 'school' } | { kind: 'owner'; ownerId: string };

/**
 * Runs one of the attendance team's queue statements (attendance-queues.ts, the rules' one home)
 * through the queues' own scoping (`scopedQueue`), for case queues only the cases of `owner`.
 */
async function runQueue<Row>(ctx: ViewerContext, sql: string, params: Record<string, unknown>, owner?: CaseOwnership): Promise<Row[]> {
  const scoped = scopedQueue(ctx, sql, params, owner?.kind === 'owner' ? owner.ownerId : undefined);
  return namedQuery<Row>(ctx.db.manager, scoped.sql, scoped.params);
}

function triggerWords(row: TriggeredStudentRow): string {
  const fired = [
    row.severe ? 'severely chronically absent' : row.chronic ? 'chronically absent' : row.atRisk ? 'at risk of chronic absence' : null,
    row.monthOne ? 'the first-month absence trigger' : null,
    row.monthTwo ? 'the second-month absence trigger' : null,
  ].filter(Boolean);
  return fired.join(', ');
}

const percent = (n: number, d: number) => (d > 0 ? `${Math.round((1000 * n) / d) / 10}%` : 'no days');

/** Students at the school above attendance Tier 1 with no open case (the suggested cases). */
export async function triggeredItems(ctx: ViewerContext, schoolId: string): Promise<WorkItem[]> {
  const period = await ctx.loaders.attendance.period(null, null);
  const rows = await runQueue<TriggeredStudentRow>(ctx, triggeredWithoutCaseSql({ bySchool: true }), { schoolId, fromDate: period.from, toDate: ctx.today });
  return rows.map((row) => ({
    kind: MyWorkKind.ATTENDANCE_TRIGGERED_WITHOUT_CASE,
    studentId: row.studentId,
    schoolId: row.schoolId,
    reason: `Attendance Tier ${row.tier}: absent ${row.absences} of ${row.daysEnrolled} days enrolled since ${period.from} (${percent(row.absences, row.daysEnrolled)}), ${triggerWords(row)}; no open attendance case`,
    dueDate: ctx.today,
    subject: { type: 'Student', id: row.studentId },
    priority: 4 - row.tier,
  }));
}

/** Open cases with no action in the district's stale-case days. */
export async function staleCaseItems(ctx: ViewerContext, schoolId: string, owner: CaseOwnership): Promise<WorkItem[]> {
  const staleDays = (await ctx.loaders.attendance.settings()).staleCaseDays;
  const rows = await runQueue<StaleCaseRow>(ctx, staleCasesSql({ bySchool: true }), { schoolId, staleDays, toDate: ctx.today }, owner);
  return rows.map((row) => {
    const lastActivity = addDays(ctx.today, -row.daysSinceActivity);
    return {
      kind: MyWorkKind.ATTENDANCE_CASE_STALE,
      studentId: row.studentId,
      schoolId: row.schoolId,
      reason: row.lastActionOn
        ? `No action on this attendance case since ${row.lastActionOn} (${row.daysSinceActivity} days; cases need one every ${staleDays})`
        : `No action on this attendance case since it opened on ${lastActivity} (${row.daysSinceActivity} days; cases need one every ${staleDays})`,
      dueDate: addDays(lastActivity, staleDays),
      subject: { type: 'AttendanceCase', id: row.caseId },
      priority: 2,
    };
  });
}

/**
 * Next steps overdue or due within {@link ACTION_DUE_SOON_DAYS} days with no later action: the
 * overdue-actions rule run as of the end of that horizon.
 */
export async function actionDueItems(ctx: ViewerContext, schoolId: string, owner: CaseOwnership): Promise<WorkItem[]> {
  const horizon = addDays(ctx.today, ACTION_DUE_SOON_DAYS + 1);
  const rows = await runQueue<OverdueActionRow & { nextStep: string | null }>(
    ctx,
    `SELECT o.*, na.next_step AS "nextStep" FROM (${overdueActionsSql({ bySchool: true })}) o JOIN attendance_action na ON na.id = o."actionId"`,
    { schoolId, toDate: horizon },
    owner,
  );
  return rows.map((row) => {
    const step = row.nextStep ? `"${row.nextStep}"` : 'The next step';
    const days = Math.abs(Math.round((Date.parse(ctx.today) - Date.parse(row.nextStepDue)) / 86_400_000));
    const when = row.nextStepDue < ctx.today
      ? `was due ${row.nextStepDue} (${days} day${days === 1 ? '' : 's'} overdue)`
      : row.nextStepDue === ctx.today ? 'is due today' : `is due ${row.nextStepDue} (in ${days} day${days === 1 ? '' : 's'})`;
    return {
      kind: MyWorkKind.ATTENDANCE_ACTION_DUE,
      studentId: row.studentId,
      schoolId: row.schoolId,
      reason: `${step} ${when}, with no action logged on the case since`,
      dueDate: row.nextStepDue,
      subject: { type: 'AttendanceCase', id: row.caseId },
      priority: 1,
    };
  });
}

/** Schools where the viewer owns an open attendance case (a teacher may own one). */
export async function schoolsOfOwnedCases(ctx: ViewerContext): Promise<string[]> {
  const rows: { schoolId: string }[] = await ctx.db.query(
    `SELECT DISTINCT school_id AS "schoolId" FROM attendance_case WHERE owner_id = $1 AND status <> 'CLOSED'`,
    [ctx.viewer.userId],
  );
  return rows.map((r) => r.schoolId);
}
