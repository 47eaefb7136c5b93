import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * MTSS tiers: universal screening results, the district's decision rules (seeded with the common
 * defaults: below the 25th percentile a Tier 2 candidate, below the 10th a Tier 3 candidate, four
 * progress points in a row below the aim line "not responding"), and tier placements with history.
 */
export class Tiers1795800000000 implements MigrationInterface {
  name = 'Tiers1795800000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "mtss_domain" AS ENUM('READING', 'MATH', 'SOCIAL_EMOTIONAL')`);
    await queryRunner.query(`CREATE TYPE "screening_window" AS ENUM('FALL', 'WINTER', 'SPRING')`);
    await queryRunner.query(`CREATE TYPE "risk_level" AS ENUM('LOW_RISK', 'SOME_RISK', 'HIGH_RISK')`);
    await queryRunner.query(`CREATE TYPE "decision_rule_kind" AS ENUM('SCREENING_PERCENTILE_BELOW', 'SCREENING_RISK_LEVEL', 'PROGRESS_BELOW_AIM_LINE')`);
    await queryRunner.query(`CREATE TABLE "screening_result" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "student_id" uuid NOT NULL, "school_year_id" uuid NOT NULL, "domain" "mtss_domain" NOT NULL, "screening_window" "screening_window" NOT NULL, "assessment" character varying(100) NOT NULL, "administered_on" date NOT NULL, "score" numeric(10,2) NOT NULL, "percentile" smallint, "risk_level" "risk_level", "recorded_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "screening_result_percentile_range" CHECK ("percentile" IS NULL OR "percentile" BETWEEN 0 AND 100), CONSTRAINT "PK_1c54174b6f0c9433284340afa0d" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "screening_result_window_idx" ON "screening_result"("school_year_id", "screening_window", "domain")`);
    await queryRunner.query(`CREATE UNIQUE INDEX "screening_result_key" ON "screening_result"("student_id", "school_year_id", "domain", "screening_window", "assessment")`);
    await queryRunner.query(`CREATE TABLE "tier_decision_rule" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "key" character varying(60) NOT NULL, "description" character varying(300) NOT NULL, "domain" "mtss_domain", "kind" "decision_rule_kind" NOT NULL, "threshold" numeric(10,2), "risk_level" "risk_level", "consecutive_points" smallint, "suggested_tier" smallint, "active" boolean NOT NULL DEFAULT true, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', CONSTRAINT "tier_decision_rule_tier_range" CHECK ("suggested_tier" IS NULL OR "suggested_tier" BETWEEN 1 AND 3), CONSTRAINT "PK_6be0cf3335d66e8115edbf66604" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "tier_decision_rule_key_key" ON "tier_decision_rule"("key")`);
    await queryRunner.query(`CREATE TABLE "tier_placement" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "student_id" uuid NOT NULL, "domain" "mtss_domain" NOT NULL, "tier" smallint NOT NULL, "start_date" date NOT NULL, "end_date" date, "reason" character varying(1000) NOT NULL, "decided_by" uuid NOT NULL, "team_meeting_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "tier_placement_dates_ordered" CHECK ("end_date" IS NULL OR "end_date" >= "start_date"), CONSTRAINT "tier_placement_tier_range" CHECK ("tier" BETWEEN 1 AND 3), CONSTRAINT "PK_c3733aafb31f1b92048756318b2" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "tier_placement_student_idx" ON "tier_placement"("student_id", "domain", "start_date")`);
    await queryRunner.query(`CREATE UNIQUE INDEX "tier_placement_open_key" ON "tier_placement"("student_id", "domain") WHERE "end_date" IS NULL`);
    await queryRunner.query(`ALTER TABLE "screening_result" ADD CONSTRAINT "FK_529dc5fb62bc7c6fe7796075982" FOREIGN KEY ("student_id") REFERENCES "student"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "screening_result" ADD CONSTRAINT "FK_9a5b755f48dbb22356ec1cf33ae" FOREIGN KEY ("school_year_id") REFERENCES "school_year"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "screening_result" ADD CONSTRAINT "FK_0363bb3c74f4af793040f01d99f" FOREIGN KEY ("recorded_by") REFERENCES "staff_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "tier_placement" ADD CONSTRAINT "FK_89ac55693ab184ad2b4e9e16f8a" FOREIGN KEY ("student_id") REFERENCES "student"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "tier_placement" ADD CONSTRAINT "FK_c25cd84710e35c06c49eea76a46" FOREIGN KEY ("decided_by") REFERENCES "staff_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`INSERT INTO "tier_decision_rule" ("key", "description", "domain", "kind", "threshold", "risk_level", "consecutive_points", "suggested_tier") VALUES
      ('screening-below-25th', 'Latest universal screening below the 25th percentile: Tier 2 candidate', NULL, 'SCREENING_PERCENTILE_BELOW', 25, NULL, NULL, 2),
      ('screening-below-10th', 'Latest universal screening below the 10th percentile: Tier 3 candidate', NULL, 'SCREENING_PERCENTILE_BELOW', 10, NULL, NULL, 3),
      ('screening-high-risk', 'Latest universal screening in the screener''s high-risk band: Tier 3 candidate', NULL, 'SCREENING_RISK_LEVEL', NULL, 'HIGH_RISK', NULL, 3),
      ('progress-not-responding', 'Four progress points in a row below the aim line: not responding to the intervention', NULL, 'PROGRESS_BELOW_AIM_LINE', NULL, NULL, 4, NULL)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "tier_placement" DROP CONSTRAINT "FK_c25cd84710e35c06c49eea76a46"`);
    await queryRunner.query(`ALTER TABLE "tier_placement" DROP CONSTRAINT "FK_89ac55693ab184ad2b4e9e16f8a"`);
    await queryRunner.query(`ALTER TABLE "screening_result" DROP CONSTRAINT "FK_0363bb3c74f4af793040f01d99f"`);
    await queryRunner.query(`ALTER TABLE "screening_result" DROP CONSTRAINT "FK_9a5b755f48dbb22356ec1cf33ae"`);
    await queryRunner.query(`ALTER TABLE "screening_result" DROP CONSTRAINT "FK_529dc5fb62bc7c6fe7796075982"`);
    await queryRunner.query(`DROP INDEX "tier_placement_open_key"`);
    await queryRunner.query(`DROP INDEX "tier_placement_student_idx"`);
    await queryRunner.query(`DROP TABLE "tier_placement"`);
    await queryRunner.query(`DROP INDEX "tier_decision_rule_key_key"`);
    await queryRunner.query(`DROP TABLE "tier_decision_rule"`);
    await queryRunner.query(`DROP INDEX "screening_result_key"`);
    await queryRunner.query(`DROP INDEX "screening_result_window_idx"`);
    await queryRunner.query(`DROP TABLE "screening_result"`);
    await queryRunner.query(`DROP TYPE "decision_rule_kind"`);
    await queryRunner.query(`DROP TYPE "risk_level"`);
    await queryRunner.query(`DROP TYPE "screening_window"`);
    await queryRunner.query(`DROP TYPE "mtss_domain"`);
  }
}
