import { attendanceStatusSql } from '../../attendance/attendance-rules';
import { attendanceTotalsCtes } from '../../attendance/attendance-totals';
import { schoolYearIdOn, schoolYearStartOn } from '../effective-dates';
import type { IndicatorFamily } from './family';

/**
 * An attendance case open on D: opened by D and not closed by D (opened_on <= D and (closed_on is
 * null or closed_on > D)). Not the status column, which only says what is true today: a case
 * closed in March was open in January. A closed case is never reopened (the attendance module
 * opens a new one), so the two dates are the whole history.
 */
export const caseOpenOn = (c: string, day: string) => `(${c}.opened_on <= ${day} AND (${c}.closed_on IS NULL OR ${c}.closed_on > ${day}))`;

/**
 * The attendance module's totals (attendance-totals.ts `attendanceTotalsCtes`, grain 'student':
 * days enrolled and absences across every school) for each as-of date: the module's statement is
 * written for one period (:fromDate to :toDate), so it runs in a LATERAL subquery per as-of date
 * with those two parameters bound to the row's columns (`ay.year_from`, `ay.as_of`).
 *
 * Every student is totalled, not only the roster's, and the roster is joined afterwards: nearly the
 * whole district is on the roster, so narrowing to it saves nothing, while the narrowing
 * (`student IN (roster of the date)`) made the planner expect a few students and probe the
 * enrollment, summary and day indexes once per student, in hash order: 3 random probes per student
 * that grew faster than the district (6.6x the CPU at 5x, against 5.2-5.7x for the scans and
 * hashes it plans without it, which also take a third less CPU at Hartford scale and half at 5x).
 */
function totalsPerAsOf(): string {
  const ctes = attendanceTotalsCtes({
    grain: 'student',
    filter: () => 'true',
    measures: 'absences',
  })
    .replaceAll('CAST(:toDate AS date)', 'ay.as_of')
    .replaceAll('CAST(:fromDate AS date)', 'ay.year_from');
  if (/:toDate|:fromDate/.test(ctes)) throw new Error('attendance totals: a period parameter was not bound to the as-of date');
  return ctes;
}

const status = attendanceStatusSql({ daysEnrolled: 'a.days_enrolled', absences: 'a.absences' });

/**
 * Students enrolled on D (the roster: at their school and grade of enrollment on D, so a mid-year
 * transfer counts at the receiving school from its entry date), with their attendance over the
 * school year of D to D across every school they attended (the attendance module's period: from
 * the first day of the latest school year begun by D; its totals and its rules, attendance-rules.ts
 * `attendanceStatusSql`): `rated` (enrolled at least the minimum days, default 10), `chronic`
 * (absent on at least 10% of the days enrolled, exactly 10.0% included), and `open_case` (a case
 * of D's school year open on D, `caseOpenOn`). Attendance days recorded later for dates up to D
 * do count: attendance_day keeps the current category of each day (corrections replace it).
 * Indicators: CHRONIC_ABSENTEEISM_RATE, CHRONICALLY_ABSENT_WITH_CASE.
 *
 * The open cases are read once per date and joined (`att_open_case`), not probed once per student
 * on the roster: a quarter of the students have a case, and the probes cost 15% of the statement.
 */
export const attendanceFamily: IndicatorFamily = {
  key: 'attendance',
  studentUnits: true,
  usesRoster: true,
  oneUnitPerStudent: true,
  ctes: `
  att_as_of AS (
    SELECT d.as_of, ${schoolYearStartOn('d.as_of')} AS year_from, ${schoolYearIdOn('d.as_of')} AS year_id FROM dates d
  ),
  att_student AS (
    SELECT ay.as_of, ay.year_id, t.student_id, t.days_enrolled, t.absences
      FROM att_as_of ay
      CROSS JOIN LATERAL (WITH ${totalsPerAsOf()} SELECT student_id, days_enrolled, absences FROM att_totals) t
     WHERE ay.year_from IS NOT NULL
  ),
  att_open_case AS (
    SELECT DISTINCT ay.as_of, c.student_id
      FROM att_as_of ay
      JOIN attendance_case c ON c.school_year_id = ay.year_id AND ${caseOpenOn('c', 'ay.as_of')}
  ),
  units AS (
    SELECT r.as_of, r.student_id, r.school_id, r.grade_level,
           ${status.rated} AS rated, ${status.chronic} AS chronic, oc.student_id IS NOT NULL AS open_case
      FROM roster r
      JOIN att_student a ON a.as_of = r.as_of AND a.student_id = r.student_id
      CROSS JOIN attendance_settings cfg
      LEFT JOIN att_open_case oc ON oc.as_of = r.as_of AND oc.student_id = r.student_id
  )`,
};

/**
 * Attendance cases open on D (`caseOpenOn`), counted at the case's school and in the student's
 * grade on D (their enrollment on D; none when not enrolled then), with whether the team acted
 * recently: the stale-case rule of the attendance queues (attendance-queues.ts `staleCasesSql`,
 * settings `stale_case_days`, default 14) read as of D: the latest action dated by D, or the
 * opening when there is none yet, is at most stale_case_days days before D. Indicator:
 * OPEN_CASES_WITH_RECENT_ACTION.
 */
export const attendanceCasesFamily: IndicatorFamily = {
  key: 'attendanceCases',
  studentUnits: true,
  usesRoster: true,
  oneUnitPerStudent: false,
  ctes: `
  case_on AS (
    SELECT d.as_of, c.id, c.student_id, c.school_id, c.opened_on,
           (SELECT max(a.action_date) FROM attendance_action a WHERE a.case_id = c.id AND a.action_date <= d.as_of) AS last_on
      FROM dates d
      JOIN attendance_case c ON ${caseOpenOn('c', 'd.as_of')}
      JOIN student st ON st.id = c.student_id AND st.deleted_at IS NULL
  ),
  units AS (
    SELECT co.as_of, co.student_id, co.school_id, r.grade_level,
           greatest(co.opened_on, coalesce(co.last_on, co.opened_on)) >= co.as_of - cfg.stale_case_days AS recent_action
      FROM case_on co
      CROSS JOIN attendance_settings cfg
      LEFT JOIN roster r ON r.as_of = co.as_of AND r.student_id = co.student_id
  )`,
};
