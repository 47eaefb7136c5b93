import { studentScopeCondition } from '../../common/auth/student-scope';
import { badUserInput } from '../../common/errors';
import { pageSize, toConnection, type ConnectionShape } from '../../common/graphql/connection';
import type { ViewerContext } from '../../context';
import { attendanceStatusSql, instructionalDaysSql, isAbsenceSql } from './attendance-rules';
import { decodeRankCursor, runSql } from './attendance-sql';
import { attendanceTotalsCtes, earlyTriggerCtes } from './attendance-totals';

/*
 * The attendance team's queues. Each rule is one function returning one set-based statement (named
 * parameters :toDate, :fromDate, and :schoolId when `bySchool`), with a `schoolId` column, so the
 * indicators can count them per school or district-wide with the same rule the queues list.
 */

/** The school a queue is for, or every school (district-wide counts). */
export interface QueueScope {
  bySchool: boolean;
}

const schoolCondition = (column: string, scope: QueueScope) => (scope.bySchool ? `${column} = CAST(:schoolId AS uuid)` : 'true');

/**
 * Students who hit a trigger and have no open case: enrolled (at the school) on :toDate, placed
 * above Tier 1 by the rules of attendance-rules.ts over the school year to date (:fromDate is its
 * first day) across every school they attended, with no OPEN or MONITORING case this school year.
 * This is the "suggested case" list: cases are opened by people, never inserted silently.
 */
export function triggeredWithoutCaseSql(scope: QueueScope): string {
  return triggeredStudentsSql(scope, true);
}

/**
 * Students enrolled (at the school) on :toDate whose status over the school year to date is above
 * Tier 1; with `withoutOpenCase`, only those with no OPEN or MONITORING case this school year (the
 * queue). The first day a student appears here is the trigger day of attendance-totals.ts
 * `triggerResponseCtes` (tests/indicators/attendance-team-indicators.test.ts checks they agree).
 */
export function triggeredStudentsSql(scope: QueueScope, withoutOpenCase: boolean): string {
  const roster = ({ student }: { student: string }) => `${student} IN (SELECT student_id FROM att_roster)`;
  const status = attendanceStatusSql({
    daysEnrolled: 't.days_enrolled',
    absences: 't.absences',
    monthOneAbsences: 'coalesce(ea.month_one, 0)',
    monthTwoAbsences: 'coalesce(ea.month_two, 0)',
  });
  return `
    WITH att_roster AS (
      SELECT DISTINCT ON (e.student_id) e.student_id, e.school_id
        FROM enrollment e
       WHERE e.entry_date <= CAST(:toDate AS date) AND (e.exit_date IS NULL OR e.exit_date >= CAST(:toDate AS date))
         AND ${schoolCondition('e.school_id', scope)}
       ORDER BY e.student_id, e.entry_date DESC
    ),
    ${attendanceTotalsCtes({ grain: 'student', filter: roster, measures: 'absences' })},
    ${earlyTriggerCtes(roster)}
    SELECT t.student_id AS "studentId", ro.school_id AS "schoolId", t.days_enrolled AS "daysEnrolled", t.absences,
           ${status.chronic} AS chronic, ${status.severe} AS severe, ${status.atRisk} AS "atRisk",
           ${status.monthOne} AS "monthOne", ${status.monthTwo} AS "monthTwo", ${status.tier} AS tier,
           (${status.tier} + CASE WHEN t.days_enrolled > 0 THEN t.absences::numeric / t.days_enrolled ELSE 0 END) AS priority
      FROM att_totals t
      JOIN att_roster ro ON ro.student_id = t.student_id
      CROSS JOIN attendance_settings cfg
      LEFT JOIN att_early ea ON ea.student_id = t.student_id
     WHERE ${status.tier} >= 2
       AND ${withoutOpenCase ? `NOT EXISTS (SELECT 1 FROM attendance_case c
                        WHERE c.student_id = t.student_id AND c.status <> 'CLOSED' AND c.school_year_id = (SELECT id FROM att_year))` : 'true'}`;
}

/**
 * Open cases (OPEN or MONITORING) with no action in the last :staleDays days: the latest action, or
 * the opening when there is none yet (a case gets the same grace to receive its first action), is
 * more than :staleDays days before :toDate.
 */
