import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * At most one active progress rule ("not responding"): it defines non-response for every plan.
 * The decision-rule service checks it first for a clear message; this index holds it when two
 * admins switch rules on at the same moment.
 */
export class OneActiveProgressRule1795801300000 implements MigrationInterface {
  name = 'OneActiveProgressRule1795801300000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE UNIQUE INDEX "tier_decision_rule_one_active_progress_key" ON "tier_decision_rule" ("kind") WHERE "active" AND "kind" = 'PROGRESS_BELOW_AIM_LINE'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "tier_decision_rule_one_active_progress_key"`);
  }
}
