import DataLoader from 'dataloader';
import { decodeCursor, pageSize, toConnection, type ConnectionShape } from '../../common/graphql/connection';
import { groupLoader, perArguments, rowLoader } from '../../common/loader-helpers';
import type { RequestContext } from '../../context';
import { entityJson } from '../../db/entity-json';
import { StaffUserEntity } from '../staff/staff.entity';
import { registerStudentRelationPreload, type PreparedRelation } from '../students/student-page-preload';
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
  async prepare(db): Promise<PreparedRelation<PlanReferences>> {
    const [plan, intervention, staff] = await Promise.all([entityJson(db, InterventionPlanEntity), entityJson(db, InterventionEntity), entityJson(db, StaffUserEntity)]);
    // The plans' references to one table, for the page's students.
    const referenced = (property: 'interventionId' | 'interventionistId', studentIds: string) =>
      `SELECT DISTINCT p.${plan.column(property)} FROM ${plan.table} p WHERE p.${plan.column('studentId')} = ANY(${studentIds}) AND ${plan.live('p')}`;
    return {
      rows: (studentIds) =>
        `SELECT p.${plan.column('studentId')} AS student_id, json_agg(${plan.row('p')} ORDER BY ${plan.orderBy('p', STUDENT_PLANS_ORDER)}) AS value
           FROM ${plan.table} p
          WHERE p.${plan.column('studentId')} = ANY(${studentIds}) AND ${plan.live('p')}
          GROUP BY p.${plan.column('studentId')}`,
      // The page's catalog interventions and interventionists, once each: dozens of plans share a
      // handful of them. By key, as their loaders read them: `= ANY(ARRAY(...))`, because with
      // `IN (...)` the planner hashed the whole staff table (1,215 rows at Hartford) for five ids.
      shared: {
        sql: (studentIds) =>
          `SELECT json_build_array(
             (SELECT json_agg(${intervention.row('i')}) FROM ${intervention.table} i
               WHERE i.${intervention.column('id')} = ANY(ARRAY(${referenced('interventionId', studentIds)})) AND ${intervention.live('i')}),
             (SELECT json_agg(${staff.row('u')}) FROM ${staff.table} u
               WHERE u.${staff.column('id')} = ANY(ARRAY(${referenced('interventionistId', studentIds)})) AND ${staff.live('u')}))`,
        decode: (value) => {
          const [interventions, interventionists] = (value ?? [null, null]) as [(string | null)[][] | null, (string | null)[][] | null];
          return {
            interventions: new Map((interventions ?? []).map((row) => intervention.decode(row)).map((i) => [i.id, i])),
            interventionists: new Map((interventionists ?? []).map((row) => staff.decode(row)).map((u) => [u.id, u])),
          };
        },
      },
      prime: (ctx, studentId, value, references) => {
        const plans = ((value ?? []) as (string | null)[][]).map((row) => {
          const decoded = plan.decode(row);
          // A reference the page did not return is primed as null, as the loader would answer it.
          if (decoded.interventionId) ctx.loaders.interventions.interventionById.prime(decoded.interventionId, references.interventions.get(decoded.interventionId) ?? null);
          ctx.loaders.staff.staffUserById.prime(decoded.interventionistId, references.interventionists.get(decoded.interventionistId) ?? null);
          return decoded;
        });
        ctx.loaders.interventions.plansByStudentId.prime(studentId, plans);
      },
    };
  },
});

/** The catalog interventions and interventionists a page's plans refer to, by id. */
interface PlanReferences {
  interventions: Map<string, InterventionEntity>;
  interventionists: Map<string, StaffUserEntity>;
}
