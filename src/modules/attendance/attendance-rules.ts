import { AttendanceCategory } from './attendance-enums';

/*
 * The attendance definitions. Each rule lives here once, as a SQL fragment that every query
 * composes (a student's profile, a school's chronic-absence list, the district rate and the team
 * queues), so no two places can disagree about who is chronically absent.
 *
 * Sources:
 * - Connecticut State Department of Education, "Chronic Absence" (EdSight) and "Guidelines for
 *   Reporting Student Attendance": a student is chronically absent when absent on 10% or more of the
 *   days they were enrolled, counting every absence: excused, unexcused and disciplinary (out-of-
 *   school suspension). A student present for at least half of the school day is in attendance.
 * - Attendance Works, "Chronic Absence: Tiers of Intervention" and its district/school data tools:
 *   satisfactory attendance (< 5% absent, Tier 1), at risk (5% to < 10%, Tier 2), chronic (>= 10%,
 *   Tier 3) with severe chronic absence at >= 20%; absences early in the year (2 or more in the first
 *   month) predict chronic absence and are the early-warning trigger; students enrolled fewer than
 *   10 days are left out of rates.
 * The percentages and counts are district configuration (attendance_settings, seeded with these
 * defaults); the fragments below read them from the settings row aliased `cfg`.
 */

/**
 * The categories that are absences: every absence counts toward chronic absence, whatever the
 * reason. An out-of-school suspension day is recorded as an absence (Ed-Fi has no separate category;
 * districts code it excused or unexcused) and counts like any other; an in-school suspension is
 * IN_ATTENDANCE. TARDY and EARLY_DEPARTURE are not absences. PARTIAL is not a full-day absence
 * either: under Connecticut's half-day rule a student present for at least half the day is in
 * attendance, so a recorder who saw a student for less than half the day records an absence, and
 * PARTIAL means "present, for part of the day".
 */
export const ABSENCE_CATEGORIES: readonly AttendanceCategory[] = [AttendanceCategory.EXCUSED_ABSENCE, AttendanceCategory.UNEXCUSED_ABSENCE];

/** True (SQL) when the category expression is an absence. Also the predicate of the partial absence index. */
export function isAbsenceSql(category: string): string {
  return `${category} IN (${ABSENCE_CATEGORIES.map((c) => `'${c}'`).join(', ')})`;
}

/**
 * attendance_month_summary keeps one count per category (no rule baked in), so changing what counts
 * as an absence needs no rebuild.
 */
export const SUMMARY_COLUMNS: Readonly<Record<AttendanceCategory, string>> = {
  [AttendanceCategory.IN_ATTENDANCE]: 'in_attendance',
  [AttendanceCategory.EXCUSED_ABSENCE]: 'excused_absence',
  [AttendanceCategory.UNEXCUSED_ABSENCE]: 'unexcused_absence',
  [AttendanceCategory.TARDY]: 'tardy',
  [AttendanceCategory.EARLY_DEPARTURE]: 'early_departure',
  [AttendanceCategory.PARTIAL]: 'partial_day',
};

/** Absences in a summary row (alias `m`). */
export function summaryAbsencesSql(m: string): string {
  return `(${ABSENCE_CATEGORIES.map((c) => `${m}.${SUMMARY_COLUMNS[c]}`).join(' + ')})`;
}

/**
 * Instructional days from `first` to `last` (both included) found in `days`, a sorted date[] of
 * instructional days: width_bucket is a binary search, so counting a span costs O(log n) with no
 * join. Zero when the span is empty.
 */
export function instructionalDaysSql(days: string, first: string, last: string): string {
  return `greatest(0, width_bucket(${last}, ${days}) - width_bucket((${first}) - 1, ${days}))`;
}

/**
 * Days enrolled: the instructional days inside an enrollment span (entry to exit, both included;
 * an open enrollment runs to `until`). `days` must hold only the instructional days of the period,
 * which clips the span to it. A day with no attendance record counts as present: SIS files carry
 * exceptions (negative attendance), so enrollment, not the records, is the denominator.
 */
