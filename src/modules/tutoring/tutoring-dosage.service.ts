import type { EntityManager } from 'typeorm';
import { addDays } from '../../common/dates';
import type { ViewerContext } from '../../context';
import { CHECK_WINDOW_DAYS, K3_HIGHEST_GRADE, SCHOOL_DAYS_PER_WEEK } from './tutoring-standards';
import { namedQuery, studentScopeSql } from './tutoring-sql';

/** A student's tutoring dosage in one program over a window (see {@link DOSAGE_SQL}). */
export interface TutoringDosage {
  studentId: string;
  programId: string;
  /** The part of the window the student was assigned: the later of the window start and the first assignment day, ... */
  fromDate: string;
  /** ... to the earlier of the window end (at most today) and the last assignment day. */
  toDate: string;
  instructionalDays: number;
  weeks: number;
  scheduledSessions: number;
  deliveredSessions: number;
  attendedSessions: number;
  attendedMinutes: number;
  sessionsPerWeek: number | null;
  minutesPerWeek: number | null;
  averageMinutesPerSession: number | null;
  deliveredShare: number | null;
  attendedShare: number | null;
  consistency: number | null;
  targetSessionsPerWeek: number;
  targetMinutesPerSession: number;
  meetsTarget: boolean | null;
  belowSessionsTarget: boolean;
}

/** Which assignments a dosage query covers; the viewer's student scope always applies on top. */
export type DosageScope = { studentIds: readonly string[] } | { programIds: readonly string[] } | { schoolId: string };

/**
 * Tutoring dosage, derived from schedules and session logs, never typed in: the one home of every
 * dosage figure, of "meets the program's target" and of "below the sessions target". A student's
 * assignments in a program (never two at once, by rule) are clipped to the window [from, to]
 * (`to` at most today) and to the program's dates (an assignment without an end date runs to the
 * program's last day), and summed per student and program:
 *
 * - **instructional days**: the district calendar's `instructional_day` rows in the clipped spans;
 *   **weeks** = instructional days / 5, so breaks and closures are not weeks a student missed;
 * - **scheduled sessions**: instructional days falling on the group's days of the week;
 * - **delivered sessions**: the group's HELD sessions in the spans (any day: a make-up session on
 *   an unscheduled day counts, so the delivered share can exceed 1);
 * - **attended sessions / minutes**: delivered sessions the student was marked present at, and
 *   their logged minutes;
 * - **sessions per week**, **minutes per week**: attended sessions (minutes) / weeks;
 * - **delivered share**, **attended share**: delivered (attended) / scheduled;
 * - **consistency**: share of attended sessions led by the group's assigned tutor (NSSA: a
 *   consistent tutor), rather than a substitute;
 * - **meets target**: attended sessions per week >= the program's target AND average minutes per
 *   attended session >= the program's minimum for the student's grade (the shorter K-3 minimum
 *   for grades PK-3). Null when the student had fewer than 5 instructional days (one school week)
 *   in the window: a rate over two days says nothing.
 * - **below sessions target**: judged (>= 5 instructional days) and attended sessions per week
 *   below the program's target; the program check's "students below 3 sessions a week".
 *
 * Rates are rounded to 2 decimals, shares to 4; the comparisons use the exact values.
 */
