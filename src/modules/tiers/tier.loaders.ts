import { In } from 'typeorm';
import { groupLoader, rowLoader } from '../../common/loader-helpers';
import { entityJson } from '../../db/entity-json';
import { registerStudentRelationPreload } from '../students/student-page-preload';
import { TierDecisionRuleEntity, TierPlacementEntity } from './tier.entities';
import type { RequestContext } from '../../context';
import { decisionRuleService } from './decision-rules.service';
import { PLACEMENT_HISTORY_ORDER, placementService } from './placement.service';
import { screeningService } from './screening.service';

/** Keyed by ids of students the caller already knows are visible. */
export function createTierLoaders(ctx: RequestContext) {
  let progressRule: Promise<TierDecisionRuleEntity | null> | undefined;
  const loadProgressRule = () => (progressRule ??= decisionRuleService.activeProgressRule(ctx.db.manager));
  return {
    /** The active "not responding" progress rule, if the district has it on. */
    progressRule: loadProgressRule,
    /** Its run of points below the aim line; null when the rule is off. */
    notRespondingRun: async () => (await loadProgressRule())?.consecutivePoints ?? null,
    placementHistoryByStudentId: groupLoader((ids) => placementService.historyFor(ctx, ids), (p) => p.studentId),
    screeningResultsByStudentId: groupLoader((ids) => screeningService.forStudents(ctx, ids), (r) => r.studentId),
    decisionRuleById: rowLoader((ids) => ctx.db.manager.findBy(TierDecisionRuleEntity, { id: In([...ids]) }), (r) => r.id),
    screeningFlagsByStudentId: groupLoader((ids) => decisionRuleService.screeningFlags(ctx.db.manager, ids, ctx.today), (f) => f.studentId),
  };
}

/** A page of students fills placementHistoryByStudentId in its own round trip (placementService.historyFor's rows and order). */
registerStudentRelationPreload({
  name: 'tier placement history',
  fields: ['tiers', 'tierHistory'],
  async prepare(db) {
    const placement = await entityJson(db, TierPlacementEntity);
    return {
      rows: (studentIds) =>
        `SELECT t.${placement.column('studentId')} AS student_id,
                json_agg(${placement.row('t')} ORDER BY ${placement.orderBy('t', PLACEMENT_HISTORY_ORDER)}) AS value
           FROM ${placement.table} t WHERE t.${placement.column('studentId')} = ANY(${studentIds}) AND ${placement.live('t')}
          GROUP BY t.${placement.column('studentId')}`,
      prime: (ctx, studentId, value) =>
        ctx.loaders.tiers.placementHistoryByStudentId.prime(studentId, ((value ?? []) as (string | null)[][]).map(placement.decode)),
    };
  },
});
