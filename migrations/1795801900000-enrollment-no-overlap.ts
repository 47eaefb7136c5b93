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
