import { AttendanceCategory } from './attendance-enums';
import {
  SUMMARY_COLUMNS,
  TRIGGER_RESPONSE_SCHOOL_DAYS,
  addMonthsSql,
  attendanceStatusSql,
  daysEnrolledSql,
  earlyWindowEndSql,
  instructionalDaysSql,
  isAbsenceSql,
  monthStartSql,
  summaryAbsencesSql,
} from './attendance-rules';

/**
 * What one totals row counts:
 * - `student`: a student over the period, across every school (the student's own rate, the district rate);
 * - `student_school`: a student at one school (a school's rate: a mid-year transfer counts at each school);
 * - `student_month`: a student in one calendar month (the trend).
 */
export type TotalsGrain = 'student' | 'student_school' | 'student_month';

export interface TotalsOptions {
  grain: TotalsGrain;
  /** A condition on the rows counted, given their student and school id columns ('true' for all). */
  filter: (columns: { student: string; school: string }) => string;
  /**
   * 'absences' counts absences only, which lets partial months read the partial absence index;
   * 'all' counts every category (a student's profile).
   */
  measures: 'absences' | 'all';
}

const CATEGORY_COLUMNS = Object.values(AttendanceCategory).map((c) => SUMMARY_COLUMNS[c]);
const FROM = 'CAST(:fromDate AS date)';
const TO = 'CAST(:toDate AS date)';

function keys(grain: TotalsGrain): string[] {
  return grain === 'student' ? ['student_id'] : grain === 'student_school' ? ['student_id', 'school_id'] : ['student_id', 'month'];
}

/**
 * CTEs (`att_days`, `att_bounds`, `att_enrolled`, `att_recorded`, `att_totals`) computing, for the
 * period :fromDate to :toDate, one row per grain key with `days_enrolled`, `absences` and, with
 * measures 'all', one count per category (`in_attendance`, `excused_absence`, ...).
 *
 * Days enrolled come from enrollments x instructional days (attendance-rules.ts). Recorded days
 * come from attendance_month_summary for months wholly inside the period (no instructional day of
 * the month outside it) and from attendance_day for the partial months at either end, so any
 * period and any as-of date is exact while a school year reads ~10 summary rows per student.
 */
