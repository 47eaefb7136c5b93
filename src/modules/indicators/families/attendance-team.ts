import { interventionWindowsCtes } from '../../attendance/attendance-queues';
import { triggerResponseCtes } from '../../attendance/attendance-totals';
import { enrolledOn, schoolYearIdOn } from '../effective-dates';
import type { IndicatorFamily } from './family';

/**
 * Each as-of date D with its school year (the latest begun by D), and each school year once with
 * the last as-of date that reads it: the attendance module's builders take years, so a trend of
 * many dates in one year computes the year's triggers and windows once.
 */
const YEARS_CTES = (prefix: string) => `
  ${prefix}_dates AS (
    SELECT d.as_of, ${schoolYearIdOn('d.as_of')} AS year_id FROM dates d
  ),
  ${prefix}_years AS (
    SELECT t.year_id, y.start_date AS year_from, max(t.as_of) AS up_to
      FROM ${prefix}_dates t JOIN school_year y ON y.id = t.year_id
     GROUP BY t.year_id, y.start_date
  ),`;

/**
 * Students who hit an attendance trigger in D's school year by D, and whether the attendance team
 * responded in time: the attendance module's trigger rule (attendance-totals.ts
 * `triggerResponseCtes`: the first school day on which the student's year-to-date status reached
 * Tier 2 or 3, the status the triggered-without-case queue lists) and the response window (that day
 * and the next 10 school days). As of D: the trigger day is on or before D (computed from
 * attendance days up to it); `responded`: an attendance action dated in the window and by D;
 * `window_closed`: the window's last day is on or before D. A student is counted at the school and
 * in the grade of their enrollment on the trigger day (the team that had to respond), whether or not
 * still enrolled on D. Indicator: TRIGGERED_WITH_TIMELY_ACTION.
 */
export const attendanceTriggersFamily: IndicatorFamily = {
  key: 'attendanceTriggers',
  studentUnits: true,
  usesRoster: false,
  oneUnitPerStudent: true,
  ctes: `${YEARS_CTES('trg')}
  ${triggerResponseCtes('trg_years')},
  units AS (
    SELECT td.as_of, t.student_id, t.school_id, t.grade_level,
           coalesce(t.responded_on <= td.as_of, false) AS responded,
           t.respond_by <= td.as_of AS window_closed
      FROM trg_dates td
      JOIN att_trigger t ON t.year_id = td.year_id AND t.triggered_on <= td.as_of
  )`,
};

/**
 * Students with an attendance intervention in D's school year whose windows closed by D, and
 * whether their attendance improved: the attendance module's rule (attendance-queues.ts
 * `interventionWindowsCtes`, the improved-after-an-intervention queue's rule): the 30 days
 * (settings improvement_window_days) after the first action against the 30 before it. A student
 * with more than one case in the year is judged on the case with the earliest first action (their
 * first intervention). As of D: cases of D's school year whose window after ended by D (actions and
 * attendance after D cannot change the answer). Counted at the case's school, in the grade of the
 * student's enrollment on the first action's day (else their current grade). Indicator:
 * IMPROVED_AFTER_INTERVENTION.
 */
export const attendanceInterventionsFamily: IndicatorFamily = {
  key: 'attendanceInterventions',
  studentUnits: true,
  usesRoster: false,
  oneUnitPerStudent: true,
  ctes: `${YEARS_CTES('imp')}
  ${interventionWindowsCtes('imp_years')},
  imp_first AS (
    SELECT DISTINCT ON (td.as_of, w.student_id) td.as_of, w.student_id, w.school_id, w.first_on, w.judged, w.improved
      FROM imp_dates td
      JOIN att_intervention w ON w.year_id = td.year_id AND w.closes_on <= td.as_of
      JOIN student st ON st.id = w.student_id AND st.deleted_at IS NULL
     ORDER BY td.as_of, w.student_id, w.first_on, w.case_id
  ),
  units AS (
    SELECT f.as_of, f.student_id, f.school_id, coalesce(en.grade_level, st.grade_level) AS grade_level, f.judged, f.improved
      FROM imp_first f
      JOIN student st ON st.id = f.student_id
      LEFT JOIN LATERAL (
        SELECT e.grade_level FROM enrollment e WHERE e.student_id = f.student_id AND ${enrolledOn('e', 'f.first_on')}
         ORDER BY e.entry_date DESC LIMIT 1) en ON true
  )`,
};
