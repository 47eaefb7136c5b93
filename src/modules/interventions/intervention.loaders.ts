import DataLoader from 'dataloader';
import { decodeCursor, pageSize, toConnection, type ConnectionShape } from '../../common/graphql/connection';
import { groupLoader, perArguments, rowLoader } from '../../common/loader-helpers';
import type { RequestContext } from '../../context';
import type { Dosage } from './dosage';
import { interventionDosageService } from './dosage.service';
import { interventionCatalogService } from './intervention-catalog.service';
import { interventionPlanService } from './intervention-plan.service';
import type { InterventionSessionEntity } from './intervention-session.entity';
import { interventionSessionService, sessionCountsOfPlans, sessionsOfPlans } from './intervention-session.service';
import { progressService } from './progress.service';

export interface PlanSessionsKey {
  planId: string;
  first?: number | null;
  after?: string | null;
}

/**
 * The interventions module's DataLoaders, made per request. Rows here are unscoped: resolvers
 * reach them from a plan or student already known to be visible, or check the student's
 * visibility (node fetchers).
 */
export function createInterventionLoaders(ctx: RequestContext) {
  const sessionCountByPlanId = new DataLoader<string, number>(async (ids) => {
    const counts = await sessionCountsOfPlans(ctx, ids);
    return ids.map((id) => counts.get(id) ?? 0);
  });
  return {
    interventionById: rowLoader((ids) => interventionCatalogService.findByIds(ctx, ids), (i) => i.id),
    planById: rowLoader((ids) => interventionPlanService.findByIds(ctx, ids), (p) => p.id),
    /** Every plan of a student, newest start first. */
    plansByStudentId: groupLoader((ids) => interventionPlanService.forStudents(ctx, ids), (p) => p.studentId),
    progressPointsByPlanId: groupLoader((ids) => progressService.forPlans(ctx, ids), (p) => p.planId),
    progressPointById: rowLoader((ids) => progressService.findByIds(ctx, ids), (p) => p.id),
    sessionById: rowLoader((ids) => interventionSessionService.findByIds(ctx, ids), (s) => s.id),
    attendanceBySessionId: groupLoader((ids) => interventionSessionService.attendanceOf(ctx, ids), (a) => a.sessionId),
    /** Dosage of plans as of a date: one query per date per batch of plans. */
    dosageByPlanId: perArguments(
      (asOf: string): DataLoader<string, Dosage | null> =>
        new DataLoader(async (ids) => {
          const dosage = await interventionDosageService.forPlans(ctx, ids, asOf);
          return ids.map((id) => dosage.get(id) ?? null);
        }, { maxBatchSize: 1000 }),
    ),
    /** A page of a plan's sessions: plans asking for the same page size and cursor share one query. */
    sessionsByPlan: new DataLoader<PlanSessionsKey, ConnectionShape<InterventionSessionEntity>, string>(
      async (keys) => {
        const groups = new Map<string, PlanSessionsKey[]>();
        for (const key of keys) {
          const group = `${key.first ?? ''}|${key.after ?? ''}`;
          groups.set(group, [...(groups.get(group) ?? []), key]);
        }
        const results = new Map<PlanSessionsKey, ConnectionShape<InterventionSessionEntity>>();
        for (const group of groups.values()) {
          const { first, after } = group[0];
          const limit = pageSize(first);
          const rows = await sessionsOfPlans(ctx, group.map((k) => k.planId), limit + 1, decodeCursor(after, 2));
          for (const key of group) {
            results.set(
              key,
              toConnection(rows.get(key.planId) ?? [], limit, (s) => [s.sessionDate, s.id], (s) => s, () => sessionCountByPlanId.load(key.planId)),
            );
          }
        }
        return keys.map((key) => results.get(key)!);
      },
      { cacheKeyFn: (key) => JSON.stringify([key.planId, key.first ?? null, key.after ?? null]) },
    ),
  };
}
