import type { EntityManager } from 'typeorm';
import { AttendanceCategory } from './attendance-enums';
import { SUMMARY_COLUMNS, addMonthsSql, monthStartSql } from './attendance-rules';

const COLUMNS = Object.values(AttendanceCategory).map((c) => SUMMARY_COLUMNS[c]);
const COUNTS = Object.values(AttendanceCategory)
  .map((c) => `(count(a.category) FILTER (WHERE a.category = '${c}'))::smallint AS ${SUMMARY_COLUMNS[c]}`)
  .join(', ');

/**
 * attendance_month_summary computed from scratch out of attendance_day: what the maintained table
 * must always equal (the rebuild uses it; a test compares the two after series of writes).
 */
export const SUMMARY_FROM_DAYS_SQL = `
  SELECT a.student_id, a.school_id, ${monthStartSql('a.calendar_date')} AS month, ${COUNTS}
    FROM attendance_day a
   GROUP BY a.student_id, a.school_id, ${monthStartSql('a.calendar_date')}`;

/** A (student, school, month) whose summary must be recomputed after a write. */
export interface SummaryKey {
  studentId: string;
  schoolId: string;
  /** Any date in the month. */
  date: string;
}

/**
 * Recomputes the summaries of the given (student, school, month) keys from attendance_day in one
 * set-based INSERT ... ON CONFLICT DO UPDATE, inside the writer's transaction. Recomputing (rather
 * than adding deltas) cannot drift: writers of a student's days hold that student's row lock, so
 * each recomputation sees every committed day of its keys.
 */
export async function refreshSummaries(em: EntityManager, keys: readonly SummaryKey[]): Promise<void> {
  if (keys.length === 0) return;
  await em.query(
    `INSERT INTO attendance_month_summary AS s (student_id, school_id, month, ${COLUMNS.join(', ')})
     SELECT k.student_id, k.school_id, k.month, ${COUNTS}
       FROM (SELECT DISTINCT student_id, school_id, ${monthStartSql('d')} AS month
               FROM unnest($1::uuid[], $2::uuid[], $3::date[]) AS u(student_id, school_id, d)) k
       LEFT JOIN attendance_day a
         ON a.student_id = k.student_id AND a.school_id = k.school_id
        AND a.calendar_date >= k.month AND a.calendar_date < ${addMonthsSql('k.month', 1)}
      GROUP BY k.student_id, k.school_id, k.month
     ON CONFLICT (student_id, school_id, month) DO UPDATE
        SET ${COLUMNS.map((c) => `${c} = EXCLUDED.${c}`).join(', ')}`,
    [keys.map((k) => k.studentId), keys.map((k) => k.schoolId), keys.map((k) => k.date)],
  );
}

/**
 * A data-modifying statement (for a WITH clause) that applies a bulk write's changes to the
 * summaries as counts added and taken away, without rereading the month's days: the import writes
 * millions of days, and recomputing each touched month would reread every day of it once per batch.
 * `changes` names a relation of the days written: student_id, school_id, calendar_date, category
 * (as written) and old_school_id, old_category (as they were, null for a new day). Exact only when
 * those old values are the stored ones, so the writer must hold the students' row locks (as every
 * writer of attendance_day does) from before it read them until it commits.
 */
export function applySummaryChangesSql(changes: string): string {
  const categories = Object.values(AttendanceCategory);
  const month = monthStartSql('calendar_date');
  return `INSERT INTO attendance_month_summary AS s (student_id, school_id, month, ${COLUMNS.join(', ')})
    SELECT d.student_id, d.school_id, d.month,
           ${categories.map((c) => `coalesce(sum(d.n) FILTER (WHERE d.category = '${c}'), 0)::smallint`).join(', ')}
      FROM (SELECT student_id, school_id, ${month} AS month, category, 1 AS n FROM ${changes}
            UNION ALL
            SELECT student_id, old_school_id, ${month}, old_category, -1 FROM ${changes} WHERE old_category IS NOT NULL) d
     GROUP BY d.student_id, d.school_id, d.month
    ON CONFLICT (student_id, school_id, month) DO UPDATE
       SET ${COLUMNS.map((c) => `${c} = s.${c} + EXCLUDED.${c}`).join(', ')}`;
}

/** Rebuilds every summary from attendance_day, set-based (after a bulk load such as the seed). */
export async function rebuildSummaries(em: EntityManager): Promise<number> {
  await em.query('DELETE FROM attendance_month_summary');
  await em.query(`INSERT INTO attendance_month_summary (student_id, school_id, month, ${COLUMNS.join(', ')}) ${SUMMARY_FROM_DAYS_SQL}`);
  const [{ rows }] = await em.query('SELECT count(*)::int AS rows FROM attendance_month_summary');
  return rows;
}
