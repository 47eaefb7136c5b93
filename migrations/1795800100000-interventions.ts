import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Interventions: the district catalog, students' intervention plans with their progress points,
 * and group session logs with per-student attendance (from which dosage is derived).
 * Uses the "mtss_domain" type created by 1795800000000-tiers.
 */
export class Interventions1795800100000 implements MigrationInterface {
  name = 'Interventions1795800100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "intervention_delivery" AS ENUM('INDIVIDUAL', 'SMALL_GROUP', 'WHOLE_CLASS')`);
    await queryRunner.query(`CREATE TYPE "intervention_class" AS ENUM('INSTRUCTION', 'SUPPORT', 'PRACTICE', 'CURRICULUM', 'BEHAVIORAL', 'OTHER')`);
    await queryRunner.query(`CREATE TABLE "intervention" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(200) NOT NULL, "domain" "mtss_domain" NOT NULL, "tiers" smallint array NOT NULL, "delivery" "intervention_delivery" NOT NULL, "intervention_class" "intervention_class" NOT NULL, "recommended_sessions_per_week" smallint, "recommended_minutes_per_session" smallint, "recommended_weeks" smallint, "min_dosage_minutes" integer, "max_dosage_minutes" integer, "evidence_note" character varying(2000), "active" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', CONSTRAINT "intervention_dosage_ordered" CHECK ("min_dosage_minutes" IS NULL OR "max_dosage_minutes" IS NULL OR "min_dosage_minutes" <= "max_dosage_minutes"), CONSTRAINT "intervention_dosage_positive" CHECK (("recommended_sessions_per_week" IS NULL OR "recommended_sessions_per_week" BETWEEN 1 AND 10) AND ("recommended_minutes_per_session" IS NULL OR "recommended_minutes_per_session" BETWEEN 1 AND 240) AND ("recommended_weeks" IS NULL OR "recommended_weeks" BETWEEN 1 AND 52) AND ("min_dosage_minutes" IS NULL OR "min_dosage_minutes" > 0) AND ("max_dosage_minutes" IS NULL OR "max_dosage_minutes" > 0)), CONSTRAINT "intervention_tiers_valid" CHECK (cardinality("tiers") BETWEEN 1 AND 3 AND "tiers" <@ ARRAY[1, 2, 3]::smallint[]), CONSTRAINT "PK_b9c85e27e192205b164e5187279" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "intervention_name_key" ON "intervention"("name")`);
    await queryRunner.query(`CREATE INDEX "intervention_domain_idx" ON "intervention"("domain", "active")`);
    await queryRunner.query(`CREATE TYPE "intervention_plan_status" AS ENUM('ACTIVE', 'COMPLETED', 'DISCONTINUED')`);
    await queryRunner.query(`CREATE TYPE "intervention_plan_outcome" AS ENUM('GOAL_MET', 'PROGRESS_MADE', 'NO_PROGRESS')`);
    await queryRunner.query(`CREATE TYPE "intervention_discontinue_reason" AS ENUM('INSUFFICIENT_RESPONSE', 'STUDENT_LEFT', 'SCHEDULE_CONFLICT', 'FAMILY_REQUEST', 'REFERRED_FOR_EVALUATION', 'OTHER')`);
    await queryRunner.query(`CREATE TABLE "intervention_plan" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "student_id" uuid NOT NULL, "school_id" uuid NOT NULL, "intervention_id" uuid, "custom_name" character varying(200), "domain" "mtss_domain" NOT NULL, "tier" smallint NOT NULL, "goal_measure" character varying(300) NOT NULL, "goal_baseline" numeric(10,2) NOT NULL, "goal_target" numeric(10,2) NOT NULL, "goal_target_date" date NOT NULL, "interventionist_id" uuid NOT NULL, "sessions_per_week" smallint NOT NULL, "minutes_per_session" smallint NOT NULL, "start_date" date NOT NULL, "planned_end_date" date NOT NULL, "review_date" date NOT NULL, "status" "intervention_plan_status" NOT NULL DEFAULT 'ACTIVE', "closed_date" date, "outcome" "intervention_plan_outcome", "discontinued_reason" "intervention_discontinue_reason", "close_note" character varying(2000), "created_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', CONSTRAINT "intervention_plan_closure_consistent" CHECK (("status" = 'ACTIVE' AND "closed_date" IS NULL AND "outcome" IS NULL AND "discontinued_reason" IS NULL) OR ("status" = 'COMPLETED' AND "closed_date" IS NOT NULL AND "outcome" IS NOT NULL AND "discontinued_reason" IS NULL) OR ("status" = 'DISCONTINUED' AND "closed_date" IS NOT NULL AND "outcome" IS NOT NULL AND "discontinued_reason" IS NOT NULL)), CONSTRAINT "intervention_plan_goal_changes" CHECK ("goal_target" <> "goal_baseline"), CONSTRAINT "intervention_plan_dates_ordered" CHECK ("planned_end_date" >= "start_date" AND "review_date" >= "start_date" AND "goal_target_date" > "start_date" AND ("closed_date" IS NULL OR "closed_date" >= "start_date")), CONSTRAINT "intervention_plan_schedule_range" CHECK ("sessions_per_week" BETWEEN 1 AND 10 AND "minutes_per_session" BETWEEN 1 AND 240), CONSTRAINT "intervention_plan_tier_range" CHECK ("tier" BETWEEN 1 AND 3), CONSTRAINT "intervention_plan_named" CHECK ("intervention_id" IS NOT NULL OR "custom_name" IS NOT NULL), CONSTRAINT "PK_f4844d5e899fd3b01ffda1b3e62" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "intervention_plan_school_idx" ON "intervention_plan"("school_id", "status")`);
    await queryRunner.query(`CREATE INDEX "intervention_plan_interventionist_idx" ON "intervention_plan"("interventionist_id", "status")`);
    await queryRunner.query(`CREATE INDEX "intervention_plan_student_idx" ON "intervention_plan"("student_id", "start_date")`);
    await queryRunner.query(`CREATE UNIQUE INDEX "intervention_plan_active_key" ON "intervention_plan"("student_id", "intervention_id") WHERE "status" = 'ACTIVE'`);
    await queryRunner.query(`CREATE TABLE "progress_point" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "plan_id" uuid NOT NULL, "student_id" uuid NOT NULL, "measured_on" date NOT NULL, "score" numeric(10,2) NOT NULL, "note" character varying(1000), "recorded_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_c339b6a6ad258a8dfaba24b70da" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "progress_point_student_idx" ON "progress_point"("student_id", "measured_on")`);
    await queryRunner.query(`CREATE UNIQUE INDEX "progress_point_plan_date_key" ON "progress_point"("plan_id", "measured_on")`);
    await queryRunner.query(`CREATE TABLE "intervention_session" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "school_id" uuid NOT NULL, "logged_by" uuid NOT NULL, "interventionist_id" uuid NOT NULL, "session_date" date NOT NULL, "minutes" smallint NOT NULL, "note" character varying(2000), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "intervention_session_minutes_range" CHECK ("minutes" BETWEEN 1 AND 240), CONSTRAINT "PK_a2b7a0185af89739faf3dfdbf20" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "intervention_session_school_idx" ON "intervention_session"("school_id", "session_date")`);
    await queryRunner.query(`CREATE INDEX "intervention_session_interventionist_idx" ON "intervention_session"("interventionist_id", "session_date")`);
    await queryRunner.query(`CREATE TYPE "session_absence_reason" AS ENUM('STUDENT_ABSENT', 'STUDENT_UNAVAILABLE', 'INTERVENTIONIST_ABSENT', 'SCHOOL_CLOSED', 'OTHER')`);
    await queryRunner.query(`CREATE TABLE "intervention_session_attendance" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "session_id" uuid NOT NULL, "plan_id" uuid NOT NULL, "student_id" uuid NOT NULL, "present" boolean NOT NULL, "absence_reason" "session_absence_reason", CONSTRAINT "intervention_session_attendance_reason" CHECK (("present" AND "absence_reason" IS NULL) OR (NOT "present" AND "absence_reason" IS NOT NULL)), CONSTRAINT "PK_1ee1b435dbbe30d581cf8d8b5f9" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "intervention_session_attendance_student_idx" ON "intervention_session_attendance"("student_id")`);
    await queryRunner.query(`CREATE INDEX "intervention_session_attendance_plan_idx" ON "intervention_session_attendance"("plan_id", "present")`);
    await queryRunner.query(`CREATE UNIQUE INDEX "intervention_session_attendance_key" ON "intervention_session_attendance"("session_id", "plan_id")`);
    await queryRunner.query(`ALTER TABLE "intervention_plan" ADD CONSTRAINT "FK_954673605468d8466f54101a358" FOREIGN KEY ("student_id") REFERENCES "student"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "intervention_plan" ADD CONSTRAINT "FK_6576410123d922a88b3c13e5b8e" FOREIGN KEY ("school_id") REFERENCES "school"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "intervention_plan" ADD CONSTRAINT "FK_9cc1240a287cd6059caf121e60a" FOREIGN KEY ("intervention_id") REFERENCES "intervention"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "intervention_plan" ADD CONSTRAINT "FK_60650206b9712148202e6b5c4d0" FOREIGN KEY ("interventionist_id") REFERENCES "staff_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "intervention_plan" ADD CONSTRAINT "FK_ea9542bf034f79127be8c77deff" FOREIGN KEY ("created_by") REFERENCES "staff_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "progress_point" ADD CONSTRAINT "FK_005b3e977d750b6b050316c10e6" FOREIGN KEY ("plan_id") REFERENCES "intervention_plan"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "progress_point" ADD CONSTRAINT "FK_67d61b7f656c48eb80510df2df6" FOREIGN KEY ("student_id") REFERENCES "student"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "progress_point" ADD CONSTRAINT "FK_1c2658041b0611e6ab5998b1e48" FOREIGN KEY ("recorded_by") REFERENCES "staff_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "intervention_session" ADD CONSTRAINT "FK_9ebd6832214b931e918165c5249" FOREIGN KEY ("school_id") REFERENCES "school"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "intervention_session" ADD CONSTRAINT "FK_7d366b657a42dc86ff8c7cc9205" FOREIGN KEY ("logged_by") REFERENCES "staff_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "intervention_session" ADD CONSTRAINT "FK_3ab0be86d49c13c86ad4085c04e" FOREIGN KEY ("interventionist_id") REFERENCES "staff_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "intervention_session_attendance" ADD CONSTRAINT "FK_48ae820725bac67a0b0620059eb" FOREIGN KEY ("session_id") REFERENCES "intervention_session"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "intervention_session_attendance" ADD CONSTRAINT "FK_0f07d2d7885eec74912eae99b28" FOREIGN KEY ("plan_id") REFERENCES "intervention_plan"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "intervention_session_attendance" ADD CONSTRAINT "FK_875b51b6d6150ac266dbba5c0b3" FOREIGN KEY ("student_id") REFERENCES "student"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "intervention_session_attendance" DROP CONSTRAINT "FK_875b51b6d6150ac266dbba5c0b3"`);
    await queryRunner.query(`ALTER TABLE "intervention_session_attendance" DROP CONSTRAINT "FK_0f07d2d7885eec74912eae99b28"`);
    await queryRunner.query(`ALTER TABLE "intervention_session_attendance" DROP CONSTRAINT "FK_48ae820725bac67a0b0620059eb"`);
    await queryRunner.query(`ALTER TABLE "intervention_session" DROP CONSTRAINT "FK_3ab0be86d49c13c86ad4085c04e"`);
    await queryRunner.query(`ALTER TABLE "intervention_session" DROP CONSTRAINT "FK_7d366b657a42dc86ff8c7cc9205"`);
    await queryRunner.query(`ALTER TABLE "intervention_session" DROP CONSTRAINT "FK_9ebd6832214b931e918165c5249"`);
    await queryRunner.query(`ALTER TABLE "progress_point" DROP CONSTRAINT "FK_1c2658041b0611e6ab5998b1e48"`);
    await queryRunner.query(`ALTER TABLE "progress_point" DROP CONSTRAINT "FK_67d61b7f656c48eb80510df2df6"`);
    await queryRunner.query(`ALTER TABLE "progress_point" DROP CONSTRAINT "FK_005b3e977d750b6b050316c10e6"`);
    await queryRunner.query(`ALTER TABLE "intervention_plan" DROP CONSTRAINT "FK_ea9542bf034f79127be8c77deff"`);
    await queryRunner.query(`ALTER TABLE "intervention_plan" DROP CONSTRAINT "FK_60650206b9712148202e6b5c4d0"`);
    await queryRunner.query(`ALTER TABLE "intervention_plan" DROP CONSTRAINT "FK_9cc1240a287cd6059caf121e60a"`);
    await queryRunner.query(`ALTER TABLE "intervention_plan" DROP CONSTRAINT "FK_6576410123d922a88b3c13e5b8e"`);
    await queryRunner.query(`ALTER TABLE "intervention_plan" DROP CONSTRAINT "FK_954673605468d8466f54101a358"`);
    await queryRunner.query(`DROP INDEX "intervention_session_attendance_key"`);
    await queryRunner.query(`DROP INDEX "intervention_session_attendance_plan_idx"`);
    await queryRunner.query(`DROP INDEX "intervention_session_attendance_student_idx"`);
    await queryRunner.query(`DROP TABLE "intervention_session_attendance"`);
    await queryRunner.query(`DROP TYPE "session_absence_reason"`);
    await queryRunner.query(`DROP INDEX "intervention_session_interventionist_idx"`);
    await queryRunner.query(`DROP INDEX "intervention_session_school_idx"`);
    await queryRunner.query(`DROP TABLE "intervention_session"`);
    await queryRunner.query(`DROP INDEX "progress_point_plan_date_key"`);
    await queryRunner.query(`DROP INDEX "progress_point_student_idx"`);
    await queryRunner.query(`DROP TABLE "progress_point"`);
    await queryRunner.query(`DROP INDEX "intervention_plan_active_key"`);
    await queryRunner.query(`DROP INDEX "intervention_plan_student_idx"`);
    await queryRunner.query(`DROP INDEX "intervention_plan_interventionist_idx"`);
    await queryRunner.query(`DROP INDEX "intervention_plan_school_idx"`);
    await queryRunner.query(`DROP TABLE "intervention_plan"`);
    await queryRunner.query(`DROP TYPE "intervention_discontinue_reason"`);
    await queryRunner.query(`DROP TYPE "intervention_plan_outcome"`);
    await queryRunner.query(`DROP TYPE "intervention_plan_status"`);
    await queryRunner.query(`DROP INDEX "intervention_domain_idx"`);
    await queryRunner.query(`DROP INDEX "intervention_name_key"`);
    await queryRunner.query(`DROP TABLE "intervention"`);
    await queryRunner.query(`DROP TYPE "intervention_class"`);
    await queryRunner.query(`DROP TYPE "intervention_delivery"`);
  }
}
