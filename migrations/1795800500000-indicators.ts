import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indicators: the published figures of the plan's annual measures of progress (graduation rate,
 * grade 3 reading, grade 8 math, ...), one per measure, school (or the district) and school year.
 * Computed indicators need no table: they are set-based SQL over the modules' own records.
 */
export class Indicators1795800500000 implements MigrationInterface {
  name = 'Indicators1795800500000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "annual_measure_figure" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "measure" character varying(60) NOT NULL, "school_year_id" uuid NOT NULL, "school_id" uuid, "value" numeric(5,2) NOT NULL, "numerator" integer, "denominator" integer, "source" character varying(300), "recorded_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', CONSTRAINT "annual_measure_figure_counts" CHECK (("numerator" IS NULL AND "denominator" IS NULL) OR ("numerator" >= 0 AND "denominator" > 0 AND "numerator" <= "denominator")), CONSTRAINT "annual_measure_figure_value_range" CHECK ("value" >= 0 AND "value" <= 100), CONSTRAINT "PK_8b5f27b48809dcf30cf59e7ca31" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "annual_measure_figure_district_key" ON "annual_measure_figure" ("measure", "school_year_id") WHERE "school_id" IS NULL`);
    await queryRunner.query(`CREATE UNIQUE INDEX "annual_measure_figure_school_key" ON "annual_measure_figure" ("measure", "school_year_id", "school_id") WHERE "school_id" IS NOT NULL`);
    await queryRunner.query(`ALTER TABLE "annual_measure_figure" ADD CONSTRAINT "FK_7dffe6dc426459b2d00aa76d546" FOREIGN KEY ("school_year_id") REFERENCES "school_year"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "annual_measure_figure" ADD CONSTRAINT "FK_e51c39de4d31279618a40bd04bd" FOREIGN KEY ("school_id") REFERENCES "school"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "annual_measure_figure" ADD CONSTRAINT "FK_e9b30311fd83a52d1ef4ff3233b" FOREIGN KEY ("recorded_by") REFERENCES "staff_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "annual_measure_figure" DROP CONSTRAINT "FK_e9b30311fd83a52d1ef4ff3233b"`);
    await queryRunner.query(`ALTER TABLE "annual_measure_figure" DROP CONSTRAINT "FK_e51c39de4d31279618a40bd04bd"`);
    await queryRunner.query(`ALTER TABLE "annual_measure_figure" DROP CONSTRAINT "FK_7dffe6dc426459b2d00aa76d546"`);
    await queryRunner.query(`DROP INDEX "annual_measure_figure_school_key"`);
    await queryRunner.query(`DROP INDEX "annual_measure_figure_district_key"`);
    await queryRunner.query(`DROP TABLE "annual_measure_figure"`);
  }
}
