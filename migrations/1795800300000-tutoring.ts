import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * High-dosage tutoring: programs (in-house or with a partner organisation, with target dosage
 * defaulting to the NSSA high-impact tutoring standards) and the schools they serve, partner
 * tutors, groups with their weekly schedule and capacity, students' assignments to groups, and
 * sessions logged once per group with attendance per student. Dosage is derived, never stored.
 * Subjects reuse the "mtss_domain" type created by the tiers migration.
 */
export class Tutoring1795800300000 implements MigrationInterface {
  name = 'Tutoring1795800300000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "tutoring_provider" AS ENUM('IN_HOUSE', 'PARTNER')`);
    await queryRunner.query(`CREATE TYPE "tutoring_setting" AS ENUM('DURING_SCHOOL', 'OUT_OF_SCHOOL_TIME')`);
    await queryRunner.query(`CREATE TABLE "tutoring_program" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(200) NOT NULL, "school_year_id" uuid NOT NULL, "subjects" "mtss_domain" array NOT NULL, "provider" "tutoring_provider" NOT NULL, "partner_organization" character varying(200), "setting" "tutoring_setting" NOT NULL, "start_date" date NOT NULL, "end_date" date NOT NULL, "target_sessions_per_week" smallint NOT NULL DEFAULT '3', "target_minutes_per_session" smallint NOT NULL DEFAULT '30', "target_minutes_per_session_k3" smallint NOT NULL DEFAULT '20', "max_students_per_tutor" smallint NOT NULL DEFAULT '4', "min_weeks" smallint NOT NULL DEFAULT '10', "created_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', CONSTRAINT "tutoring_program_targets_range" CHECK ("target_sessions_per_week" BETWEEN 1 AND 10 AND "target_minutes_per_session" BETWEEN 1 AND 240 AND "target_minutes_per_session_k3" BETWEEN 1 AND 240 AND "max_students_per_tutor" BETWEEN 1 AND 30 AND "min_weeks" BETWEEN 1 AND 52), CONSTRAINT "tutoring_program_dates_ordered" CHECK ("end_date" >= "start_date"), CONSTRAINT "tutoring_program_partner_named" CHECK (("provider" = 'PARTNER') = ("partner_organization" IS NOT NULL)), CONSTRAINT "tutoring_program_subjects_academic" CHECK (cardinality("subjects") >= 1 AND "subjects" <@ '{READING,MATH}'), CONSTRAINT "PK_50f06a9752de100cb6c76c0684b" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "tutoring_program_school_year_idx" ON "tutoring_program"("school_year_id")`);
    await queryRunner.query(`CREATE TABLE "tutoring_program_school" ("program_id" uuid NOT NULL, "school_id" uuid NOT NULL, CONSTRAINT "PK_00b87460e9afc823149b30984c1" PRIMARY KEY ("program_id", "school_id"))`);
    await queryRunner.query(`CREATE INDEX "tutoring_program_school_school_idx" ON "tutoring_program_school"("school_id")`);
    await queryRunner.query(`CREATE TABLE "tutoring_partner_tutor" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "program_id" uuid NOT NULL, "given_name" character varying(100) NOT NULL, "family_name" character varying(100) NOT NULL, "organization" character varying(200) NOT NULL, "active" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', CONSTRAINT "PK_87a88c19d5aa9e9fd9139f427db" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "tutoring_partner_tutor_program_idx" ON "tutoring_partner_tutor"("program_id")`);
    await queryRunner.query(`CREATE TABLE "tutoring_group" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "program_id" uuid NOT NULL, "school_id" uuid NOT NULL, "name" character varying(100) NOT NULL, "subject" "mtss_domain" NOT NULL, "tutor_staff_id" uuid, "partner_tutor_id" uuid, "days_of_week" smallint array NOT NULL, "start_time" TIME NOT NULL, "minutes" smallint NOT NULL, "capacity" smallint NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', CONSTRAINT "tutoring_group_days_valid" CHECK (cardinality("days_of_week") BETWEEN 1 AND 7 AND "days_of_week" <@ '{1,2,3,4,5,6,7}'), CONSTRAINT "tutoring_group_capacity_range" CHECK ("capacity" BETWEEN 1 AND 30), CONSTRAINT "tutoring_group_minutes_range" CHECK ("minutes" BETWEEN 1 AND 240), CONSTRAINT "tutoring_group_subject_academic" CHECK ("subject" IN ('READING', 'MATH')), CONSTRAINT "tutoring_group_one_tutor" CHECK (num_nonnulls("tutor_staff_id", "partner_tutor_id") = 1), CONSTRAINT "PK_3f1a53399c62eed5ecbe76c2639" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "tutoring_group_tutor_staff_idx" ON "tutoring_group"("tutor_staff_id")`);
    await queryRunner.query(`CREATE INDEX "tutoring_group_school_idx" ON "tutoring_group"("school_id")`);
    await queryRunner.query(`CREATE UNIQUE INDEX "tutoring_group_program_name_key" ON "tutoring_group"("program_id", "name")`);
    await queryRunner.query(`CREATE TABLE "tutoring_assignment" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "group_id" uuid NOT NULL, "student_id" uuid NOT NULL, "start_date" date NOT NULL, "end_date" date, "reason" character varying(1000) NOT NULL, "tier_placement_id" uuid, "intervention_plan_id" uuid, "end_reason" character varying(200), "created_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "tutoring_assignment_dates_ordered" CHECK ("end_date" IS NULL OR "end_date" >= "start_date"), CONSTRAINT "PK_307f00aff1eaccb4c78fec2c10d" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "tutoring_assignment_student_idx" ON "tutoring_assignment"("student_id", "start_date")`);
    await queryRunner.query(`CREATE INDEX "tutoring_assignment_group_idx" ON "tutoring_assignment"("group_id", "start_date")`);
    await queryRunner.query(`CREATE TYPE "tutoring_session_status" AS ENUM('HELD', 'CANCELLED')`);
    await queryRunner.query(`CREATE TYPE "tutoring_cancel_reason" AS ENUM('TUTOR_ABSENT', 'SCHOOL_CLOSED', 'STUDENT_EVENT', 'OTHER')`);
    await queryRunner.query(`CREATE TABLE "tutoring_session" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "group_id" uuid NOT NULL, "session_date" date NOT NULL, "status" "tutoring_session_status" NOT NULL, "minutes" smallint, "led_by_staff_id" uuid, "led_by_partner_tutor_id" uuid, "led_by_assigned_tutor" boolean, "cancel_reason" "tutoring_cancel_reason", "note" character varying(1000), "logged_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "tutoring_session_status_consistent" CHECK (("status" = 'HELD' AND "minutes" BETWEEN 1 AND 240 AND "cancel_reason" IS NULL AND num_nonnulls("led_by_staff_id", "led_by_partner_tutor_id") = 1 AND "led_by_assigned_tutor" IS NOT NULL) OR ("status" = 'CANCELLED' AND "minutes" IS NULL AND "cancel_reason" IS NOT NULL AND "led_by_staff_id" IS NULL AND "led_by_partner_tutor_id" IS NULL AND "led_by_assigned_tutor" IS NULL)), CONSTRAINT "PK_6660997aa1e2a7621c7d595564b" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "tutoring_session_group_date_key" ON "tutoring_session"("group_id", "session_date")`);
    await queryRunner.query(`CREATE TABLE "tutoring_attendance" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "session_id" uuid NOT NULL, "assignment_id" uuid NOT NULL, "student_id" uuid NOT NULL, "present" boolean NOT NULL, CONSTRAINT "PK_b598e3270135730c98c864ab6db" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "tutoring_attendance_assignment_idx" ON "tutoring_attendance"("assignment_id")`);
    await queryRunner.query(`CREATE INDEX "tutoring_attendance_student_idx" ON "tutoring_attendance"("student_id")`);
    await queryRunner.query(`CREATE UNIQUE INDEX "tutoring_attendance_session_student_key" ON "tutoring_attendance"("session_id", "student_id")`);
    await queryRunner.query(`ALTER TABLE "tutoring_program" ADD CONSTRAINT "FK_cde2a49ad6d445214376df88982" FOREIGN KEY ("school_year_id") REFERENCES "school_year"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "tutoring_program" ADD CONSTRAINT "FK_996805cbe4eebff37fdaadd922a" FOREIGN KEY ("created_by") REFERENCES "staff_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "tutoring_program_school" ADD CONSTRAINT "FK_e6163334784ce350f8c16280aa2" FOREIGN KEY ("program_id") REFERENCES "tutoring_program"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "tutoring_program_school" ADD CONSTRAINT "FK_7ddf874d52c9d06a426dca1b584" FOREIGN KEY ("school_id") REFERENCES "school"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "tutoring_partner_tutor" ADD CONSTRAINT "FK_df21c61a2c8c25778261aec9972" FOREIGN KEY ("program_id") REFERENCES "tutoring_program"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "tutoring_group" ADD CONSTRAINT "FK_9cc3e7b2ab388a3f31a3efcfb0b" FOREIGN KEY ("program_id") REFERENCES "tutoring_program"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "tutoring_group" ADD CONSTRAINT "FK_7fdaeb8450f519fe474afa40340" FOREIGN KEY ("school_id") REFERENCES "school"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "tutoring_group" ADD CONSTRAINT "FK_562f90bb619e9aba218cbd7b5e0" FOREIGN KEY ("tutor_staff_id") REFERENCES "staff_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "tutoring_group" ADD CONSTRAINT "FK_2f4d2f66ec43a3ca5bc5605980f" FOREIGN KEY ("partner_tutor_id") REFERENCES "tutoring_partner_tutor"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "tutoring_assignment" ADD CONSTRAINT "FK_dd6f55a4fcc81279644150826f7" FOREIGN KEY ("group_id") REFERENCES "tutoring_group"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "tutoring_assignment" ADD CONSTRAINT "FK_65a4d6fd718e7f3b99b8860ceb9" FOREIGN KEY ("student_id") REFERENCES "student"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "tutoring_assignment" ADD CONSTRAINT "FK_4aa5622f933df160a8c547da36c" FOREIGN KEY ("tier_placement_id") REFERENCES "tier_placement"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "tutoring_assignment" ADD CONSTRAINT "FK_01c7a621e74482b2ee3bcbb97b8" FOREIGN KEY ("created_by") REFERENCES "staff_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "tutoring_session" ADD CONSTRAINT "FK_8731d920cee2923dcff7db4b089" FOREIGN KEY ("group_id") REFERENCES "tutoring_group"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "tutoring_session" ADD CONSTRAINT "FK_659c5a44b7c3d84293d51e2e282" FOREIGN KEY ("led_by_staff_id") REFERENCES "staff_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "tutoring_session" ADD CONSTRAINT "FK_ddee74287c99e6ea45853d6f7d3" FOREIGN KEY ("led_by_partner_tutor_id") REFERENCES "tutoring_partner_tutor"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "tutoring_session" ADD CONSTRAINT "FK_45a7bd79058b958b3a6a69ca530" FOREIGN KEY ("logged_by") REFERENCES "staff_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "tutoring_attendance" ADD CONSTRAINT "FK_bd7fc587284a830c959c9c851aa" FOREIGN KEY ("session_id") REFERENCES "tutoring_session"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "tutoring_attendance" ADD CONSTRAINT "FK_3a3b1bac36c56f6765005291299" FOREIGN KEY ("assignment_id") REFERENCES "tutoring_assignment"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "tutoring_attendance" ADD CONSTRAINT "FK_476c3df2ed3734e138e0c6702bc" FOREIGN KEY ("student_id") REFERENCES "student"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "tutoring_attendance" DROP CONSTRAINT "FK_476c3df2ed3734e138e0c6702bc"`);
    await queryRunner.query(`ALTER TABLE "tutoring_attendance" DROP CONSTRAINT "FK_3a3b1bac36c56f6765005291299"`);
    await queryRunner.query(`ALTER TABLE "tutoring_attendance" DROP CONSTRAINT "FK_bd7fc587284a830c959c9c851aa"`);
    await queryRunner.query(`ALTER TABLE "tutoring_session" DROP CONSTRAINT "FK_45a7bd79058b958b3a6a69ca530"`);
    await queryRunner.query(`ALTER TABLE "tutoring_session" DROP CONSTRAINT "FK_ddee74287c99e6ea45853d6f7d3"`);
    await queryRunner.query(`ALTER TABLE "tutoring_session" DROP CONSTRAINT "FK_659c5a44b7c3d84293d51e2e282"`);
    await queryRunner.query(`ALTER TABLE "tutoring_session" DROP CONSTRAINT "FK_8731d920cee2923dcff7db4b089"`);
    await queryRunner.query(`ALTER TABLE "tutoring_assignment" DROP CONSTRAINT "FK_01c7a621e74482b2ee3bcbb97b8"`);
    await queryRunner.query(`ALTER TABLE "tutoring_assignment" DROP CONSTRAINT "FK_4aa5622f933df160a8c547da36c"`);
    await queryRunner.query(`ALTER TABLE "tutoring_assignment" DROP CONSTRAINT "FK_65a4d6fd718e7f3b99b8860ceb9"`);
    await queryRunner.query(`ALTER TABLE "tutoring_assignment" DROP CONSTRAINT "FK_dd6f55a4fcc81279644150826f7"`);
    await queryRunner.query(`ALTER TABLE "tutoring_group" DROP CONSTRAINT "FK_2f4d2f66ec43a3ca5bc5605980f"`);
    await queryRunner.query(`ALTER TABLE "tutoring_group" DROP CONSTRAINT "FK_562f90bb619e9aba218cbd7b5e0"`);
    await queryRunner.query(`ALTER TABLE "tutoring_group" DROP CONSTRAINT "FK_7fdaeb8450f519fe474afa40340"`);
    await queryRunner.query(`ALTER TABLE "tutoring_group" DROP CONSTRAINT "FK_9cc3e7b2ab388a3f31a3efcfb0b"`);
    await queryRunner.query(`ALTER TABLE "tutoring_partner_tutor" DROP CONSTRAINT "FK_df21c61a2c8c25778261aec9972"`);
    await queryRunner.query(`ALTER TABLE "tutoring_program_school" DROP CONSTRAINT "FK_7ddf874d52c9d06a426dca1b584"`);
    await queryRunner.query(`ALTER TABLE "tutoring_program_school" DROP CONSTRAINT "FK_e6163334784ce350f8c16280aa2"`);
    await queryRunner.query(`ALTER TABLE "tutoring_program" DROP CONSTRAINT "FK_996805cbe4eebff37fdaadd922a"`);
    await queryRunner.query(`ALTER TABLE "tutoring_program" DROP CONSTRAINT "FK_cde2a49ad6d445214376df88982"`);
    await queryRunner.query(`DROP INDEX "tutoring_attendance_session_student_key"`);
    await queryRunner.query(`DROP INDEX "tutoring_attendance_student_idx"`);
    await queryRunner.query(`DROP INDEX "tutoring_attendance_assignment_idx"`);
    await queryRunner.query(`DROP TABLE "tutoring_attendance"`);
    await queryRunner.query(`DROP INDEX "tutoring_session_group_date_key"`);
    await queryRunner.query(`DROP TABLE "tutoring_session"`);
    await queryRunner.query(`DROP TYPE "tutoring_cancel_reason"`);
    await queryRunner.query(`DROP TYPE "tutoring_session_status"`);
    await queryRunner.query(`DROP INDEX "tutoring_assignment_group_idx"`);
    await queryRunner.query(`DROP INDEX "tutoring_assignment_student_idx"`);
    await queryRunner.query(`DROP TABLE "tutoring_assignment"`);
    await queryRunner.query(`DROP INDEX "tutoring_group_program_name_key"`);
    await queryRunner.query(`DROP INDEX "tutoring_group_school_idx"`);
    await queryRunner.query(`DROP INDEX "tutoring_group_tutor_staff_idx"`);
    await queryRunner.query(`DROP TABLE "tutoring_group"`);
    await queryRunner.query(`DROP INDEX "tutoring_partner_tutor_program_idx"`);
    await queryRunner.query(`DROP TABLE "tutoring_partner_tutor"`);
    await queryRunner.query(`DROP INDEX "tutoring_program_school_school_idx"`);
    await queryRunner.query(`DROP TABLE "tutoring_program_school"`);
    await queryRunner.query(`DROP INDEX "tutoring_program_school_year_idx"`);
    await queryRunner.query(`DROP TABLE "tutoring_program"`);
    await queryRunner.query(`DROP TYPE "tutoring_setting"`);
    await queryRunner.query(`DROP TYPE "tutoring_provider"`);
  }
}
