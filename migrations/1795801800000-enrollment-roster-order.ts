import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A school's roster kept in name order: enrollment carries copies of its student's family and given
 * names, and enrollment_roster_idx orders each school's enrollments by them (then student id). A page
 * of a school's students (Query.students by school, School.students) then walks the index from the
 * cursor and stops after the page, where it used to probe the student key for every student enrolled
 * today and sort them all: 898 probes per page at the largest Hartford school, for a page of 1 as for
 * one of 100 (issue 9). entry_date and exit_date are included so "enrolled today" is checked in the
 * index before the student is visited.
 *
 * The copies belong to the database: a BEFORE trigger on enrollment sets them from the student on
 * every insert, change of student or write of the copies, and an AFTER trigger on student rewrites
 * them on a rename, so no writer (service, import, seed, SQL by hand) can leave them stale. enrollment_school_idx stays: the
 * scope check, the queues and the indicators find a school's enrollments by entry date.
 */
export class EnrollmentRosterOrder1795801800000 implements MigrationInterface {
  name = 'EnrollmentRosterOrder1795801800000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "enrollment" ADD "family_name" character varying(100)`);
    await queryRunner.query(`ALTER TABLE "enrollment" ADD "given_name" character varying(100)`);
    await queryRunner.query(
      `UPDATE "enrollment" e SET "family_name" = s."family_name", "given_name" = s."given_name" FROM "student" s WHERE s."id" = e."student_id"`,
    );
    await queryRunner.query(`ALTER TABLE "enrollment" ALTER COLUMN "family_name" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "enrollment" ALTER COLUMN "given_name" SET NOT NULL`);
    // A student id with no student leaves the names null: the NOT NULL check then refuses the row
    // as clearly as the foreign key (checked after the trigger) would. A write of the names
    // themselves fires it too, so they cannot be set to anything but the student's.
    await queryRunner.query(`CREATE FUNCTION enrollment_student_names() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        SELECT s.family_name, s.given_name INTO NEW.family_name, NEW.given_name FROM student s WHERE s.id = NEW.student_id;
        RETURN NEW;
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER enrollment_student_names BEFORE INSERT OR UPDATE OF student_id, family_name, given_name ON "enrollment" FOR EACH ROW EXECUTE FUNCTION enrollment_student_names()`,
    );
    await queryRunner.query(`CREATE FUNCTION student_names_to_enrollments() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE enrollment SET family_name = NEW.family_name, given_name = NEW.given_name WHERE student_id = NEW.id;
        RETURN NULL;
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER student_names_to_enrollments AFTER UPDATE OF family_name, given_name ON "student" FOR EACH ROW
       WHEN (OLD.family_name IS DISTINCT FROM NEW.family_name OR OLD.given_name IS DISTINCT FROM NEW.given_name)
       EXECUTE FUNCTION student_names_to_enrollments()`,
    );
    await queryRunner.query(
      `CREATE INDEX "enrollment_roster_idx" ON "enrollment" ("school_id", "family_name", "given_name", "student_id") INCLUDE ("entry_date", "exit_date")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "enrollment_roster_idx"`);
    await queryRunner.query(`DROP TRIGGER student_names_to_enrollments ON "student"`);
    await queryRunner.query(`DROP FUNCTION student_names_to_enrollments()`);
    await queryRunner.query(`DROP TRIGGER enrollment_student_names ON "enrollment"`);
    await queryRunner.query(`DROP FUNCTION enrollment_student_names()`);
    await queryRunner.query(`ALTER TABLE "enrollment" DROP COLUMN "given_name"`);
    await queryRunner.query(`ALTER TABLE "enrollment" DROP COLUMN "family_name"`);
  }
}
