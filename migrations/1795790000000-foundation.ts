import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The foundation: district calendar, schools, staff and their school memberships, students and
 * their enrollments, caseloads, and the append-only audit trail.
 */
export class Foundation1795790000000 implements MigrationInterface {
  name = 'Foundation1795790000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "audit_event" ("id" BIGSERIAL NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "actor_id" uuid, "actor_role" character varying(40), "action" character varying(80) NOT NULL, "entity_type" character varying(60) NOT NULL, "entity_id" uuid, "student_id" uuid, "request_id" character varying(64), "before" jsonb, "after" jsonb, CONSTRAINT "PK_481efbe8b0a403efe3f47a6528f" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "audit_event_actor_idx" ON "audit_event"("actor_id", "occurred_at") `);
    await queryRunner.query(`CREATE INDEX "audit_event_student_idx" ON "audit_event"("student_id", "occurred_at") `);
    await queryRunner.query(`CREATE TABLE "school_year" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(20) NOT NULL, "start_date" date NOT NULL, "end_date" date NOT NULL, CONSTRAINT "school_year_dates_ordered" CHECK ("end_date" > "start_date"), CONSTRAINT "PK_77783460dce6d4d0ded59c4f246" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "school_year_name_key" ON "school_year"("name") `);
    await queryRunner.query(`CREATE TABLE "term" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "school_year_id" uuid NOT NULL, "name" character varying(60) NOT NULL, "start_date" date NOT NULL, "end_date" date NOT NULL, CONSTRAINT "term_dates_ordered" CHECK ("end_date" >= "start_date"), CONSTRAINT "PK_55b0479f0743f2e5d5ec414821e" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "term_school_year_name_key" ON "term"("school_year_id", "name") `);
    await queryRunner.query(`CREATE TABLE "instructional_day" ("calendar_date" date NOT NULL, "school_year_id" uuid NOT NULL, CONSTRAINT "PK_07cbc61506b62894554520db456" PRIMARY KEY ("calendar_date"))`);
    await queryRunner.query(`CREATE INDEX "instructional_day_school_year_idx" ON "instructional_day"("school_year_id") `);
    await queryRunner.query(`CREATE TYPE "school_level" AS ENUM('ELEMENTARY', 'MIDDLE', 'K8', 'HIGH', 'OTHER')`);
    await queryRunner.query(`CREATE TABLE "school" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" character varying(20) NOT NULL, "name" character varying(200) NOT NULL, "level" "school_level" NOT NULL, "lowest_grade" smallint NOT NULL, "highest_grade" smallint NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', CONSTRAINT "school_grades_in_range" CHECK ("lowest_grade" >= -1 AND "highest_grade" <= 12 AND "lowest_grade" <= "highest_grade"), CONSTRAINT "PK_57836c3fe2f2c7734b20911755e" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "school_code_key" ON "school"("code") `);
    await queryRunner.query(`CREATE TYPE "staff_role" AS ENUM('TEACHER', 'INTERVENTIONIST', 'TUTOR', 'COUNSELOR', 'SCHOOL_ADMIN', 'DISTRICT_LEAD', 'DISTRICT_ADMIN')`);
    await queryRunner.query(`CREATE TABLE "staff_user" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "email" character varying(254) NOT NULL, "given_name" character varying(100) NOT NULL, "family_name" character varying(100) NOT NULL, "role" "staff_role" NOT NULL, "active" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', CONSTRAINT "PK_cec9365d9fc3a3409158b645f2e" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "staff_user_email_key" ON "staff_user"("email") `);
    await queryRunner.query(`CREATE TABLE "school_membership" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "staff_user_id" uuid NOT NULL, "school_id" uuid NOT NULL, "start_date" date NOT NULL, "end_date" date, CONSTRAINT "school_membership_dates_ordered" CHECK ("end_date" IS NULL OR "end_date" >= "start_date"), CONSTRAINT "PK_27d310cb9a1e09548bd6d033aa2" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "school_membership_school_idx" ON "school_membership"("school_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "school_membership_open_key" ON "school_membership"("staff_user_id", "school_id") WHERE "end_date" IS NULL`);
    await queryRunner.query(`CREATE TYPE "gender" AS ENUM('FEMALE', 'MALE', 'NONBINARY', 'NOT_REPORTED')`);
    await queryRunner.query(`CREATE TYPE "race_ethnicity" AS ENUM('HISPANIC_LATINO', 'AMERICAN_INDIAN_ALASKA_NATIVE', 'ASIAN', 'BLACK_AFRICAN_AMERICAN', 'NATIVE_HAWAIIAN_PACIFIC_ISLANDER', 'WHITE', 'TWO_OR_MORE', 'NOT_REPORTED')`);
    await queryRunner.query(`CREATE TABLE "student" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "local_id" character varying(40) NOT NULL, "given_name" character varying(100) NOT NULL, "family_name" character varying(100) NOT NULL, "birth_date" date NOT NULL, "grade_level" smallint NOT NULL, "gender" "gender" NOT NULL DEFAULT 'NOT_REPORTED', "race_ethnicity" "race_ethnicity" NOT NULL DEFAULT 'NOT_REPORTED', "english_learner" boolean NOT NULL DEFAULT false, "student_with_disability" boolean NOT NULL DEFAULT false, "free_reduced_meals" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "deleted_at" TIMESTAMP WITH TIME ZONE, "version" integer NOT NULL DEFAULT '1', CONSTRAINT "student_grade_in_range" CHECK ("grade_level" BETWEEN -1 AND 12), CONSTRAINT "PK_3d8016e1cb58429474a3c041904" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "student_local_id_key" ON "student"("local_id") `);
    await queryRunner.query(`CREATE INDEX "student_family_name_idx" ON "student"("family_name", "given_name") `);
    await queryRunner.query(`CREATE TABLE "enrollment" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "student_id" uuid NOT NULL, "school_id" uuid NOT NULL, "grade_level" smallint NOT NULL, "entry_date" date NOT NULL, "exit_date" date, "exit_reason" character varying(200), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "enrollment_grade_in_range" CHECK ("grade_level" BETWEEN -1 AND 12), CONSTRAINT "enrollment_dates_ordered" CHECK ("exit_date" IS NULL OR "exit_date" >= "entry_date"), CONSTRAINT "PK_7e200c699fa93865cdcdd025885" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "enrollment_school_idx" ON "enrollment"("school_id", "entry_date") `);
    await queryRunner.query(`CREATE INDEX "enrollment_student_idx" ON "enrollment"("student_id", "entry_date") `);
    await queryRunner.query(`CREATE TYPE "caseload_kind" AS ENUM('HOMEROOM', 'SECTION', 'EXPLICIT')`);
    await queryRunner.query(`CREATE TABLE "caseload_assignment" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "staff_user_id" uuid NOT NULL, "student_id" uuid NOT NULL, "kind" "caseload_kind" NOT NULL, "start_date" date NOT NULL, "end_date" date, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "caseload_assignment_dates_ordered" CHECK ("end_date" IS NULL OR "end_date" >= "start_date"), CONSTRAINT "PK_9d8b294829180c3b4290edfd132" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "caseload_assignment_open_key" ON "caseload_assignment"("staff_user_id", "student_id", "kind") WHERE "end_date" IS NULL`);
    await queryRunner.query(`CREATE INDEX "caseload_assignment_student_idx" ON "caseload_assignment"("student_id") `);
    await queryRunner.query(`CREATE INDEX "caseload_assignment_staff_idx" ON "caseload_assignment"("staff_user_id", "student_id") `);
    await queryRunner.query(`ALTER TABLE "term" ADD CONSTRAINT "FK_c13eba2dbedddc9ac108fc856db" FOREIGN KEY ("school_year_id") REFERENCES "school_year"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "instructional_day" ADD CONSTRAINT "FK_dc21b40a23bdf26d7661fbe11be" FOREIGN KEY ("school_year_id") REFERENCES "school_year"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "school_membership" ADD CONSTRAINT "FK_497d40a20d92a3be68362993e03" FOREIGN KEY ("staff_user_id") REFERENCES "staff_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "school_membership" ADD CONSTRAINT "FK_329d206995c6c8a807b629254f3" FOREIGN KEY ("school_id") REFERENCES "school"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "enrollment" ADD CONSTRAINT "FK_eb0d79d7b8954d3129d032b0bb1" FOREIGN KEY ("student_id") REFERENCES "student"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "enrollment" ADD CONSTRAINT "FK_7594905fc70363ec500daaa7ef8" FOREIGN KEY ("school_id") REFERENCES "school"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "caseload_assignment" ADD CONSTRAINT "FK_3ccb9dcb8ffabcc7db150716158" FOREIGN KEY ("staff_user_id") REFERENCES "staff_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "caseload_assignment" ADD CONSTRAINT "FK_7d900119b701ab67b3e8836a22b" FOREIGN KEY ("student_id") REFERENCES "student"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    // The audit trail is append-only: no role may rewrite or erase what was recorded.
    await queryRunner.query(`CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit_event is append-only'; END $$`);
    await queryRunner.query(`CREATE TRIGGER audit_event_no_update_or_delete BEFORE UPDATE OR DELETE ON "audit_event"
      FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER audit_event_no_update_or_delete ON "audit_event"`);
    await queryRunner.query(`DROP FUNCTION audit_event_append_only()`);
    await queryRunner.query(`ALTER TABLE "caseload_assignment" DROP CONSTRAINT "FK_7d900119b701ab67b3e8836a22b"`);
    await queryRunner.query(`ALTER TABLE "caseload_assignment" DROP CONSTRAINT "FK_3ccb9dcb8ffabcc7db150716158"`);
    await queryRunner.query(`ALTER TABLE "enrollment" DROP CONSTRAINT "FK_7594905fc70363ec500daaa7ef8"`);
    await queryRunner.query(`ALTER TABLE "enrollment" DROP CONSTRAINT "FK_eb0d79d7b8954d3129d032b0bb1"`);
    await queryRunner.query(`ALTER TABLE "school_membership" DROP CONSTRAINT "FK_329d206995c6c8a807b629254f3"`);
    await queryRunner.query(`ALTER TABLE "school_membership" DROP CONSTRAINT "FK_497d40a20d92a3be68362993e03"`);
    await queryRunner.query(`ALTER TABLE "instructional_day" DROP CONSTRAINT "FK_dc21b40a23bdf26d7661fbe11be"`);
    await queryRunner.query(`ALTER TABLE "term" DROP CONSTRAINT "FK_c13eba2dbedddc9ac108fc856db"`);
    await queryRunner.query(`DROP INDEX "caseload_assignment_staff_idx"`);
    await queryRunner.query(`DROP INDEX "caseload_assignment_student_idx"`);
    await queryRunner.query(`DROP INDEX "caseload_assignment_open_key"`);
    await queryRunner.query(`DROP TABLE "caseload_assignment"`);
    await queryRunner.query(`DROP TYPE "caseload_kind"`);
    await queryRunner.query(`DROP INDEX "enrollment_student_idx"`);
    await queryRunner.query(`DROP INDEX "enrollment_school_idx"`);
    await queryRunner.query(`DROP TABLE "enrollment"`);
    await queryRunner.query(`DROP INDEX "student_family_name_idx"`);
    await queryRunner.query(`DROP INDEX "student_local_id_key"`);
    await queryRunner.query(`DROP TABLE "student"`);
    await queryRunner.query(`DROP TYPE "race_ethnicity"`);
    await queryRunner.query(`DROP TYPE "gender"`);
    await queryRunner.query(`DROP INDEX "school_membership_open_key"`);
    await queryRunner.query(`DROP INDEX "school_membership_school_idx"`);
    await queryRunner.query(`DROP TABLE "school_membership"`);
    await queryRunner.query(`DROP INDEX "staff_user_email_key"`);
    await queryRunner.query(`DROP TABLE "staff_user"`);
    await queryRunner.query(`DROP TYPE "staff_role"`);
    await queryRunner.query(`DROP INDEX "school_code_key"`);
    await queryRunner.query(`DROP TABLE "school"`);
    await queryRunner.query(`DROP TYPE "school_level"`);
    await queryRunner.query(`DROP INDEX "instructional_day_school_year_idx"`);
    await queryRunner.query(`DROP TABLE "instructional_day"`);
    await queryRunner.query(`DROP INDEX "term_school_year_name_key"`);
    await queryRunner.query(`DROP TABLE "term"`);
    await queryRunner.query(`DROP INDEX "school_year_name_key"`);
    await queryRunner.query(`DROP TABLE "school_year"`);
    await queryRunner.query(`DROP INDEX "audit_event_student_idx"`);
    await queryRunner.query(`DROP INDEX "audit_event_actor_idx"`);
    await queryRunner.query(`DROP TABLE "audit_event"`);
  }
}
