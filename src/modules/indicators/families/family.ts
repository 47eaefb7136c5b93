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
  /** `name AS (...)` CTEs separated by commas, the last one `units`. */
  ctes: string;
}

export type FamilyKey = 'tiers' | 'screening' | 'plans' | 'tutoringDosage' | 'tutoringSessions' | 'meetings' | 'attendance' | 'attendanceCases'
  | 'attendanceTriggers' | 'attendanceInterventions';

/**
 * `roster`: each student enrolled on each as-of date, at the school and in the grade of that
 * enrollment (not deleted). Student-unit indicators count a student where the roster puts them.
 */
export const ROSTER_CTE = `
  roster AS (
    SELECT DISTINCT ON (d.as_of, e.student_id) d.as_of, d.period_from, e.student_id, e.school_id, e.grade_level
      FROM dates d
      JOIN enrollment e ON ${enrolledOn('e', 'd.as_of')}
      JOIN student st ON st.id = e.student_id AND st.deleted_at IS NULL
     ORDER BY d.as_of, e.student_id, e.entry_date DESC
  )`;

/** SQL list of quoted literals, for code constants (never user input). */
export const sqlList = (values: readonly string[]) => values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ');
