import { registerNodeFetcher } from '../node/node.resolver';
import { ScreeningResultEntity, TierDecisionRuleEntity, TierPlacementEntity } from './tier.entities';
import { ScreeningResultType, TierDecisionRuleType, TierPlacementType } from './tier.types';

// Student-owned rows are visible exactly when their student is.
registerNodeFetcher('TierPlacement', async (ctx, id) => {
  const row = await ctx.db.manager.findOneBy(TierPlacementEntity, { id });
  return row && (await ctx.loaders.students.visibleStudentById.load(row.studentId)) ? TierPlacementType.from(row) : null;
});

registerNodeFetcher('ScreeningResult', async (ctx, id) => {
  const row = await ctx.db.manager.findOneBy(ScreeningResultEntity, { id });
  return row && (await ctx.loaders.students.visibleStudentById.load(row.studentId)) ? ScreeningResultType.from(row) : null;
});

registerNodeFetcher('TierDecisionRule', async (ctx, id) => {
  const rule = await ctx.loaders.tiers.decisionRuleById.load(id);
  return rule ? TierDecisionRuleType.from(rule) : null;
});