export function attendanceTotalsCtes(options: TotalsOptions): string {
  const { grain, filter, measures } = options;
  const keyList = keys(grain);
  const enrollmentKey = grain === 'student_month' ? ['e.student_id', 'mo.month'] : keyList.map((k) => `e.${k}`);
  const daysEnrolled =
    grain === 'student_month'
      ? instructionalDaysSql('att_days.d', 'greatest(e.entry_date, mo.month)', `least(coalesce(e.exit_date, ${TO}), mo.next_month - 1)`)
      : daysEnrolledSql('att_days.d', 'e', TO);
  const months =
    grain === 'student_month'
      ? `JOIN (SELECT m::date AS month, ${addMonthsSql('m', 1)} AS next_month
                 FROM generate_series(${monthStartSql(FROM)}, ${TO}, interval '1 month') AS g(m)) mo
           ON mo.month <= least(coalesce(e.exit_date, ${TO}), ${TO}) AND mo.next_month > greatest(e.entry_date, ${FROM})`
      : '';

  const summaryKey = keyList.map((k) => `m.${k}`);
  const dayKey = keyList.map((k) => (k === 'month' ? `${monthStartSql('a.calendar_date')} AS month` : `a.${k}`));
  const summaryMeasures = [`${summaryAbsencesSql('m')} AS absences`, ...(measures === 'all' ? CATEGORY_COLUMNS.map((c) => `m.${c}`) : [])];
  const dayMeasures = [
    `(${isAbsenceSql('a.category')})::int AS absences`,
    ...(measures === 'all'
      ? Object.values(AttendanceCategory).map((c) => `(a.category = '${c}')::int AS ${SUMMARY_COLUMNS[c]}`)
      : []),
  ];
  const sums = ['absences', ...(measures === 'all' ? CATEGORY_COLUMNS : [])];
  const daysBranch = (range: string) => `
      SELECT ${[...dayKey, ...dayMeasures].join(', ')}
        FROM attendance_day a
       WHERE ${range} AND ${filter({ student: 'a.student_id', school: 'a.school_id' })}
         ${measures === 'absences' ? `AND ${isAbsenceSql('a.category')}` : ''}`;

  return `
  att_days AS (
    SELECT coalesce(array_agg(calendar_date ORDER BY calendar_date), '{}'::date[]) AS d
      FROM instructional_day WHERE calendar_date BETWEEN ${FROM} AND ${TO}
  ),
  att_bounds AS (
    SELECT CASE WHEN EXISTS (SELECT 1 FROM instructional_day i
                              WHERE i.calendar_date >= ${monthStartSql(FROM)} AND i.calendar_date < ${FROM})
                THEN ${addMonthsSql(monthStartSql(FROM), 1)} ELSE ${monthStartSql(FROM)} END AS full_from,
           CASE WHEN EXISTS (SELECT 1 FROM instructional_day i
                              WHERE i.calendar_date > ${TO} AND i.calendar_date < ${addMonthsSql(monthStartSql(TO), 1)})
                THEN ${monthStartSql(TO)} ELSE ${addMonthsSql(monthStartSql(TO), 1)} END AS full_to
  ),
  att_enrolled AS (
    SELECT ${enrollmentKey.map((k, i) => `${k} AS ${keyList[i]}`).join(', ')}, sum(${daysEnrolled})::int AS days_enrolled
      FROM enrollment e
      JOIN student s ON s.id = e.student_id AND s.deleted_at IS NULL
      CROSS JOIN att_days
      ${months}
     WHERE e.entry_date <= ${TO} AND (e.exit_date IS NULL OR e.exit_date >= ${FROM})
       AND ${filter({ student: 'e.student_id', school: 'e.school_id' })}
     GROUP BY ${enrollmentKey.join(', ')}
  ),
  att_recorded AS (
    SELECT ${keyList.join(', ')}, ${sums.map((c) => `sum(${c})::int AS ${c}`).join(', ')}
      FROM (
      SELECT ${[...summaryKey, ...summaryMeasures].join(', ')}
        FROM attendance_month_summary m
       WHERE m.month >= (SELECT full_from FROM att_bounds) AND m.month < (SELECT full_to FROM att_bounds)
         AND ${filter({ student: 'm.student_id', school: 'm.school_id' })}
         ${measures === 'absences' ? `AND ${summaryAbsencesSql('m')} > 0` : ''}
      UNION ALL ${daysBranch(`a.calendar_date >= ${FROM} AND a.calendar_date < (SELECT least(full_from, ${TO} + 1) FROM att_bounds)`)}
      UNION ALL ${daysBranch(`a.calendar_date >= (SELECT greatest(full_from, full_to) FROM att_bounds) AND a.calendar_date <= ${TO}`)}
      ) recorded
     GROUP BY ${keyList.join(', ')}
  ),
  att_totals AS (
    SELECT ${keyList.map((k) => `en.${k}`).join(', ')}, en.days_enrolled, ${sums.map((c) => `coalesce(r.${c}, 0) AS ${c}`).join(', ')}
      FROM att_enrolled en LEFT JOIN att_recorded r USING (${keyList.join(', ')})
  )`;
}

/**
 * `att_year` (the school year of :toDate) and `att_early` (per student: absences in month one and
 * in months one and two of that year, up to :toDate) for the early-warning triggers.
 */
export function earlyTriggerCtes(filter: TotalsOptions['filter']): string {
  return `
  att_year AS (
    SELECT id, start_date FROM school_year WHERE start_date <= ${TO} ORDER BY start_date DESC LIMIT 1
  ),
  att_early AS (
    SELECT a.student_id,
           (count(*) FILTER (WHERE a.calendar_date < ${earlyWindowEndSql('y.start_date', 1)}))::int AS month_one,
           count(*)::int AS month_two
      FROM attendance_day a CROSS JOIN att_year y
     WHERE a.calendar_date >= y.start_date AND a.calendar_date < ${earlyWindowEndSql('y.start_date', 2)}
       AND a.calendar_date <= ${TO} AND ${isAbsenceSql('a.category')}
       AND ${filter({ student: 'a.student_id', school: 'a.school_id' })}
     GROUP BY a.student_id
  )`;
}

