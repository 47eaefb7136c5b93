import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Attendance: daily attendance (one compact row per student and instructional day; no row means
 * present), the history of corrections, per-student-per-school-per-month summaries maintained with
 * every write, the district's attendance thresholds (one row, seeded with the Connecticut /
 * Attendance Works defaults: chronic 10%, severe 20%, at risk 5%, at least 10 days enrolled, 2
 * absences in month one, 4 by month two, stale after 14 days, 30-day improvement window),
 * attendance cases (at most one open per student and school year) and attendance team actions.
 */
export class Attendance1795800200000 implements MigrationInterface {
  name = 'Attendance1795800200000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "attendance_category" AS ENUM('IN_ATTENDANCE', 'EXCUSED_ABSENCE', 'UNEXCUSED_ABSENCE', 'TARDY', 'EARLY_DEPARTURE', 'PARTIAL')`);
    await queryRunner.query(`CREATE TABLE "attendance_day" ("student_id" uuid NOT NULL, "calendar_date" date NOT NULL, "school_id" uuid NOT NULL, "category" "attendance_category" NOT NULL, CONSTRAINT "PK_1442d1161ceff2b217a7a847c07" PRIMARY KEY ("student_id", "calendar_date"))`);
    await queryRunner.query(`CREATE INDEX "attendance_day_absence_idx" ON "attendance_day" ("calendar_date", "school_id", "student_id") WHERE "category" IN ('EXCUSED_ABSENCE', 'UNEXCUSED_ABSENCE')`);
    await queryRunner.query(`CREATE TABLE "attendance_day_history" ("id" BIGSERIAL NOT NULL, "student_id" uuid NOT NULL, "calendar_date" date NOT NULL, "school_id" uuid NOT NULL, "previous_category" "attendance_category" NOT NULL, "category" "attendance_category" NOT NULL, "changed_by" uuid NOT NULL, "changed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_e7a86bcd1ba296b21908b354132" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "attendance_day_history_day_idx" ON "attendance_day_history" ("student_id", "calendar_date")`);
    await queryRunner.query(`CREATE TABLE "attendance_month_summary" ("student_id" uuid NOT NULL, "school_id" uuid NOT NULL, "month" date NOT NULL, "in_attendance" smallint NOT NULL DEFAULT '0', "excused_absence" smallint NOT NULL DEFAULT '0', "unexcused_absence" smallint NOT NULL DEFAULT '0', "tardy" smallint NOT NULL DEFAULT '0', "early_departure" smallint NOT NULL DEFAULT '0', "partial_day" smallint NOT NULL DEFAULT '0', CONSTRAINT "attendance_month_summary_month_start" CHECK (date_trunc('month', "month"::timestamp) = "month"), CONSTRAINT "PK_afc6692e1d48d35744120df8bff" PRIMARY KEY ("student_id", "school_id", "month"))`);
    await queryRunner.query(`CREATE INDEX "attendance_month_summary_school_idx" ON "attendance_month_summary" ("school_id", "month")`);
    await queryRunner.query(`CREATE TABLE "attendance_settings" ("id" smallint NOT NULL DEFAULT '1', "chronic_absence_percent" numeric(5,2) NOT NULL DEFAULT '10', "severe_absence_percent" numeric(5,2) NOT NULL DEFAULT '20', "at_risk_absence_percent" numeric(5,2) NOT NULL DEFAULT '5', "minimum_days_enrolled" smallint NOT NULL DEFAULT '10', "month_one_absences" smallint NOT NULL DEFAULT '2', "month_two_absences" smallint NOT NULL DEFAULT '4', "stale_case_days" smallint NOT NULL DEFAULT '14', "improvement_window_days" smallint NOT NULL DEFAULT '30', "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', CONSTRAINT "attendance_settings_counts_valid" CHECK ("minimum_days_enrolled" BETWEEN 1 AND 60 AND "month_one_absences" >= 1 AND "month_two_absences" >= "month_one_absences" AND "stale_case_days" BETWEEN 1 AND 180 AND "improvement_window_days" BETWEEN 7 AND 120), CONSTRAINT "attendance_settings_percents_ordered" CHECK ("at_risk_absence_percent" > 0 AND "at_risk_absence_percent" < "chronic_absence_percent" AND "chronic_absence_percent" < "severe_absence_percent" AND "severe_absence_percent" <= 100), CONSTRAINT "attendance_settings_single_row" CHECK ("id" = 1), CONSTRAINT "PK_62b3aefbf1114199d7342a99d89" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE TYPE "attendance_case_status" AS ENUM('OPEN', 'MONITORING', 'CLOSED')`);
    await queryRunner.query(`CREATE TYPE "attendance_case_outcome" AS ENUM('IMPROVED', 'PARTIALLY_IMPROVED', 'NOT_IMPROVED', 'STUDENT_LEFT', 'REFERRED')`);
    await queryRunner.query(`CREATE TABLE "attendance_case" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "student_id" uuid NOT NULL, "school_id" uuid NOT NULL, "school_year_id" uuid NOT NULL, "tier" smallint NOT NULL, "reason" character varying(1000) NOT NULL, "owner_id" uuid NOT NULL, "status" "attendance_case_status" NOT NULL DEFAULT 'OPEN', "opened_on" date NOT NULL, "opened_by" uuid NOT NULL, "closed_on" date, "outcome" "attendance_case_outcome", "closing_note" character varying(2000), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', CONSTRAINT "attendance_case_dates_ordered" CHECK ("closed_on" IS NULL OR "closed_on" >= "opened_on"), CONSTRAINT "attendance_case_closure_consistent" CHECK (("status" = 'CLOSED' AND "closed_on" IS NOT NULL AND "outcome" IS NOT NULL) OR ("status" <> 'CLOSED' AND "closed_on" IS NULL AND "outcome" IS NULL)), CONSTRAINT "attendance_case_tier_range" CHECK ("tier" BETWEEN 2 AND 3), CONSTRAINT "PK_71ca983016689c4f45a49694d58" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "attendance_case_owner_idx" ON "attendance_case" ("owner_id", "status")`);
    await queryRunner.query(`CREATE INDEX "attendance_case_student_idx" ON "attendance_case" ("student_id", "opened_on")`);
    await queryRunner.query(`CREATE INDEX "attendance_case_school_idx" ON "attendance_case" ("school_id", "status")`);
    await queryRunner.query(`CREATE UNIQUE INDEX "attendance_case_open_key" ON "attendance_case" ("student_id", "school_year_id") WHERE "status" <> 'CLOSED'`);
    await queryRunner.query(`CREATE TYPE "attendance_action_type" AS ENUM('PHONE_CALL_HOME', 'LETTER', 'TEXT_OR_EMAIL', 'HOME_VISIT', 'FAMILY_CONFERENCE', 'STUDENT_CONFERENCE', 'ATTENDANCE_CONTRACT', 'MENTOR_ASSIGNED', 'COMMUNITY_PARTNER_REFERRAL', 'SCHOOL_BASED_HEALTH_REFERRAL', 'SST_REFERRAL')`);
    await queryRunner.query(`CREATE TABLE "attendance_action" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "case_id" uuid NOT NULL, "student_id" uuid NOT NULL, "type" "attendance_action_type" NOT NULL, "action_date" date NOT NULL, "staff_id" uuid NOT NULL, "outcome" character varying(1000), "next_step" character varying(1000), "next_step_due" date, "recorded_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "attendance_action_next_step_due" CHECK ("next_step_due" IS NULL OR ("next_step" IS NOT NULL AND "next_step_due" >= "action_date")), CONSTRAINT "PK_6fae2689f3df5187b5b1aaf1ccc" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "attendance_action_student_idx" ON "attendance_action" ("student_id")`);
    await queryRunner.query(`CREATE INDEX "attendance_action_case_idx" ON "attendance_action" ("case_id", "action_date")`);
    await queryRunner.query(`ALTER TABLE "attendance_day" ADD CONSTRAINT "FK_38e57eadaecb109569b09a7622f" FOREIGN KEY ("student_id") REFERENCES "student"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "attendance_day" ADD CONSTRAINT "FK_59c287af6773cabea1e04567e41" FOREIGN KEY ("school_id") REFERENCES "school"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "attendance_day_history" ADD CONSTRAINT "FK_671ab136892756be3049432c5fb" FOREIGN KEY ("student_id") REFERENCES "student"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "attendance_day_history" ADD CONSTRAINT "FK_65b141f6feed3f4c9a23c0e646f" FOREIGN KEY ("changed_by") REFERENCES "staff_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "attendance_case" ADD CONSTRAINT "FK_b48340b76fc07afcbab844f2bb3" FOREIGN KEY ("student_id") REFERENCES "student"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "attendance_case" ADD CONSTRAINT "FK_fe13fa3bb9031e7605e1ef74bae" FOREIGN KEY ("school_id") REFERENCES "school"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "attendance_case" ADD CONSTRAINT "FK_f39d0327c9eb647f76137dba5f9" FOREIGN KEY ("school_year_id") REFERENCES "school_year"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "attendance_case" ADD CONSTRAINT "FK_b932d9d33d06ec59dc736791b9b" FOREIGN KEY ("owner_id") REFERENCES "staff_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "attendance_case" ADD CONSTRAINT "FK_78d7151c1027cfabc42a17daf24" FOREIGN KEY ("opened_by") REFERENCES "staff_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "attendance_action" ADD CONSTRAINT "FK_964e939ed95bcf334e816c7c3df" FOREIGN KEY ("case_id") REFERENCES "attendance_case"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "attendance_action" ADD CONSTRAINT "FK_2427cc230cc29bda56d0ed7e17e" FOREIGN KEY ("student_id") REFERENCES "student"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "attendance_action" ADD CONSTRAINT "FK_e59ddee224f0f92c1710a055d3f" FOREIGN KEY ("staff_id") REFERENCES "staff_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "attendance_action" ADD CONSTRAINT "FK_12cd5f01ce7b24d61bfd0aefb7f" FOREIGN KEY ("recorded_by") REFERENCES "staff_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`INSERT INTO "attendance_settings" ("id") VALUES (1)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "attendance_action" DROP CONSTRAINT "FK_12cd5f01ce7b24d61bfd0aefb7f"`);
    await queryRunner.query(`ALTER TABLE "attendance_action" DROP CONSTRAINT "FK_e59ddee224f0f92c1710a055d3f"`);
    await queryRunner.query(`ALTER TABLE "attendance_action" DROP CONSTRAINT "FK_2427cc230cc29bda56d0ed7e17e"`);
    await queryRunner.query(`ALTER TABLE "attendance_action" DROP CONSTRAINT "FK_964e939ed95bcf334e816c7c3df"`);
    await queryRunner.query(`ALTER TABLE "attendance_case" DROP CONSTRAINT "FK_78d7151c1027cfabc42a17daf24"`);
    await queryRunner.query(`ALTER TABLE "attendance_case" DROP CONSTRAINT "FK_b932d9d33d06ec59dc736791b9b"`);
    await queryRunner.query(`ALTER TABLE "attendance_case" DROP CONSTRAINT "FK_f39d0327c9eb647f76137dba5f9"`);
    await queryRunner.query(`ALTER TABLE "attendance_case" DROP CONSTRAINT "FK_fe13fa3bb9031e7605e1ef74bae"`);
    await queryRunner.query(`ALTER TABLE "attendance_case" DROP CONSTRAINT "FK_b48340b76fc07afcbab844f2bb3"`);
    await queryRunner.query(`ALTER TABLE "attendance_day_history" DROP CONSTRAINT "FK_65b141f6feed3f4c9a23c0e646f"`);
    await queryRunner.query(`ALTER TABLE "attendance_day_history" DROP CONSTRAINT "FK_671ab136892756be3049432c5fb"`);
    await queryRunner.query(`ALTER TABLE "attendance_day" DROP CONSTRAINT "FK_59c287af6773cabea1e04567e41"`);
    await queryRunner.query(`ALTER TABLE "attendance_day" DROP CONSTRAINT "FK_38e57eadaecb109569b09a7622f"`);
    await queryRunner.query(`DROP INDEX "attendance_action_case_idx"`);
    await queryRunner.query(`DROP INDEX "attendance_action_student_idx"`);
    await queryRunner.query(`DROP TABLE "attendance_action"`);
    await queryRunner.query(`DROP TYPE "attendance_action_type"`);
    await queryRunner.query(`DROP INDEX "attendance_case_open_key"`);
    await queryRunner.query(`DROP INDEX "attendance_case_school_idx"`);
    await queryRunner.query(`DROP INDEX "attendance_case_student_idx"`);
    await queryRunner.query(`DROP INDEX "attendance_case_owner_idx"`);
    await queryRunner.query(`DROP TABLE "attendance_case"`);
    await queryRunner.query(`DROP TYPE "attendance_case_outcome"`);
    await queryRunner.query(`DROP TYPE "attendance_case_status"`);
    await queryRunner.query(`DROP TABLE "attendance_settings"`);
    await queryRunner.query(`DROP INDEX "attendance_month_summary_school_idx"`);
    await queryRunner.query(`DROP TABLE "attendance_month_summary"`);
    await queryRunner.query(`DROP INDEX "attendance_day_history_day_idx"`);
    await queryRunner.query(`DROP TABLE "attendance_day_history"`);
    await queryRunner.query(`DROP INDEX "attendance_day_absence_idx"`);
    await queryRunner.query(`DROP TABLE "attendance_day"`);
    await queryRunner.query(`DROP TYPE "attendance_category"`);
  }
}
