import DataLoader from 'dataloader';
import { decodeCursor, pageSize, toConnection, type ConnectionShape } from '../../common/graphql/connection';
import { groupLoader, perArguments, rowLoader } from '../../common/loader-helpers';
import type { RequestContext } from '../../context';
import { entityJson } from '../../db/entity-json';
import { StaffUserEntity } from '../staff/staff.entity';
import { registerStudentRelationPreload } from '../students/student-page-preload';
import type { Dosage } from './dosage';
import { interventionDosageService } from './dosage.service';
import { interventionCatalogService } from './intervention-catalog.service';
import { InterventionPlanEntity } from './intervention-plan.entity';
import { interventionPlanService, STUDENT_PLANS_ORDER } from './intervention-plan.service';
import { InterventionEntity } from './intervention.entity';
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

/**
 * A page of students fills plansByStudentId (interventionPlanService.forStudents's rows and order)
 * in its own round trip, with each plan's catalog intervention and interventionist (interventionById,
 * staffUserById: a plan's name and interventionist are what a list of plans shows).
 */
registerStudentRelationPreload({
  name: 'intervention plans',
  fields: ['interventionPlans'],
  async prepare(db) {
    const [plan, intervention, staff] = await Promise.all([entityJson(db, InterventionPlanEntity), entityJson(db, InterventionEntity), entityJson(db, StaffUserEntity)]);
    return {
      // The intervention and interventionist by key per plan: a join would hash the whole staff
      // table on every page (1,215 rows at Hartford scale, five times that at 5x) for a few dozen plans.
      rows: (studentIds) =>
        `SELECT p.${plan.column('studentId')} AS student_id,
                json_agg(json_build_array(${plan.row('p')},
                           (SELECT ${intervention.row('i')} FROM ${intervention.table} i WHERE i.${intervention.column('id')} = p.${plan.column('interventionId')} AND ${intervention.live('i')}),
                           (SELECT ${staff.row('u')} FROM ${staff.table} u WHERE u.${staff.column('id')} = p.${plan.column('interventionistId')} AND ${staff.live('u')}))
                         ORDER BY ${plan.orderBy('p', STUDENT_PLANS_ORDER)}) AS value
           FROM ${plan.table} p
          WHERE p.${plan.column('studentId')} = ANY(${studentIds}) AND ${plan.live('p')}
          GROUP BY p.${plan.column('studentId')}`,
      prime: (ctx, studentId, value) => {
        type Row = [(string | null)[], (string | null)[] | null, (string | null)[] | null];
        const plans = ((value ?? []) as Row[]).map(([planRow, interventionRow, staffRow]) => {
          const decoded = plan.decode(planRow);
          if (decoded.interventionId) ctx.loaders.interventions.interventionById.prime(decoded.interventionId, interventionRow && intervention.decode(interventionRow));
          ctx.loaders.staff.staffUserById.prime(decoded.interventionistId, staffRow && staff.decode(staffRow));
          return decoded;
        });
        ctx.loaders.interventions.plansByStudentId.prime(studentId, plans);
      },
    };
  },
});
