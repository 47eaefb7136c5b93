import { AttendanceCategory } from './attendance-enums';
import {
  SUMMARY_COLUMNS,
  addMonthsSql,
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
