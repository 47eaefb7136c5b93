import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * FERPA's record of access (who read which students' records) and idempotency keys for retried
 * mutations. The access trail is append-only, like the write trail.
 */
export class Security1795800700000 implements MigrationInterface {
  name = 'Security1795800700000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "student_access_event" ("id" BIGSERIAL NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "actor_id" uuid NOT NULL, "actor_role" character varying(40) NOT NULL, "operation" character varying(200) NOT NULL, "request_id" character varying(64) NOT NULL, "student_ids" uuid array NOT NULL, CONSTRAINT "PK_1de3dd890518fca78501d384903" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "student_access_event_actor_idx" ON "student_access_event"("actor_id", "occurred_at")`);
    await queryRunner.query(`CREATE INDEX "student_access_event_students_idx" ON "student_access_event" USING GIN ("student_ids")`);
    await queryRunner.query(`CREATE TRIGGER student_access_event_no_update_or_delete BEFORE UPDATE OR DELETE ON "student_access_event"
      FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()`);
    await queryRunner.query(`CREATE TABLE "idempotency_key" ("actor_id" uuid NOT NULL, "key" character varying(100) NOT NULL, "request_hash" character(64) NOT NULL, "response" jsonb, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_9bc0c30f480ca1ce0cec0dbc6f2" PRIMARY KEY ("actor_id", "key"))`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "idempotency_key"`);
    await queryRunner.query(`DROP TRIGGER student_access_event_no_update_or_delete ON "student_access_event"`);
    await queryRunner.query(`DROP INDEX "student_access_event_students_idx"`);
    await queryRunner.query(`DROP INDEX "student_access_event_actor_idx"`);
    await queryRunner.query(`DROP TABLE "student_access_event"`);
  }
}