const DOSAGE_SQL = (scopeSql: string, viewerSql: string) => `
  WITH span AS (
    SELECT * FROM (
      SELECT a.id AS assignment_id, a.student_id, a.group_id, g.program_id, g.days_of_week,
             GREATEST(a.start_date, p.start_date, :fromDate::date) AS span_start,
             LEAST(COALESCE(a.end_date, p.end_date), p.end_date, :toDate::date) AS span_end
        FROM tutoring_assignment a
        JOIN tutoring_group g ON g.id = a.group_id
        JOIN tutoring_program p ON p.id = g.program_id
       WHERE ${scopeSql} AND ${viewerSql}
    ) clipped
     WHERE span_start <= span_end
  ), days AS (
    SELECT sp.assignment_id,
           count(*)::int AS instructional_days,
           count(*) FILTER (WHERE extract(isodow FROM d.calendar_date)::int = ANY(sp.days_of_week))::int AS scheduled
      FROM span sp JOIN instructional_day d ON d.calendar_date BETWEEN sp.span_start AND sp.span_end
     GROUP BY sp.assignment_id
  ), held AS (
    SELECT sp.assignment_id,
           count(*)::int AS delivered,
           count(*) FILTER (WHERE att.present)::int AS attended,
           coalesce(sum(s.minutes) FILTER (WHERE att.present), 0)::int AS attended_minutes,
           count(*) FILTER (WHERE att.present AND s.led_by_assigned_tutor)::int AS attended_with_assigned
      FROM span sp
      JOIN tutoring_session s ON s.group_id = sp.group_id AND s.status = 'HELD' AND s.session_date BETWEEN sp.span_start AND sp.span_end
      LEFT JOIN tutoring_attendance att ON att.session_id = s.id AND att.student_id = sp.student_id
     GROUP BY sp.assignment_id
  ), per_program AS (
    SELECT sp.student_id, sp.program_id, min(sp.span_start) AS from_date, max(sp.span_end) AS to_date,
           sum(coalesce(dy.instructional_days, 0))::int AS instructional_days,
           sum(coalesce(dy.scheduled, 0))::int AS scheduled,
           sum(coalesce(h.delivered, 0))::int AS delivered,
           sum(coalesce(h.attended, 0))::int AS attended,
           sum(coalesce(h.attended_minutes, 0))::int AS attended_minutes,
           sum(coalesce(h.attended_with_assigned, 0))::int AS attended_with_assigned
      FROM span sp
      LEFT JOIN days dy ON dy.assignment_id = sp.assignment_id
      LEFT JOIN held h ON h.assignment_id = sp.assignment_id
     GROUP BY sp.student_id, sp.program_id
  ), rated AS (
    SELECT pp.*, st.family_name, st.given_name,
           pp.instructional_days / ${SCHOOL_DAYS_PER_WEEK}.0 AS weeks,
           p.target_sessions_per_week AS target_sessions,
           CASE WHEN st.grade_level <= ${K3_HIGHEST_GRADE} THEN p.target_minutes_per_session_k3 ELSE p.target_minutes_per_session END AS target_minutes,
           pp.instructional_days >= ${SCHOOL_DAYS_PER_WEEK} AS judged
      FROM per_program pp
      JOIN tutoring_program p ON p.id = pp.program_id
      JOIN student st ON st.id = pp.student_id AND st.deleted_at IS NULL
  )
  SELECT r.student_id AS "studentId", r.program_id AS "programId", r.from_date AS "fromDate", r.to_date AS "toDate",
         r.instructional_days AS "instructionalDays", round(r.weeks, 2)::float8 AS weeks,
         r.scheduled AS "scheduledSessions", r.delivered AS "deliveredSessions",
         r.attended AS "attendedSessions", r.attended_minutes AS "attendedMinutes",
         CASE WHEN r.weeks > 0 THEN round(r.attended / r.weeks, 2)::float8 END AS "sessionsPerWeek",
         CASE WHEN r.weeks > 0 THEN round(r.attended_minutes / r.weeks, 2)::float8 END AS "minutesPerWeek",
         CASE WHEN r.attended > 0 THEN round(r.attended_minutes::numeric / r.attended, 2)::float8 END AS "averageMinutesPerSession",
         CASE WHEN r.scheduled > 0 THEN round(r.delivered::numeric / r.scheduled, 4)::float8 END AS "deliveredShare",
         CASE WHEN r.scheduled > 0 THEN round(r.attended::numeric / r.scheduled, 4)::float8 END AS "attendedShare",
         CASE WHEN r.attended > 0 THEN round(r.attended_with_assigned::numeric / r.attended, 4)::float8 END AS consistency,
         r.target_sessions AS "targetSessionsPerWeek", r.target_minutes AS "targetMinutesPerSession",
         CASE WHEN r.judged THEN r.attended / r.weeks >= r.target_sessions
                AND coalesce(r.attended_minutes::numeric / NULLIF(r.attended, 0), 0) >= r.target_minutes END AS "meetsTarget",
         CASE WHEN r.judged THEN r.attended / r.weeks < r.target_sessions ELSE false END AS "belowSessionsTarget"
    FROM rated r
   ORDER BY r.family_name, r.given_name, r.student_id, r.program_id`;

function scopeCondition(scope: DosageScope): { sql: string; params: Record<string, unknown> } {
  if ('studentIds' in scope) return { sql: 'a.student_id = ANY(:dosageStudentIds::uuid[])', params: { dosageStudentIds: [...scope.studentIds] } };
  if ('programIds' in scope) return { sql: 'g.program_id = ANY(:dosageProgramIds::uuid[])', params: { dosageProgramIds: [...scope.programIds] } };
  return { sql: 'g.school_id = :dosageSchoolId', params: { dosageSchoolId: scope.schoolId } };
}

export class TutoringDosageService {
  /**
   * Dosage per student and program over [from, to] (to capped at today: dosage is what happened),
   * for the students of `scope` that the viewer may see; one query for the whole set.
   */
  async dosage(ctx: ViewerContext, em: EntityManager, scope: DosageScope, from: string, to: string): Promise<TutoringDosage[]> {
    const until = to > ctx.today ? ctx.today : to;
    if (until < from) return [];
    if ('studentIds' in scope && scope.studentIds.length === 0) return [];
    if ('programIds' in scope && scope.programIds.length === 0) return [];
    const target = scopeCondition(scope);
    const viewer = studentScopeSql(ctx, 'a.student_id');
    return namedQuery<TutoringDosage>(em, DOSAGE_SQL(target.sql, viewer.sql), {
      ...viewer.params,
      ...target.params,
      fromDate: from,
      toDate: until,
    });
  }

  /** The window of the program checks and the default queue window: the last four weeks, today included. */
  recentWindow(ctx: ViewerContext): { from: string; to: string } {
    return { from: addDays(ctx.today, -(CHECK_WINDOW_DAYS - 1)), to: ctx.today };
  }
}

export const tutoringDosageService = new TutoringDosageService();
