import { enrolledOn } from '../effective-dates';
import type { IndicatorFamily } from './family';

/** How many weeks back the meeting cadence is checked. */
export const MEETING_CADENCE_WEEKS = 4;

/**
 * Schools with students enrolled on D, and whether they held an MTSS team meeting and an attendance
 * team meeting (team_meeting.kind, held_on) in each of the last four weeks: the seven-day spans
 * ending on D, D-7, D-14 and D-21. A span with no instructional day (a vacation week) asks for
 * nothing; with none in all four there is nothing to judge. Indicator: SCHOOLS_HOLDING_TEAM_MEETINGS.
 */
export const meetingsFamily: IndicatorFamily = {
  key: 'meetings',
  studentUnits: false,
  usesRoster: false,
  oneUnitPerStudent: false,
  ctes: `
  open_school AS (
    SELECT DISTINCT d.as_of, e.school_id FROM dates d JOIN enrollment e ON ${enrolledOn('e', 'd.as_of')}
  ),
  school_week AS (
    SELECT d.as_of, d.as_of - (7 * w.n + 6) AS week_from, d.as_of - 7 * w.n AS week_to
      FROM dates d CROSS JOIN generate_series(0, ${MEETING_CADENCE_WEEKS - 1}) AS w(n)
     WHERE EXISTS (SELECT 1 FROM instructional_day i WHERE i.calendar_date BETWEEN d.as_of - (7 * w.n + 6) AND d.as_of - 7 * w.n)
  ),
  units AS (
    SELECT o.as_of, NULL::uuid AS student_id, o.school_id, NULL::smallint AS grade_level,
           EXISTS (SELECT 1 FROM school_week sw WHERE sw.as_of = o.as_of) AS has_school_weeks,
           NOT EXISTS (
             SELECT 1 FROM school_week sw
              WHERE sw.as_of = o.as_of
                AND (NOT EXISTS (SELECT 1 FROM team_meeting m WHERE m.school_id = o.school_id AND m.kind = 'MTSS'
                                   AND m.held_on BETWEEN sw.week_from AND sw.week_to)
                  OR NOT EXISTS (SELECT 1 FROM team_meeting m WHERE m.school_id = o.school_id AND m.kind = 'ATTENDANCE'
                                   AND m.held_on BETWEEN sw.week_from AND sw.week_to))) AS met_every_week
      FROM open_school o
  )`,
};
