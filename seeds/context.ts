import type { EntityManager } from 'typeorm';

/** What the module seeds read back from the foundation seed (in the same transaction). */
export interface SeedContext {
  year: { id: string; name: string; start: string; end: string };
  /** Instructional days of the year up to and including asOf, in order. */
  days: string[];
  students: { id: string; grade: number; schoolId: string }[];
  schools: { id: string; code: string; lowestGrade: number; highestGrade: number }[];
  staffBySchool: Map<string, { id: string; role: string }[]>;
  asOf: string;
}

/**
 * Reads the seeded district: the school year containing `asOf` (or the latest), its days up to
 * `asOf`, each student's school on `asOf` (or their last one), and the staff of each school.
 */
export async function loadSeedContext(em: EntityManager, asOf: string): Promise<SeedContext> {
  const [year] = await em.query(
    `SELECT id, name, start_date AS start, end_date AS "end" FROM school_year WHERE start_date <= $1 ORDER BY start_date DESC LIMIT 1`,
    [asOf],
  );
  if (!year) throw new Error(`no school year has started by ${asOf}`);
  const until = asOf < year.end ? asOf : year.end;
  const days = (await em.query(`SELECT calendar_date AS d FROM instructional_day WHERE school_year_id = $1 AND calendar_date <= $2 ORDER BY 1`, [year.id, until]))
    .map((r: { d: string }) => r.d);
  const students = await em.query(
    `SELECT DISTINCT ON (s.id) s.id, s.grade_level AS grade, e.school_id AS "schoolId"
       FROM student s JOIN enrollment e ON e.student_id = s.id AND e.entry_date <= $1
      WHERE s.deleted_at IS NULL
      ORDER BY s.id, e.entry_date DESC`,
    [until],
  );
  const schools = await em.query(`SELECT id, code, lowest_grade AS "lowestGrade", highest_grade AS "highestGrade" FROM school ORDER BY code`);
  const staffRows: { id: string; role: string; schoolId: string }[] = await em.query(
    `SELECT u.id, u.role, m.school_id AS "schoolId" FROM staff_user u JOIN school_membership m ON m.staff_user_id = u.id
      WHERE u.active AND m.end_date IS NULL ORDER BY u.email`,
  );
  const staffBySchool = new Map<string, { id: string; role: string }[]>();
  for (const row of staffRows) {
    const list = staffBySchool.get(row.schoolId) ?? [];
    list.push({ id: row.id, role: row.role });
    staffBySchool.set(row.schoolId, list);
  }
  return { year, days, students, schools, staffBySchool, asOf: until };
}
