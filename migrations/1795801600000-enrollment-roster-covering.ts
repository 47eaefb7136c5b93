import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A school's roster on a day (every student page, queue and rollup by school starts there) is
 * read from enrollment_school_idx alone: with exit_date and student_id in the index, PostgreSQL
 * no longer visits each enrollment row to check the exit date and take the student.
 */
export class EnrollmentRosterCovering1795801600000 implements MigrationInterface {
  name = 'EnrollmentRosterCovering1795801600000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "enrollment_school_idx"`);
    await queryRunner.query(`CREATE INDEX "enrollment_school_idx" ON "enrollment" ("school_id", "entry_date") INCLUDE ("exit_date", "student_id")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "enrollment_school_idx"`);
    await queryRunner.query(`CREATE INDEX "enrollment_school_idx" ON "enrollment" ("school_id", "entry_date")`);
  }
}