export function staleCasesSql(scope: QueueScope): string {
  return `
    SELECT c.id AS "caseId", c.student_id AS "studentId", c.school_id AS "schoolId", la.last_on AS "lastActionOn",
           (CAST(:toDate AS date) - greatest(c.opened_on, coalesce(la.last_on, c.opened_on)))::int AS "daysSinceActivity"
      FROM attendance_case c
      LEFT JOIN LATERAL (SELECT max(a.action_date) AS last_on FROM attendance_action a WHERE a.case_id = c.id) la ON true
     WHERE c.status <> 'CLOSED' AND ${schoolCondition('c.school_id', scope)}
       AND greatest(c.opened_on, coalesce(la.last_on, c.opened_on)) < CAST(:toDate AS date) - CAST(:staleDays AS int)`;
}

/**
 * Actions past their due date: on an open case, a next step whose due date is before :toDate and
 * no action logged after it on the same case (later date, or same date logged later).
 */
export function overdueActionsSql(scope: QueueScope): string {
  return `
    SELECT a.id AS "actionId", a.case_id AS "caseId", a.student_id AS "studentId", c.school_id AS "schoolId", a.next_step_due AS "nextStepDue",
           (CAST(:toDate AS date) - a.next_step_due)::int AS "daysOverdue"
      FROM attendance_action a
      JOIN attendance_case c ON c.id = a.case_id
     WHERE c.status <> 'CLOSED' AND a.next_step_due < CAST(:toDate AS date) AND ${schoolCondition('c.school_id', scope)}
       AND NOT EXISTS (SELECT 1 FROM attendance_action b
                        WHERE b.case_id = a.case_id AND (b.action_date, b.created_at) > (a.action_date, a.created_at))`;
}

/**
 * The attendance team's intervention windows (the improved-after-an-intervention rule), for the
 * cases of some school years. `years` names a relation `(year_id, up_to)`: a school year and the
 * last day whose data is read. CTEs ending with `att_intervention`, one row per case of the year
 * whose first action (`first_on`, the earliest action_date of the case) is at least
 * improvement_window_days (default 30) before up_to, so both windows are closed by then:
 *
 * - the window before is the improvement_window_days days before the first action, the window after
 *   the same number of days after it (the action's own day is in neither);
 * - in each: days enrolled (instructional days in the student's enrollments, at any school) and
 *   absences (at any school);
 * - `judged`: both windows have the minimum days enrolled (`attendanceStatusSql` rated), as any rate
 *   does; `improved`: judged and the attendance rate (days enrolled minus absences, over days
 *   enrolled) after is above the rate before, compared in exact arithmetic;
 * - `closes_on`: the last day of the window after: a reader with an earlier date than up_to keeps
 *   the rows with closes_on <= its date.
 *
 * Each window reads its own student's enrollments and days once, by the enrollment student index
 * and attendance_day's key, with the windows in student order: the work grows with the windows,
 * not with the year's absences (a join hashed all of them). The plan does not rest on the windows'
 * row estimate (which can be one row): they are read in one pass with nothing joined back to them
 * (a join of their counts back to them, taken for one row, ran every probe once per window: 30,976
 * probes for 176 windows), and each probe's conditions leave one usable index, an equality on its
 * first column (the category is counted, not a condition, so the partial absence index, which
 * leads with the date, is never a candidate).
 *
 * `caseFilter` narrows the cases (given the case alias), e.g. to one school.
 */
