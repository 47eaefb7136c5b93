import { ACADEMIC_DOMAINS } from '../../../common/mtss';
import { schoolYearIdOn } from '../effective-dates';
import { type IndicatorFamily, sqlList } from './family';

/**
 * Grades in which the district screens every student in reading and math (universal screening,
 * K-8 as in the district's MTSS screening plan). The one place to change it.
 */
export const SCREENED_GRADES = { lowest: 0, highest: 8 } as const;

/**
 * Students enrolled on D in the screened grades, and whether they were screened in the current
 * window. The **current window** on D is the latest window (FALL < WINTER < SPRING) of D's school
 * year in which any academic screening was administered on or before D: the calendar keeps no
 * window dates, so the window opens district-wide with its first screening. A student is
 * **screened** when they have a result in every academic domain (reading and math) in that window,
 * administered on or before D. Before the year's first screening there is no window and no
 * denominator. Indicator: SCREENED_IN_WINDOW.
 *
 * The window is found by asking each window, latest first, whether it has an academic result by D
 * (an index probe on school year, window and domain): a backward scan for the greatest window read
 * past every social-emotional result of the window first, a share of the district. "Every domain"
 * is one flag per domain, not a count of distinct domains, which sorted each student's results
 * again inside the grouping.
 */
export const screeningFamily: IndicatorFamily = {
  key: 'screening',
  studentUnits: true,
  usesRoster: true,
  oneUnitPerStudent: true,
  ctes: `
  screen_window AS MATERIALIZED (
    SELECT d.as_of, y.id AS school_year_id,
           (SELECT max(w.win) FROM unnest(enum_range(NULL::screening_window)) AS w(win)
             WHERE EXISTS (SELECT 1 FROM screening_result sr
                            WHERE sr.school_year_id = y.id AND sr.screening_window = w.win
                              AND sr.domain IN (${sqlList(ACADEMIC_DOMAINS)}) AND sr.administered_on <= d.as_of)) AS win
      FROM dates d
      JOIN school_year y ON y.id = ${schoolYearIdOn('d.as_of')}
  ),
  screened AS (
    SELECT w.as_of, sr.student_id, ${ACADEMIC_DOMAINS.map((domain) => `bool_or(sr.domain = '${domain}')`).join(' AND ')} AS every_domain
      FROM screen_window w
      JOIN screening_result sr ON sr.school_year_id = w.school_year_id AND sr.screening_window = w.win
       AND sr.domain::text IN (${sqlList(ACADEMIC_DOMAINS)}) AND sr.administered_on <= w.as_of
     GROUP BY w.as_of, sr.student_id
  ),
  units AS (
    SELECT r.as_of, r.student_id, r.school_id, r.grade_level, w.win IS NOT NULL AS window_open,
           coalesce(sc.every_domain, false) AS screened
      FROM roster r
      JOIN screen_window w ON w.as_of = r.as_of
      LEFT JOIN screened sc ON sc.as_of = r.as_of AND sc.student_id = r.student_id
     WHERE r.grade_level BETWEEN ${SCREENED_GRADES.lowest} AND ${SCREENED_GRADES.highest}
  )`,
};
