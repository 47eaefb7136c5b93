import { enrolledOn } from '../effective-dates';

/**
 * A family of indicators computed from the same units (students, plans, sessions, schools) in one
 * statement. Its CTEs read `dates (as_of, period_from)` (one row per as-of date: one for a rollup,
 * a generated series for a trend) and end with `units`, one row per unit and as-of date with the
 * columns `as_of`, `student_id` (null when units are not students'), `school_id` (where the unit is
 * counted), `grade_level` (null likewise) and the family's own columns, which the registry's
 * numerator and denominator SQL read through the alias `u`.
 */
export interface IndicatorFamily {
  key: FamilyKey;
  /** Units belong to students: the family can be cut by grade and student group and drilled into. */
  studentUnits: boolean;
  /** Needs the `roster` CTE (students enrolled on each as-of date). */
  usesRoster: boolean;
  /**
   * At most one unit per student and as-of date (each CTE keyed or grouped by them), so counting a
   * cell's units with a student counts its distinct students. The rollup then counts instead of
   * `count(DISTINCT student_id)`, which sorts every cell's students once per figure and kept the
   * figures from being grouped by hashing: 10-15% of these families' time at 5x the district.
   */
  oneUnitPerStudent: boolean;
  /** `name AS (...)` CTEs separated by commas, the last one `units`. */
  ctes: string;
}

export type FamilyKey = 'tiers' | 'screening' | 'plans' | 'tutoringDosage' | 'tutoringSessions' | 'meetings' | 'attendance' | 'attendanceCases'
  | 'attendanceTriggers' | 'attendanceInterventions';

/**
 * `roster`: each student enrolled on each as-of date, at the school and in the grade of that
 * enrollment (not deleted). Student-unit indicators count a student where the roster puts them.
 * One row per student and date as the rows come: a student's enrollments never overlap (the
 * database's enrollment_no_overlap, migration 1795801900000), so no sort of every enrollment of
 * the district to keep each student's latest, as this took before the database held the rule.
 */
export const ROSTER_CTE = `
  roster AS (
    SELECT d.as_of, d.period_from, e.student_id, e.school_id, e.grade_level
      FROM dates d
      JOIN enrollment e ON ${enrolledOn('e', 'd.as_of')}
      JOIN student st ON st.id = e.student_id AND st.deleted_at IS NULL
  )`;

/**
 * The roster row of one student on one date (`school_id`, `grade_level`; none when not enrolled
 * then or deleted): the `roster` rule for one student, as a LATERAL subquery. For a family whose
 * units are a small share of the district (tutored students, students above Tier 1), looking their
 * rows up costs one enrollment index probe each, where `roster` sorts every enrollment of the
 * district. Not for open cases: there the probes turned the cases' own joins into nested loops and
 * doubled a weekly trend's time while saving a fifth of the single date's.
 */
export const rosterOf = (student: string, day: string) => `
  SELECT e.school_id, e.grade_level FROM enrollment e
   WHERE e.student_id = ${student} AND ${enrolledOn('e', day)}
     AND EXISTS (SELECT 1 FROM student st WHERE st.id = e.student_id AND st.deleted_at IS NULL)
   ORDER BY e.entry_date DESC LIMIT 1`;

/** SQL list of quoted literals, for code constants (never user input). */
export const sqlList = (values: readonly string[]) => values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ');