export function interventionWindowsCtes(years: string, caseFilter: (c: string) => string = () => 'true'): string {
  const before = attendanceStatusSql({ daysEnrolled: 'en.before_days', absences: 'ab.before_absences' });
  const after = attendanceStatusSql({ daysEnrolled: 'en.after_days', absences: 'ab.after_absences' });
  const judged = `(${before.rated} AND ${after.rated})`;
  return `
  imp_windows AS MATERIALIZED (
    SELECT y.year_id, c.id AS case_id, c.student_id, c.school_id, min(a.action_date) AS first_on,
           min(a.action_date) - cfg.improvement_window_days AS before_from, min(a.action_date) - 1 AS before_to,
           min(a.action_date) + 1 AS after_from, min(a.action_date) + cfg.improvement_window_days AS after_to
      FROM ${years} y
      JOIN attendance_case c ON c.school_year_id = y.year_id
      JOIN attendance_action a ON a.case_id = c.id
      CROSS JOIN attendance_settings cfg
     WHERE ${caseFilter('c')}
     GROUP BY y.year_id, y.up_to, c.id, c.student_id, c.school_id, cfg.improvement_window_days
    HAVING min(a.action_date) + cfg.improvement_window_days <= y.up_to
     -- Probed in key order, each student's pages are read once.
     ORDER BY c.student_id
  ), imp_days AS (
    SELECT coalesce(array_agg(i.calendar_date ORDER BY i.calendar_date), '{}'::date[]) AS d
      FROM instructional_day i
     WHERE i.calendar_date BETWEEN (SELECT min(before_from) FROM imp_windows) AND (SELECT max(after_to) FROM imp_windows)
  ), att_intervention AS (
    SELECT w.year_id, w.case_id, w.student_id, w.school_id, w.first_on, w.after_to AS closes_on,
           en.before_days, ab.before_absences, en.after_days, ab.after_absences,
           ${judged} AS judged,
           ${judged} AND (en.after_days - ab.after_absences)::bigint * en.before_days
                       > (en.before_days - ab.before_absences)::bigint * en.after_days AS improved
      FROM imp_windows w
      CROSS JOIN imp_days
      CROSS JOIN attendance_settings cfg
      -- A window with no enrollment overlapping it gives no row (spans = 0).
      CROSS JOIN LATERAL (
        SELECT count(*) AS spans,
               sum(${instructionalDaysSql('imp_days.d', 'greatest(e.entry_date, w.before_from)', 'least(coalesce(e.exit_date, w.before_to), w.before_to)')})::int AS before_days,
               sum(${instructionalDaysSql('imp_days.d', 'greatest(e.entry_date, w.after_from)', 'least(coalesce(e.exit_date, w.after_to), w.after_to)')})::int AS after_days
          FROM enrollment e
         WHERE e.student_id = w.student_id AND e.entry_date <= w.after_to AND (e.exit_date IS NULL OR e.exit_date >= w.before_from)) en
      CROSS JOIN LATERAL (
        SELECT (count(*) FILTER (WHERE ${isAbsenceSql('a.category')} AND a.calendar_date <= w.before_to))::int AS before_absences,
               (count(*) FILTER (WHERE ${isAbsenceSql('a.category')} AND a.calendar_date >= w.after_from))::int AS after_absences
          FROM attendance_day a
         WHERE a.student_id = w.student_id AND a.calendar_date BETWEEN w.before_from AND w.after_to) ab
     WHERE en.spans > 0
  )`;
}

/**
 * Students whose attendance improved after an intervention: the cases of the school year of
 * :toDate whose windows closed by :toDate and whose attendance rate after the first action is above
 * the rate before it (`interventionWindowsCtes`, the rule the IMPROVED_AFTER_INTERVENTION indicator
 * counts).
 */
export function improvedAfterInterventionSql(scope: QueueScope): string {
  return `
    WITH imp_year AS (
      SELECT id AS year_id, CAST(:toDate AS date) AS up_to FROM school_year WHERE start_date <= CAST(:toDate AS date) ORDER BY start_date DESC LIMIT 1
    ), ${interventionWindowsCtes('imp_year', (c) => schoolCondition(`${c}.school_id`, scope))}
    SELECT w.case_id AS "caseId", w.student_id AS "studentId", w.school_id AS "schoolId", w.first_on AS "firstActionOn",
           w.before_days AS "beforeDays", w.before_absences AS "beforeAbsences",
           w.after_days AS "afterDays", w.after_absences AS "afterAbsences"
      FROM att_intervention w
     WHERE w.improved`;
}

export interface TriggeredStudentRow {
  studentId: string;
  schoolId: string;
  daysEnrolled: number;
  absences: number;
  chronic: boolean;
  severe: boolean;
  atRisk: boolean;
  monthOne: boolean;
  monthTwo: boolean;
  tier: number;
  /** Tier plus the absence rate: the queue's order, exact (numeric as text), and its cursor. */
  priority: string;
}

export interface StaleCaseRow {
  caseId: string;
  studentId: string;
  schoolId: string;
  lastActionOn: string | null;
  daysSinceActivity: number;
}