/**
 * The day each student first hit an attendance trigger in a school year, and the team's response.
 * `years` names a relation `(year_id, year_from, up_to)`: a school year, its first day, and the
 * last day whose data is read. CTEs ending with `att_trigger`, one row per year and student who hit
 * a trigger by up_to:
 *
 * - `triggered_on`: the first instructional day of the year, up to up_to, on which the student was
 *   enrolled and their year-to-date status (`attendanceStatusSql` over days enrolled and absences
 *   from the first day of the year to that day, across every school, with the early-warning counts
 *   of month one and months one and two) reached Tier 2 or 3: the day the triggered-without-case
 *   queue would first have listed them. Only two kinds of day can be that day: an absence (the
 *   only day the counts rise) and the day the student reaches the minimum days enrolled (the day a
 *   rate starts to count); between them the rate only falls. So the statuses are computed on those
 *   days only, never one row per student and school day. Each enrollment span (sorted by student
 *   for its days before) reads its student's days of the year up to its end by attendance_day's
 *   key (student_id, calendar_date), already in date order, so the absences up to a day are the
 *   day's place in that list and no sort, window or hash spans the year's absences: the work grows
 *   with the spans. The probe tests the category outside its scan (OFFSET 0), so its only usable
 *   index is the key: the partial absence index leads with the date, and with the year's bounds as
 *   parameters the planner took its range for a few rows and scanned it for every span (a plan
 *   that held at 20,000 students and not at 2,000); an equality on the key's first column has no
 *   such alternative, whatever the estimates. Enrollments of a student never overlap
 *   (EnrollmentService.insert), so a day is in one span at most;
 * - `school_id`, `grade_level`: the enrollment on that day (whose team had to respond);
 * - `respond_by`: the TRIGGER_RESPONSE_SCHOOL_DAYS-th (10th) instructional day after it, or the
 *   year's last instructional day when the year ends sooner;
 * - `responded_on`: the first attendance action logged for the student (any case) dated from the
 *   trigger day to respond_by; it may be later than up_to, so readers compare it with their date.
 *
 * Attendance days corrected later count as corrected (attendance_day keeps the current category).
 */
