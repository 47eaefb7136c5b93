import type { EntityManager } from 'typeorm';
import { addDays } from '../../common/dates';
import { MtssDomain } from '../../common/mtss';
import { decisionRuleService, explainFlag } from '../tiers/decision-rules.service';

/** Progress monitoring frequency by tier: Tier 2 every two weeks, Tier 3 weekly. */
export const PROGRESS_INTERVAL_DAYS: Record<number, number> = { 2: 14, 3: 7 };

export interface MtssQueueRow {
  studentId: string;
  domain: MtssDomain;
  reason: string;
  /** When the item became due (the plan's review date, the missed progress check). */
  dueDate: string | null;
  planId: string | null;
}

/**
 * Students flagged by a screening decision rule with no ACTIVE intervention plan in the flagged
 * domain: the MTSS team's "who needs a look" list. Reuses the one home of the rules
 * (decision-rules.service) so a student counted by the indicator appears here.
 */
export async function flaggedWithoutPlan(em: EntityManager, studentIds: string[], today: string): Promise<MtssQueueRow[]> {
  if (studentIds.length === 0) return [];
  const flags = await decisionRuleService.screeningFlags(em, studentIds, today);
  const withPlan: { studentId: string; domain: MtssDomain }[] = await em.query(
    `SELECT DISTINCT student_id AS "studentId", domain FROM intervention_plan WHERE status = 'ACTIVE' AND student_id = ANY($1::uuid[])`,
    [studentIds],
  );
  const planned = new Set(withPlan.map((p) => `${p.studentId}|${p.domain}`));
  const seen = new Set<string>();
  return flags.flatMap((flag) => {
    const key = `${flag.studentId}|${flag.domain}`;
    // Flags come most severe first; one item per student and domain.
    if (planned.has(key) || seen.has(key)) return [];
    seen.add(key);
    return [{ studentId: flag.studentId, domain: flag.domain, reason: `${explainFlag(flag)}; no active plan in ${flag.domain.toLowerCase().replace('_', '-')}`, dueDate: flag.administeredOn, planId: null }];
  });
}

/** ACTIVE plans whose review date has passed: the team owes a review (and a new review date). */
export async function plansPastReview(em: EntityManager, studentIds: string[], today: string): Promise<MtssQueueRow[]> {
  if (studentIds.length === 0) return [];
  const rows: { studentId: string; domain: MtssDomain; reviewDate: string; planId: string }[] = await em.query(
    `SELECT student_id AS "studentId", domain, review_date AS "reviewDate", id AS "planId"
       FROM intervention_plan WHERE status = 'ACTIVE' AND review_date < $2 AND student_id = ANY($1::uuid[])
      ORDER BY review_date, id`,
    [studentIds, today],
  );
  return rows.map((r) => ({ studentId: r.studentId, domain: r.domain, reason: `Plan review was due ${r.reviewDate}`, dueDate: r.reviewDate, planId: r.planId }));
}

/**
 * ACTIVE Tier 2/3 plans without a progress point in the expected interval (Tier 2: 14 days,
 * Tier 3: 7 days), counted from the last point or, with none, from the plan's start.
 */
export async function plansMissingProgress(em: EntityManager, studentIds: string[], today: string): Promise<MtssQueueRow[]> {
  if (studentIds.length === 0) return [];
  const rows: { studentId: string; domain: MtssDomain; tier: number; lastCheck: string; planId: string; hasPoints: boolean }[] = await em.query(
    `SELECT p.student_id AS "studentId", p.domain, p.tier, p.id AS "planId",
            coalesce(max(pp.measured_on), p.start_date) AS "lastCheck", count(pp.id) > 0 AS "hasPoints"
       FROM intervention_plan p LEFT JOIN progress_point pp ON pp.plan_id = p.id
      WHERE p.status = 'ACTIVE' AND p.tier >= 2 AND p.student_id = ANY($1::uuid[])
      GROUP BY p.id
     HAVING coalesce(max(pp.measured_on), p.start_date) + (CASE WHEN p.tier = 3 THEN $3::int ELSE $4::int END) < $2::date
      ORDER BY 5, p.id`,
    [studentIds, today, PROGRESS_INTERVAL_DAYS[3], PROGRESS_INTERVAL_DAYS[2]],
  );
  return rows.map((r) => {
    const due = addDays(r.lastCheck, PROGRESS_INTERVAL_DAYS[r.tier]);
    const since = r.hasPoints ? `the last progress point was ${r.lastCheck}` : `no progress point since the plan began ${r.lastCheck}`;
    return { studentId: r.studentId, domain: r.domain, reason: `Tier ${r.tier} plans are monitored every ${PROGRESS_INTERVAL_DAYS[r.tier] / 7 === 1 ? 'week' : 'two weeks'}; ${since}`, dueDate: due, planId: r.planId };
  });
}
