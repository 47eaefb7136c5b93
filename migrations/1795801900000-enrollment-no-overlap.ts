import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A student's enrollments never overlap (both ends inclusive, an open enrollment running on): the
 * database now enforces what EnrollmentService.insert checked under the student's row lock, so no
 * writer (service, import, seed, SQL by hand) can enroll a student at two schools on one day.
 * Everything that counts a student once per day rests on it: the roster page (one enrollment covers
 * today), and the indicators' roster, which can then take each student's enrollment on a date as it
 * comes instead of sorting every enrollment of the district to keep each student's latest (issue 9).
 *
 * btree_gist (a trusted contrib extension since PostgreSQL 13: the database owner may create it)
 * gives GiST the `=` on uuid that the constraint pairs with the date ranges' `&&`.
 */
export class EnrollmentNoOverlap1795801900000 implements MigrationInterface {
  name = 'EnrollmentNoOverlap1795801900000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // Enrollments written around the service (SQL by hand, an old import) may already overlap: say
    // which, rather than leave the operator with the constraint's first conflicting key.
    const overlapping: { student_id: string; local_id: string; spans: string }[] = await queryRunner.query(
      `SELECT a.student_id, s.local_id,
              a.entry_date || '..' || coalesce(a.exit_date::text, '') || ' and ' || b.entry_date || '..' || coalesce(b.exit_date::text, '') AS spans
         FROM enrollment a
         JOIN enrollment b ON b.student_id = a.student_id AND (b.entry_date, b.id) > (a.entry_date, a.id)
          AND a.entry_date <= coalesce(b.exit_date, 'infinity') AND b.entry_date <= coalesce(a.exit_date, 'infinity')
         JOIN student s ON s.id = a.student_id
        ORDER BY s.local_id LIMIT 20`,
    );
    if (overlapping.length > 0) {
      throw new Error(
        `enrollment_no_overlap: students have enrollments that share days; end or correct them, then migrate again: ${overlapping
          .map((o) => `student ${o.local_id} (${o.student_id}): ${o.spans}`)
          .join('; ')}${overlapping.length === 20 ? '; ...' : ''}`,
      );
    }
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS btree_gist`);
    await queryRunner.query(
      `ALTER TABLE "enrollment" ADD CONSTRAINT "enrollment_no_overlap" EXCLUDE USING gist ("student_id" WITH =, daterange("entry_date", "exit_date", '[]') WITH &&)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // The extension stays: other databases' objects or other schemas may use it.
    await queryRunner.query(`ALTER TABLE "enrollment" DROP CONSTRAINT "enrollment_no_overlap"`);
  }
}