export function triggerResponseCtes(years: string): string {
  const status = attendanceStatusSql({
    daysEnrolled: 'x.days_enrolled',
    absences: 'x.absences',
    monthOneAbsences: 'x.month_one',
    monthTwoAbsences: 'x.month_two',
  });
  // Instructional days are numbered by their position in the year (`trg_days.d`, sorted): days
  // enrolled up to a day inside a span = the span's days before + (the day's position - the
  // position before the span's first day), which is instructionalDaysSql split in two so the
  // spans carry numbers, not the year's array. Deleted students are left out by their own key
  // (`ab`), in the spans' student order, rather than by hashing the student table.
  return `
  trg_days AS (
    SELECT y.year_id, coalesce(array_agg(i.calendar_date ORDER BY i.calendar_date) FILTER (WHERE i.calendar_date IS NOT NULL), '{}'::date[]) AS d
      FROM ${years} y
      LEFT JOIN instructional_day i ON i.calendar_date >= y.year_from
       AND i.calendar_date < coalesce((SELECT min(n.start_date) FROM school_year n WHERE n.start_date > y.year_from), 'infinity'::date)
     GROUP BY y.year_id
  ),
  trg_enrolled AS (
    SELECT en.year_id, en.student_id, en.school_id, en.grade_level, en.span_from, en.span_to, p.position_before, p.days
      FROM (
      SELECT y.year_id, e.student_id, e.school_id, e.grade_level,
             greatest(e.entry_date, y.year_from) AS span_from, least(coalesce(e.exit_date, y.up_to), y.up_to) AS span_to
        FROM ${years} y
        JOIN enrollment e ON e.entry_date <= y.up_to AND (e.exit_date IS NULL OR e.exit_date >= y.year_from)
      ) en
      -- Numbered per row: joined, the year's array went with every enrollment into the sort.
      CROSS JOIN LATERAL (
        SELECT width_bucket(en.span_from - 1, td.d) AS position_before,
               ${instructionalDaysSql('td.d', 'en.span_from', 'en.span_to')} AS days
          FROM trg_days td WHERE td.year_id = en.year_id OFFSET 0) p
  ),
  trg_span AS (
    SELECT x.*, sum(x.days) OVER (PARTITION BY x.year_id, x.student_id ORDER BY x.span_from) - x.days AS days_before
      FROM trg_enrolled x
  ),
  trg_first AS (
    SELECT DISTINCT ON (s.year_id, s.student_id) s.year_id, s.student_id, f.triggered_on, s.school_id, s.grade_level
      FROM trg_span s
      JOIN ${years} y ON y.year_id = s.year_id
      JOIN trg_days td ON td.year_id = s.year_id
      CROSS JOIN attendance_settings cfg
      -- The span's absences from the first day of the year to its end, in date order (OFFSET 0:
      -- once per span, and the category tested outside the key's scan).
      CROSS JOIN LATERAL (
        SELECT ARRAY(
          SELECT r.calendar_date
            FROM (SELECT a.calendar_date, a.category FROM attendance_day a
                   WHERE a.student_id = s.student_id AND a.calendar_date BETWEEN y.year_from AND s.span_to
                   ORDER BY a.calendar_date OFFSET 0) r
           WHERE ${isAbsenceSql('r.category')}
           ORDER BY r.calendar_date) AS d
          FROM student st WHERE st.id = s.student_id AND st.deleted_at IS NULL
        OFFSET 0) ab
      -- Its first day at Tier 2 or 3: an absence (the n-th of the year: n absences to date), or the
      -- day it reaches the minimum days enrolled.
      CROSS JOIN LATERAL (
        SELECT min(c.day) AS triggered_on
          FROM (
          SELECT u.day, u.absences, width_bucket(u.day, td.d) AS position
            FROM unnest(ab.d) WITH ORDINALITY u(day, absences)
           WHERE u.day >= s.span_from
          UNION ALL
          SELECT td.d[r.position], width_bucket(td.d[r.position], ab.d), r.position
            FROM (SELECT s.position_before + cfg.minimum_days_enrolled - s.days_before AS position) r
           WHERE s.days_before < cfg.minimum_days_enrolled AND s.days_before + s.days >= cfg.minimum_days_enrolled
          ) c
          CROSS JOIN LATERAL (
            SELECT c.absences,
                   least(c.absences, width_bucket(${earlyWindowEndSql('y.year_from', 1)} - 1, ab.d)) AS month_one,
                   least(c.absences, width_bucket(${earlyWindowEndSql('y.year_from', 2)} - 1, ab.d)) AS month_two,
                   s.days_before + greatest(0, c.position - s.position_before) AS days_enrolled) x
         WHERE ${status.tier} >= 2) f
     WHERE f.triggered_on IS NOT NULL
     ORDER BY s.year_id, s.student_id, f.triggered_on
  ),
  att_trigger AS MATERIALIZED (
    SELECT f.*, r.respond_by,
           (SELECT min(a.action_date) FROM attendance_action a
             WHERE a.student_id = f.student_id AND a.action_date BETWEEN f.triggered_on AND r.respond_by) AS responded_on
      FROM trg_first f
      JOIN trg_days td ON td.year_id = f.year_id
      CROSS JOIN LATERAL (
        SELECT coalesce(td.d[width_bucket(f.triggered_on, td.d) + ${TRIGGER_RESPONSE_SCHOOL_DAYS}], td.d[cardinality(td.d)]) AS respond_by) r
  )`;
}
