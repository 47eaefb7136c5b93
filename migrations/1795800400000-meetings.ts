import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * MTSS, SST and attendance team meetings: attendees, students discussed, notes (some restricted),
 * decisions linked to the placements and plans they made, and follow-up tasks.
 */
export class Meetings1795800400000 implements MigrationInterface {
  name = 'Meetings1795800400000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "team_meeting_kind" AS ENUM('MTSS', 'SST', 'ATTENDANCE')`);
    await queryRunner.query(`CREATE TABLE "team_meeting" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "school_id" uuid NOT NULL, "kind" "team_meeting_kind" NOT NULL, "held_on" date NOT NULL, "title" character varying(200), "created_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', CONSTRAINT "PK_9e568197dba29243008bbd947e5" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "team_meeting_school_idx" ON "team_meeting"("school_id", "held_on")`);
    await queryRunner.query(`CREATE TABLE "team_meeting_attendee" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "meeting_id" uuid NOT NULL, "staff_user_id" uuid, "name" character varying(200), "role_label" character varying(100)NOT NULL, CONSTRAINT "team_meeting_attendee_identified" CHECK ("staff_user_id" IS NOT NULL OR "name" IS NOT NULL), CONSTRAINT "PK_cfafe749ad7f2ad9213262417c6" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "team_meeting_attendee_meeting_idx" ON "team_meeting_attendee"("meeting_id")`);
    await queryRunner.query(`CREATE TABLE "team_meeting_student" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "meeting_id" uuid NOT NULL, "student_id" uuid NOT NULL, CONSTRAINT "PK_520b090257cda53fa9da869d66a" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "team_meeting_student_student_idx" ON "team_meeting_student"("student_id")`);
    await queryRunner.query(`CREATE UNIQUE INDEX "team_meeting_student_key" ON "team_meeting_student"("meeting_id", "student_id")`);
    await queryRunner.query(`CREATE TABLE "team_meeting_note" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "meeting_id" uuid NOT NULL, "student_id" uuid, "body" character varying(5000)NOT NULL, "restricted" boolean NOT NULL DEFAULT false, "author_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b9e6ef7a4b35323ff650ec8dad3" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "team_meeting_note_student_idx" ON "team_meeting_note"("student_id")`);
    await queryRunner.query(`CREATE INDEX "team_meeting_note_meeting_idx" ON "team_meeting_note"("meeting_id")`);
    await queryRunner.query(`CREATE TYPE "team_decision_kind" AS ENUM('TIER_CHANGE', 'PLAN_OPENED', 'PLAN_CLOSED', 'REFERRAL', 'OTHER')`);
    await queryRunner.query(`CREATE TABLE "team_meeting_decision" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "meeting_id" uuid NOT NULL, "student_id" uuid NOT NULL, "kind" "team_decision_kind" NOT NULL, "description" character varying(1000)NOT NULL, "tier_placement_id" uuid, "intervention_plan_id" uuid, "recorded_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5ee4b444f0123d64bb3c1373bc7" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "team_meeting_decision_student_idx" ON "team_meeting_decision"("student_id")`);
    await queryRunner.query(`CREATE INDEX "team_meeting_decision_meeting_idx" ON "team_meeting_decision"("meeting_id")`);
    await queryRunner.query(`CREATE TABLE "follow_up_task" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "meeting_id" uuid NOT NULL, "student_id" uuid, "owner_id" uuid NOT NULL, "description" character varying(1000)NOT NULL, "assigned_on" date NOT NULL, "due_date" date NOT NULL, "restricted" boolean NOT NULL DEFAULT false, "completed_on" date, "version" integer NOT NULL DEFAULT '1', CONSTRAINT "follow_up_task_completed_after_created" CHECK ("completed_on" IS NULL OR "completed_on" >= "assigned_on"), CONSTRAINT "PK_e14f926bb57c06a45be03e312c7" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "follow_up_task_meeting_idx" ON "follow_up_task"("meeting_id")`);
    await queryRunner.query(`CREATE INDEX "follow_up_task_owner_idx" ON "follow_up_task"("owner_id", "completed_on")`);
    await queryRunner.query(`ALTER TABLE "team_meeting" ADD CONSTRAINT "FK_33e19ba40a3bdc98f13610b488f" FOREIGN KEY ("school_id")REFERENCES "school"("id")ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "team_meeting" ADD CONSTRAINT "FK_015412296875e2fb4e4cd9e9fe3" FOREIGN KEY ("created_by")REFERENCES "staff_user"("id")ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "team_meeting_attendee" ADD CONSTRAINT "FK_a8be450f5a458f16ac9727195bb" FOREIGN KEY ("meeting_id")REFERENCES "team_meeting"("id")ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "team_meeting_attendee" ADD CONSTRAINT "FK_d82ba41991ba7ad433413352f02" FOREIGN KEY ("staff_user_id")REFERENCES "staff_user"("id")ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "team_meeting_student" ADD CONSTRAINT "FK_016a168bda5ddb8becea9d81e84" FOREIGN KEY ("meeting_id")REFERENCES "team_meeting"("id")ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "team_meeting_student" ADD CONSTRAINT "FK_96757f83ef776694a1bb0269ad5" FOREIGN KEY ("student_id")REFERENCES "student"("id")ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "team_meeting_note" ADD CONSTRAINT "FK_ec201d33e62887b666591ef667d" FOREIGN KEY ("meeting_id")REFERENCES "team_meeting"("id")ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "team_meeting_note" ADD CONSTRAINT "FK_66b99e3804748f496dd8b3d3386" FOREIGN KEY ("student_id")REFERENCES "student"("id")ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "team_meeting_note" ADD CONSTRAINT "FK_90a23da477b415fae83143853a1" FOREIGN KEY ("author_id")REFERENCES "staff_user"("id")ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "team_meeting_decision" ADD CONSTRAINT "FK_2cde661a39cbbae6b7c2e86ed96" FOREIGN KEY ("meeting_id")REFERENCES "team_meeting"("id")ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "team_meeting_decision" ADD CONSTRAINT "FK_69b20f680fa8dd269a7c9df3a42" FOREIGN KEY ("student_id")REFERENCES "student"("id")ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "team_meeting_decision" ADD CONSTRAINT "FK_99a5e3b4114e606c4998fba1fd2" FOREIGN KEY ("tier_placement_id")REFERENCES "tier_placement"("id")ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "team_meeting_decision" ADD CONSTRAINT "FK_388154d00e07f28768743235054" FOREIGN KEY ("intervention_plan_id")REFERENCES "intervention_plan"("id")ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "follow_up_task" ADD CONSTRAINT "FK_f3a11b7e9df4b5847f85022abc5" FOREIGN KEY ("meeting_id")REFERENCES "team_meeting"("id")ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "follow_up_task" ADD CONSTRAINT "FK_03e8ad290537b3387f8e544e5a2" FOREIGN KEY ("student_id")REFERENCES "student"("id")ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "follow_up_task" ADD CONSTRAINT "FK_ae69e79d839608d46f8012c3e7b" FOREIGN KEY ("owner_id")REFERENCES "staff_user"("id")ON DELETE RESTRICT ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "follow_up_task" DROP CONSTRAINT "FK_ae69e79d839608d46f8012c3e7b"`);
    await queryRunner.query(`ALTER TABLE "follow_up_task" DROP CONSTRAINT "FK_03e8ad290537b3387f8e544e5a2"`);
    await queryRunner.query(`ALTER TABLE "follow_up_task" DROP CONSTRAINT "FK_f3a11b7e9df4b5847f85022abc5"`);
    await queryRunner.query(`ALTER TABLE "team_meeting_decision" DROP CONSTRAINT "FK_388154d00e07f28768743235054"`);
    await queryRunner.query(`ALTER TABLE "team_meeting_decision" DROP CONSTRAINT "FK_99a5e3b4114e606c4998fba1fd2"`);
    await queryRunner.query(`ALTER TABLE "team_meeting_decision" DROP CONSTRAINT "FK_69b20f680fa8dd269a7c9df3a42"`);
    await queryRunner.query(`ALTER TABLE "team_meeting_decision" DROP CONSTRAINT "FK_2cde661a39cbbae6b7c2e86ed96"`);
    await queryRunner.query(`ALTER TABLE "team_meeting_note" DROP CONSTRAINT "FK_90a23da477b415fae83143853a1"`);
    await queryRunner.query(`ALTER TABLE "team_meeting_note" DROP CONSTRAINT "FK_66b99e3804748f496dd8b3d3386"`);
    await queryRunner.query(`ALTER TABLE "team_meeting_note" DROP CONSTRAINT "FK_ec201d33e62887b666591ef667d"`);
    await queryRunner.query(`ALTER TABLE "team_meeting_student" DROP CONSTRAINT "FK_96757f83ef776694a1bb0269ad5"`);
    await queryRunner.query(`ALTER TABLE "team_meeting_student" DROP CONSTRAINT "FK_016a168bda5ddb8becea9d81e84"`);
    await queryRunner.query(`ALTER TABLE "team_meeting_attendee" DROP CONSTRAINT "FK_d82ba41991ba7ad433413352f02"`);
    await queryRunner.query(`ALTER TABLE "team_meeting_attendee" DROP CONSTRAINT "FK_a8be450f5a458f16ac9727195bb"`);
    await queryRunner.query(`ALTER TABLE "team_meeting" DROP CONSTRAINT "FK_015412296875e2fb4e4cd9e9fe3"`);
    await queryRunner.query(`ALTER TABLE "team_meeting" DROP CONSTRAINT "FK_33e19ba40a3bdc98f13610b488f"`);
    await queryRunner.query(`DROP INDEX "follow_up_task_owner_idx"`);
    await queryRunner.query(`DROP INDEX "follow_up_task_meeting_idx"`);
    await queryRunner.query(`DROP TABLE "follow_up_task"`);
    await queryRunner.query(`DROP INDEX "team_meeting_decision_meeting_idx"`);
    await queryRunner.query(`DROP INDEX "team_meeting_decision_student_idx"`);
    await queryRunner.query(`DROP TABLE "team_meeting_decision"`);
    await queryRunner.query(`DROP TYPE "team_decision_kind"`);
    await queryRunner.query(`DROP INDEX "team_meeting_note_meeting_idx"`);
    await queryRunner.query(`DROP INDEX "team_meeting_note_student_idx"`);
    await queryRunner.query(`DROP TABLE "team_meeting_note"`);
    await queryRunner.query(`DROP INDEX "team_meeting_student_key"`);
    await queryRunner.query(`DROP INDEX "team_meeting_student_student_idx"`);
    await queryRunner.query(`DROP TABLE "team_meeting_student"`);
    await queryRunner.query(`DROP INDEX "team_meeting_attendee_meeting_idx"`);
    await queryRunner.query(`DROP TABLE "team_meeting_attendee"`);
    await queryRunner.query(`DROP INDEX "team_meeting_school_idx"`);
    await queryRunner.query(`DROP TABLE "team_meeting"`);
    await queryRunner.query(`DROP TYPE "team_meeting_kind"`);
  }
}
