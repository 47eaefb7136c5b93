import { CHECK_WINDOW_DAYS, K3_HIGHEST_GRADE, SCHOOL_DAYS_PER_WEEK } from '../../tutoring/tutoring-standards';
import { type IndicatorFamily, rosterOf } from './family';

/**
 * Students enrolled on D who were tutored in the four weeks ending on D (the tutoring checks'
 * window, CHECK_WINDOW_DAYS), with whether they met their programs' dosage. SQL form of the
 * tutoring module's dosage rule (tutoring-dosage.service.ts DOSAGE_SQL, "the one home of every
 * dosage figure"), evaluated for each as-of date at once; kept equal to it by
 * tests/indicators/student-indicators.test.ts ("parity"):
 *
 * - each assignment is clipped to the window, the program's dates and its own (open: the
 *   program's last day); instructional days in the clipped span; weeks = days / 5;
 * - attended sessions and minutes: the group's HELD sessions in the span the student was present at;
 * - judged when the student had at least one school week (5 instructional days) in a program;
 *   meets the target when attended sessions a week >= the program's target and average minutes per
 *   attended session >= its minimum (the K-3 minimum for grades PK-3).
 *
 * A student tutored in two programs meets the dosage when they meet it in every judged program.
 * Indicator: TUTORING_DOSAGE_MET.
 */
export const tutoringDosageFamily: IndicatorFamily = {
  key: 'tutoringDosage',
  studentUnits: true,
  usesRoster: false,
  oneUnitPerStudent: true,
  ctes: `
  tut_span AS (
    SELECT * FROM (
      SELECT d.as_of, a.id AS assignment_id, a.student_id, a.group_id, g.program_id,
             greatest(a.start_date, p.start_date, d.as_of - ${CHECK_WINDOW_DAYS - 1}) AS span_start,
             least(coalesce(a.end_date, p.end_date), p.end_date, d.as_of) AS span_end
        FROM dates d
        JOIN tutoring_assignment a ON a.start_date <= d.as_of
        JOIN tutoring_group g ON g.id = a.group_id
        JOIN tutoring_program p ON p.id = g.program_id
    ) clipped
     WHERE span_start <= span_end
  ),
  tut_days AS (
    SELECT s.as_of, s.assignment_id, count(*)::int AS days
      FROM tut_span s JOIN instructional_day i ON i.calendar_date BETWEEN s.span_start AND s.span_end
     GROUP BY s.as_of, s.assignment_id
  ),
  tut_held AS (
    SELECT s.as_of, s.assignment_id,
           count(*) FILTER (WHERE att.present)::int AS attended,
           coalesce(sum(ts.minutes) FILTER (WHERE att.present), 0)::int AS attended_minutes
      FROM tut_span s
      JOIN tutoring_session ts ON ts.group_id = s.group_id AND ts.status = 'HELD' AND ts.session_date BETWEEN s.span_start AND s.span_end
      LEFT JOIN tutoring_attendance att ON att.session_id = ts.id AND att.student_id = s.student_id
     GROUP BY s.as_of, s.assignment_id
  ),
  tut_program AS (
    SELECT s.as_of, s.student_id, s.program_id,
           sum(coalesce(dy.days, 0))::int AS days, sum(coalesce(h.attended, 0))::int AS attended,
           sum(coalesce(h.attended_minutes, 0))::int AS minutes
      FROM tut_span s
      LEFT JOIN tut_days dy ON dy.as_of = s.as_of AND dy.assignment_id = s.assignment_id
      LEFT JOIN tut_held h ON h.as_of = s.as_of AND h.assignment_id = s.assignment_id
     GROUP BY s.as_of, s.student_id, s.program_id
  ),
  tut_judged AS (
    SELECT tp.as_of, tp.student_id,
           bool_and(tp.attended / (tp.days / ${SCHOOL_DAYS_PER_WEEK}.0) >= p.target_sessions_per_week
                    AND coalesce(tp.minutes::numeric / NULLIF(tp.attended, 0), 0)
                        >= CASE WHEN st.grade_level <= ${K3_HIGHEST_GRADE} THEN p.target_minutes_per_session_k3 ELSE p.target_minutes_per_session END) AS meets
      FROM tut_program tp
      JOIN tutoring_program p ON p.id = tp.program_id
      JOIN student st ON st.id = tp.student_id
     WHERE tp.days >= ${SCHOOL_DAYS_PER_WEEK}
     GROUP BY tp.as_of, tp.student_id
  ),
  units AS (
    SELECT j.as_of, j.student_id, r.school_id, r.grade_level, j.meets
      FROM tut_judged j CROSS JOIN LATERAL (${rosterOf('j.student_id', 'j.as_of')}) r
  )`,
};

/**
 * HELD tutoring sessions in the period (its first day to D), counted at the group's school, with
 * whether the students present were within the program's students-per-tutor ratio (at most
 * max_students_per_tutor, the NSSA standard of 4 unless the program set another). Each session has
 * one tutor (the tutoring module's rule), so the ratio is the students present. Sessions are not a
 * student's: no cut by grade or student group. Indicator: TUTORING_SESSIONS_WITHIN_RATIO.
 */
export const tutoringSessionsFamily: IndicatorFamily = {
  key: 'tutoringSessions',
  studentUnits: false,
  usesRoster: false,
  oneUnitPerStudent: false,
  ctes: `
  units AS (
    SELECT d.as_of, NULL::uuid AS student_id, g.school_id, NULL::smallint AS grade_level, s.id AS session_id,
           (SELECT count(*) FROM tutoring_attendance att WHERE att.session_id = s.id AND att.present) <= p.max_students_per_tutor AS within_ratio
      FROM dates d
      JOIN tutoring_session s ON s.status = 'HELD' AND s.session_date BETWEEN d.period_from AND d.as_of
      JOIN tutoring_group g ON g.id = s.group_id
      JOIN tutoring_program p ON p.id = g.program_id
  )`,
};
