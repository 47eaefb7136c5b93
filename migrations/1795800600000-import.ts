import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Imports: the run log (who imported what, with its summary), the last state each source system
 * sent for each of its records keyed by the source's own id (OneRoster sourcedId: what makes a
 * re-import change nothing and a delta find what it created), and the keys a streamed run has seen
 * (duplicate rows in files too large to hold in memory).
 */
export class Import1795800600000 implements MigrationInterface {
  name = 'Import1795800600000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "import_run" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "kind" character varying(40) NOT NULL, "source" character varying(1000) NOT NULL, "actor_id" uuid NOT NULL, "status" character varying(20) NOT NULL, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "finished_at" TIMESTAMP WITH TIME ZONE, "summary" jsonb, "message" character varying(2000), CONSTRAINT "import_run_status_valid" CHECK ("status" IN ('RUNNING', 'SUCCEEDED', 'REFUSED', 'FAILED')), CONSTRAINT "PK_efe3e6d8cb9f51ca4e9cd1cf5d3" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "import_run_started_idx" ON "import_run" ("started_at")`);
    await queryRunner.query(`CREATE TABLE "import_source_record" ("source_system" character varying(40) NOT NULL, "source_type" character varying(40) NOT NULL, "source_id" character varying(255) NOT NULL, "entity_type" character varying(40), "entity_id" uuid, "status" character varying(20) NOT NULL, "data" jsonb NOT NULL, "source_file" character varying(100), "source_line" integer, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "import_source_record_status_valid" CHECK ("status" IN ('active', 'tobedeleted')), CONSTRAINT "PK_9798f5487c99612e95674be72af" PRIMARY KEY ("source_system", "source_type", "source_id"))`);
    await queryRunner.query(`CREATE INDEX "import_source_record_entity_idx" ON "import_source_record" ("entity_type", "entity_id")`);
    await queryRunner.query(`CREATE TABLE "import_run_key" ("run_id" uuid NOT NULL, "key" character varying(300) NOT NULL, "line" integer NOT NULL, CONSTRAINT "PK_550f9299e953f29537a9ccb9134" PRIMARY KEY ("run_id", "key"))`);
    await queryRunner.query(`ALTER TABLE "import_run" ADD CONSTRAINT "FK_222a83b7a358a5b3a1020f9f760" FOREIGN KEY ("actor_id") REFERENCES "staff_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "import_run_key" ADD CONSTRAINT "FK_86406cdad22acc767a0694b023f" FOREIGN KEY ("run_id") REFERENCES "import_run"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "import_run_key" DROP CONSTRAINT "FK_86406cdad22acc767a0694b023f"`);
    await queryRunner.query(`ALTER TABLE "import_run" DROP CONSTRAINT "FK_222a83b7a358a5b3a1020f9f760"`);
    await queryRunner.query(`DROP TABLE "import_run_key"`);
    await queryRunner.query(`DROP INDEX "import_source_record_entity_idx"`);
    await queryRunner.query(`DROP TABLE "import_source_record"`);
    await queryRunner.query(`DROP INDEX "import_run_started_idx"`);
    await queryRunner.query(`DROP TABLE "import_run"`);
  }
}
