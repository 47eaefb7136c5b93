import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Attendance days reference the (student, school) pairs enrollments have joined, with one foreign
 * key, instead of the student and the school with one each. It proves more (the day's school is one
 * the student has been enrolled at, not any school) and checks less: PostgreSQL checks a foreign key
 * per row inserted, and a year's import writes 3.7 M days at Hartford scale; the school's key was
 * also a scan of the school table per row (a table of 40 rows is cheaper to scan than to probe).
 *
 * student_school is kept by statement-level triggers on enrollment: every pair an insert or update
 * brings is added, none is removed (days recorded under a pair stay valid when an enrollment is
 * later moved). It starts with the pairs of the enrollments and of the days already stored.
 */
export class AttendanceDayStudentSchool1795801700000 implements MigrationInterface {
  name = 'AttendanceDayStudentSchool1795801700000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "student_school" ("student_id" uuid NOT NULL, "school_id" uuid NOT NULL, CONSTRAINT "PK_a13ae821f41bae13b1c235ab532" PRIMARY KEY ("student_id", "school_id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "student_school" ADD CONSTRAINT "FK_0b5977ff452d8fccc3416f6c587" FOREIGN KEY ("student_id") REFERENCES "student"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "student_school" ADD CONSTRAINT "FK_d1d9eef85631c3d0e6d555abfc9" FOREIGN KEY ("school_id") REFERENCES "school"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `INSERT INTO "student_school" ("student_id", "school_id")
       SELECT "student_id", "school_id" FROM "enrollment" UNION SELECT "student_id", "school_id" FROM "attendance_day"`,
    );
    await queryRunner.query(`CREATE FUNCTION student_school_from_enrollment() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO student_school (student_id, school_id) SELECT DISTINCT student_id, school_id FROM enrolled ON CONFLICT DO NOTHING;
        RETURN NULL;
      END $$`);
    // Transition tables allow one event per trigger: one for inserts, one for updates.
    await queryRunner.query(
      `CREATE TRIGGER enrollment_student_school_insert AFTER INSERT ON "enrollment" REFERENCING NEW TABLE AS enrolled FOR EACH STATEMENT EXECUTE FUNCTION student_school_from_enrollment()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER enrollment_student_school_update AFTER UPDATE ON "enrollment" REFERENCING NEW TABLE AS enrolled FOR EACH STATEMENT EXECUTE FUNCTION student_school_from_enrollment()`,
    );
    await queryRunner.query(`ALTER TABLE "attendance_day" DROP CONSTRAINT "FK_59c287af6773cabea1e04567e41"`);
    await queryRunner.query(`ALTER TABLE "attendance_day" DROP CONSTRAINT "FK_38e57eadaecb109569b09a7622f"`);
    await queryRunner.query(
      `ALTER TABLE "attendance_day" ADD CONSTRAINT "FK_6f2e9a2b63329626a59db9404a4" FOREIGN KEY ("student_id", "school_id") REFERENCES "student_school"("student_id","school_id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "attendance_day" DROP CONSTRAINT "FK_6f2e9a2b63329626a59db9404a4"`);
    await queryRunner.query(
      `ALTER TABLE "attendance_day" ADD CONSTRAINT "FK_38e57eadaecb109569b09a7622f" FOREIGN KEY ("student_id") REFERENCES "student"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "attendance_day" ADD CONSTRAINT "FK_59c287af6773cabea1e04567e41" FOREIGN KEY ("school_id") REFERENCES "school"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(`DROP TRIGGER enrollment_student_school_update ON "enrollment"`);
    await queryRunner.query(`DROP TRIGGER enrollment_student_school_insert ON "enrollment"`);
    await queryRunner.query(`DROP FUNCTION student_school_from_enrollment()`);
    await queryRunner.query(`DROP TABLE "student_school"`);
  }
}
