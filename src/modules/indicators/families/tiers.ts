import { ACADEMIC_DOMAINS, MtssDomain } from '../../../common/mtss';
import { DEFAULT_TIER } from '../../tiers/placement.service';
import { assignmentActiveOn } from '../../tutoring/tutoring-sql';
import { placementInForceOn, planActiveOn } from '../effective-dates';
import { type IndicatorFamily, rosterOf, sqlList } from './family';

/**
 * Students enrolled on D by their tier in each domain on D (placement history), with whether each
 * Tier 2/3 domain is served on D by an active intervention plan in that domain, or (reading and
 * math) by tutoring in that subject: an assignment in force on D (tutoring module's
 * `assignmentActiveOn`). Only students above Tier 1 somewhere are units; the others count in no
 * indicator of this family. Indicators: ACADEMIC_TIER23_WITH_PLAN, ACADEMIC_TIER23_SUPPORTED,
 * SEL_TIER23_WITH_PLAN.
 *
 * The students above Tier 1 (about a third of the district) are found from the placements and
 * their roster rows looked up (`rosterOf`), rather than building the whole roster to join them.
 * The lookups run in student order (the ORDER BY before the lateral join): in hash order each one
 * landed on a random page of the enrollment and student indexes, which cost more per lookup as the
 * indexes outgrew the caches (6x the time for 5x the students); in order, consecutive lookups
 * share their pages.
 */
export const tiersFamily: IndicatorFamily = {
  key: 'tiers',
  studentUnits: true,
  usesRoster: false,
  oneUnitPerStudent: true,
  ctes: `
  tier_on AS (
    SELECT t.*, r.school_id, r.grade_level
      FROM (
      SELECT d.as_of, tp.student_id,
             coalesce(max(tp.tier) FILTER (WHERE tp.domain = '${MtssDomain.READING}'), ${DEFAULT_TIER}) AS reading,
             coalesce(max(tp.tier) FILTER (WHERE tp.domain = '${MtssDomain.MATH}'), ${DEFAULT_TIER}) AS math,
             coalesce(max(tp.tier) FILTER (WHERE tp.domain = '${MtssDomain.SOCIAL_EMOTIONAL}'), ${DEFAULT_TIER}) AS sel
        FROM dates d
        JOIN tier_placement tp ON ${placementInForceOn('tp', 'd.as_of')}
       GROUP BY d.as_of, tp.student_id
      HAVING max(tp.tier) >= 2
       ORDER BY d.as_of, tp.student_id
      ) t
      CROSS JOIN LATERAL (${rosterOf('t.student_id', 't.as_of')}) r
  ),
  plan_on AS (
    SELECT t.as_of, t.student_id, array_agg(DISTINCT ip.domain::text) AS domains
      FROM tier_on t
      JOIN intervention_plan ip ON ip.student_id = t.student_id AND ${planActiveOn('ip', 't.as_of')}
     GROUP BY t.as_of, t.student_id
  ),
  tutored_on AS (
    SELECT t.as_of, t.student_id, array_agg(DISTINCT g.subject::text) AS subjects
      FROM tier_on t
      JOIN tutoring_assignment a ON a.student_id = t.student_id
      JOIN tutoring_group g ON g.id = a.group_id
      JOIN tutoring_program p ON p.id = g.program_id
     WHERE ${assignmentActiveOn('a', 'p', 't.as_of')} AND g.subject::text IN (${sqlList(ACADEMIC_DOMAINS)})
     GROUP BY t.as_of, t.student_id
  ),
  units AS (
    SELECT t.as_of, t.student_id, t.school_id, t.grade_level,
           t.reading >= 2 AS reading_t23, t.math >= 2 AS math_t23, t.sel >= 2 AS sel_t23,
           coalesce('${MtssDomain.READING}' = ANY(po.domains), false) AS plan_reading,
           coalesce('${MtssDomain.MATH}' = ANY(po.domains), false) AS plan_math,
           coalesce('${MtssDomain.SOCIAL_EMOTIONAL}' = ANY(po.domains), false) AS plan_sel,
           coalesce('${MtssDomain.READING}' = ANY(tu.subjects), false) AS tutor_reading,
           coalesce('${MtssDomain.MATH}' = ANY(tu.subjects), false) AS tutor_math
      FROM tier_on t
      LEFT JOIN plan_on po ON po.as_of = t.as_of AND po.student_id = t.student_id
      LEFT JOIN tutored_on tu ON tu.as_of = t.as_of AND tu.student_id = t.student_id
  )`,
};