export function daysEnrolledSql(days: string, enrollment: string, until: string): string {
  return instructionalDaysSql(days, `${enrollment}.entry_date`, `coalesce(${enrollment}.exit_date, ${until})`);
}

/** The first day of the month of a date expression (as a date, independent of the session time zone). */
export function monthStartSql(date: string): string {
  return `date_trunc('month', (${date})::timestamp)::date`;
}

export function addMonthsSql(date: string, months: number): string {
  return `((${date}) + interval '${months} month')::date`;
}

/**
 * The early-warning windows of a school year: "month one" runs from the first day of school to the
 * day before the same date a month later (24 Aug - 23 Sep), "month two" to the day before two
 * months later. Returned as exclusive ends.
 */
export function earlyWindowEndSql(yearStart: string, month: 1 | 2): string {
  return addMonthsSql(yearStart, month);
}

export interface AttendanceCountsSql {
  daysEnrolled: string;
  absences: string;
  /** Absences in month one / months one and two of the school year; omit where not computed. */
  monthOneAbsences?: string;
  monthTwoAbsences?: string;
}

export interface AttendanceStatusSql {
  /** Enrolled at least the minimum days: only these students have a rate. */
  rated: string;
  chronic: string;
  severe: string;
  atRisk: string;
  monthOne: string;
  monthTwo: string;
  /** 3 chronic, 2 at risk (a rate band or an early trigger), 1 satisfactory. */
  tier: string;
}

/**
 * Chronic absence and the attendance tier, from counts and the settings row `cfg`:
 * - rated: days enrolled >= minimum_days_enrolled (default 10); others have no rate and no chronic
 *   status (Attendance Works leaves them out);
 * - chronically absent: absences / days enrolled >= chronic_absence_percent (default 10%). The
 *   comparison is done in exact arithmetic (absences * 100 >= percent * days), so exactly 10.0% is
 *   chronic;
 * - severe: >= severe_absence_percent (default 20%), flagged within Tier 3;
 * - at risk: >= at_risk_absence_percent (default 5%);
 * - early triggers: >= month_one_absences (default 2) absences in month one, or >= month_two_absences
 *   (default 4) in months one and two, of the school year. They apply whatever the days enrolled.
 * - tier: 3 when chronic; 2 when at risk or an early trigger fired; else 1.
 */
export function attendanceStatusSql(counts: AttendanceCountsSql, cfg = 'cfg'): AttendanceStatusSql {
  const rated = `(${counts.daysEnrolled} >= ${cfg}.minimum_days_enrolled)`;
  const atLeast = (percent: string) => `(${rated} AND ${counts.absences} * 100 >= ${cfg}.${percent} * ${counts.daysEnrolled})`;
  const chronic = atLeast('chronic_absence_percent');
  const severe = atLeast('severe_absence_percent');
  const atRisk = atLeast('at_risk_absence_percent');
  const monthOne = counts.monthOneAbsences ? `(${counts.monthOneAbsences} >= ${cfg}.month_one_absences)` : 'false';
  const monthTwo = counts.monthTwoAbsences ? `(${counts.monthTwoAbsences} >= ${cfg}.month_two_absences)` : 'false';
  const tier = `(CASE WHEN ${chronic} THEN 3 WHEN ${atRisk} OR ${monthOne} OR ${monthTwo} THEN 2 ELSE 1 END)`;
  return { rated, chronic, severe, atRisk, monthOne, monthTwo, tier };
}

/**
 * School days the attendance team has to act once a student hits a trigger (strategic plan,
 * Priority 2 fidelity indicator: "a logged team action within 10 school days"): the trigger day
 * and the next 10 instructional days.
 */
export const TRIGGER_RESPONSE_SCHOOL_DAYS = 10;

/** Percent of days enrolled, for display (the rules above compare counts, not rounded rates). */
export function percentOf(count: number, daysEnrolled: number): number | null {
  return daysEnrolled > 0 ? Math.round((10000 * count) / daysEnrolled) / 100 : null;
}