export interface OverdueActionRow {
  actionId: string;
  caseId: string;
  studentId: string;
  schoolId: string;
  nextStepDue: string;
  daysOverdue: number;
}

export interface ImprovementRow {
  caseId: string;
  studentId: string;
  schoolId: string;
  firstActionOn: string;
  beforeDays: number;
  beforeAbsences: number;
  afterDays: number;
  afterAbsences: number;
}

/**
 * Wraps a queue statement to keep the students the viewer may see (and not deleted ones), and with
 * `ownerId`, only the cases that person owns (the statement must have a "caseId" column).
 */
export function scopedQueue(
  ctx: ViewerContext,
  sql: string,
  params: Record<string, unknown>,
  ownerId?: string,
): { sql: string; params: Record<string, unknown> } {
  const scope = studentScopeCondition(ctx.viewer, ctx.today, 'q."studentId"');
  const owned = ownerId ? 'AND EXISTS (SELECT 1 FROM attendance_case oc WHERE oc.id = q."caseId" AND oc.owner_id = CAST(:caseOwnerId AS uuid))' : '';
  return {
    sql: `SELECT q.* FROM (${sql}) q
           WHERE ${scope ? scope.condition : 'true'} ${owned}
             AND EXISTS (SELECT 1 FROM student s WHERE s.id = q."studentId" AND s.deleted_at IS NULL)`,
    params: { ...params, ...(scope?.params ?? {}), ...(ownerId ? { caseOwnerId: ownerId } : {}) },
  };
}

export class AttendanceQueueService {
  async triggeredWithoutCase(
    ctx: ViewerContext,
    schoolId: string,
    fromDate: string,
    first?: number | null,
    after?: string | null,
  ): Promise<ConnectionShape<TriggeredStudentRow>> {
    const limit = pageSize(first);
    const cursor = decodeRankCursor(after);
    const { sql, params } = scopedQueue(ctx, triggeredWithoutCaseSql({ bySchool: true }), { schoolId, fromDate, toDate: ctx.today });
    const rows = await runSql<TriggeredStudentRow>(ctx.db.manager, `
      SELECT p.* FROM (${sql}) p
       ${cursor ? 'WHERE p.priority < CAST(:afterPriority AS numeric) OR (p.priority = CAST(:afterPriority AS numeric) AND p."studentId" > CAST(:afterId AS uuid))' : ''}
       ORDER BY p.priority DESC, p."studentId" LIMIT ${limit + 1}`,
      { ...params, ...(cursor ? { afterPriority: cursor.rank, afterId: cursor.studentId } : {}) },
    );
    return toConnection(rows, limit, (r) => [r.priority, r.studentId], (r) => r, async () => {
      const [{ count }] = await runSql<{ count: number }>(ctx.db.manager, `SELECT count(*)::int AS count FROM (${sql}) p`, params);
      return count;
    });
  }

  async staleCases(ctx: ViewerContext, schoolId: string, staleDays: number): Promise<StaleCaseRow[]> {
    if (!Number.isInteger(staleDays) || staleDays < 1 || staleDays > 365) throw badUserInput('days', 'must be from 1 to 365');
    const { sql, params } = scopedQueue(ctx, staleCasesSql({ bySchool: true }), { schoolId, staleDays, toDate: ctx.today });
    return runSql(ctx.db.manager, `${sql} ORDER BY q."daysSinceActivity" DESC, q."caseId"`, params);
  }

  async overdueActions(ctx: ViewerContext, schoolId: string): Promise<OverdueActionRow[]> {
    const { sql, params } = scopedQueue(ctx, overdueActionsSql({ bySchool: true }), { schoolId, toDate: ctx.today });
    return runSql(ctx.db.manager, `${sql} ORDER BY q."nextStepDue", q."actionId"`, params);
  }

  async improvedAfterIntervention(ctx: ViewerContext, schoolId: string): Promise<ImprovementRow[]> {
    const { sql, params } = scopedQueue(ctx, improvedAfterInterventionSql({ bySchool: true }), { schoolId, toDate: ctx.today });
    return runSql(ctx.db.manager, `${sql} ORDER BY q."firstActionOn", q."caseId"`, params);
  }
}

export const attendanceQueueService = new AttendanceQueueService();
