import { ACADEMIC_DOMAINS } from '../../../common/mtss';
import { SCHOOL_DAYS_PER_WEEK } from '../../interventions/dosage';
import { MIN_POINTS, ON_TRACK_RUN } from '../../interventions/progress-rule';
import { PROGRESS_INTERVAL_DAYS } from '../../queues/mtss-queues';
import { enrolledOn, planActiveOn } from '../effective-dates';
import { type IndicatorFamily, sqlList } from './family';

/** A plan is judged on sessions delivered once it is this old (4 weeks): earlier, a few missed sessions swing the share. */
export const PLAN_FIDELITY_MIN_AGE_DAYS = 28;
/** Share of planned sessions delivered and attended that counts as implemented with fidelity. */
export const SESSIONS_DELIVERED_SHARE = 0.8;
/** A team meeting this many days before a plan's review date (up to it) counts as its review. */
export const REVIEW_EVIDENCE_DAYS = 14;

/** Days between progress checks by tier (the MTSS queues' rule), as a SQL CASE over the tier. */
const intervalSql = (tier: string) =>
  `(CASE ${tier} ${Object.entries(PROGRESS_INTERVAL_DAYS).map(([t, days]) => `WHEN ${Number(t)} THEN ${Number(days)}`).join(' ')} END)`;

/**
 * A progress point meets the plan's aim line: SQL form of progress-rule.ts `meetsAimLine` (the
 * straight line from (start date, baseline) to (goal target date, target), held at the target
 * after the target date; on or above it for a rising goal, on or below for a falling one, within
 * 1e-9). Kept equal to the rule by tests/indicators/plan-indicators.test.ts ("parity").
 */
export const meetsAimLineSql = (plan: string, point: string) => {
  const span = `(${plan}.goal_target_date - ${plan}.start_date)`;
  const expected = `(${plan}.goal_baseline + (${plan}.goal_target - ${plan}.goal_baseline)
      * least(greatest(${point}.measured_on - ${plan}.start_date, 0), ${span})::numeric / ${span})`;
  return `(CASE WHEN ${plan}.goal_target < ${plan}.goal_baseline THEN ${point}.score <= ${expected} + 1e-9
               ELSE ${point}.score >= ${expected} - 1e-9 END)`;
};

/**
 * Academic (reading and math) intervention plans, per as-of date D: those active on D, and those
 * whose review date fell in the period (see PLANS_REVIEWED_ON_TIME). A plan counts at its own
 * school (the interventions module keeps the school of the plan's start, "so school rollups do not
 * move when the student does"), in the student's grade on D (their enrollment on D, else their
 * current grade). Columns, all as of D:
 *
 * - dosage, as interventions/dosage.service.ts derives it: instructional days from the start to the
 *   earliest of D and the closed date (else the planned end); sessions and minutes planned =
 *   sessions a week x (minutes) x days / 5 (`SCHOOL_DAYS_PER_WEEK`), rounded to 2 decimals;
 *   sessions and minutes delivered = logged sessions up to D the student attended;
 * - progress: the last check (latest point up to D, else the start) within the tier's interval
 *   (the MTSS queues' PROGRESS_INTERVAL_DAYS: Tier 2 14 days, Tier 3 7); points up to D, and
 *   whether the last ON_TRACK_RUN of them meet the aim line (progress-rule.ts: ON_TRACK);
 * - review: due in the period (review date in [period start, D), the plan still open on that date)
 *   and reviewed by it.
 *
 * The plan's tier, goal and review date are its current values: the interventions module keeps no
 * history of them (a change is in the audit trail only).
 */
export const plansFamily: IndicatorFamily = {
  key: 'plans',
  studentUnits: true,
  usesRoster: false,
  oneUnitPerStudent: false,
  ctes: `
  plan_rows AS MATERIALIZED (
    SELECT d.as_of, d.period_from, p.id, p.student_id, p.school_id, p.tier, p.start_date, p.closed_date, p.planned_end_date,
           p.review_date, p.sessions_per_week, p.minutes_per_session, p.goal_baseline, p.goal_target, p.goal_target_date
      FROM dates d
      JOIN intervention_plan p ON p.domain::text IN (${sqlList(ACADEMIC_DOMAINS)}) AND p.start_date <= d.as_of
       AND (${planActiveOn('p', 'd.as_of')}
            OR (p.review_date >= d.period_from AND p.review_date < d.as_of AND (p.closed_date IS NULL OR p.closed_date >= p.review_date)))
  ),
  plan_days AS (
    SELECT coalesce(array_agg(calendar_date ORDER BY calendar_date), '{}'::date[]) AS d FROM instructional_day
  ),
  plan_attended AS (
    SELECT d.as_of, a.plan_id AS id, count(*)::int AS sessions, sum(s.minutes)::int AS minutes
      FROM dates d
      JOIN intervention_session s ON s.session_date <= d.as_of
      JOIN intervention_session_attendance a ON a.session_id = s.id AND a.present
     GROUP BY d.as_of, a.plan_id
  ),
  plan_points AS (
    SELECT pr.as_of, pr.id, q.measured_on, ${meetsAimLineSql('pr', 'q')} AS meets,
           row_number() OVER (PARTITION BY pr.as_of, pr.id ORDER BY q.measured_on DESC) AS recency
      FROM plan_rows pr
      JOIN progress_point q ON q.plan_id = pr.id AND q.measured_on <= pr.as_of
  ),
  plan_progress AS (
    SELECT as_of, id, max(measured_on) AS last_on, count(*)::int AS points,
           bool_and(meets) FILTER (WHERE recency <= ${ON_TRACK_RUN}) AS last_run_meets
      FROM plan_points GROUP BY as_of, id
  ),
  units AS (
    SELECT pr.as_of, pr.student_id, pr.school_id, coalesce(en.grade_level, st.grade_level) AS grade_level, pr.id AS plan_id,
           ${planActiveOn('pr', 'pr.as_of')} AS active,
           pr.as_of - pr.start_date >= ${PLAN_FIDELITY_MIN_AGE_DAYS} AS judged_on_sessions,
           coalesce(pa.sessions, 0) AS sessions_attended, coalesce(pa.minutes, 0) AS minutes_attended,
           round(pr.sessions_per_week * sd.school_days / ${SCHOOL_DAYS_PER_WEEK}.0, 2) AS sessions_planned,
           round(pr.sessions_per_week * pr.minutes_per_session * sd.school_days / ${SCHOOL_DAYS_PER_WEEK}.0, 2) AS minutes_planned,
           ${intervalSql('pr.tier')} IS NOT NULL AS monitored,
           coalesce(pp.last_on, pr.start_date) + ${intervalSql('pr.tier')} >= pr.as_of AS progress_current,
           coalesce(pp.points, 0) AS points,
           coalesce(pp.points, 0) >= ${MIN_POINTS} AND coalesce(pp.last_run_meets, false) AS last_run_meets,
           (pr.review_date >= pr.period_from AND pr.review_date < pr.as_of
             AND (pr.closed_date IS NULL OR pr.closed_date >= pr.review_date)) AS review_due,
           CASE WHEN pr.review_date < pr.as_of THEN
             pr.closed_date = pr.review_date
             OR EXISTS (SELECT 1 FROM team_meeting_student ms JOIN team_meeting m ON m.id = ms.meeting_id
                         WHERE ms.student_id = pr.student_id AND m.kind IN ('MTSS', 'SST')
                           AND m.held_on BETWEEN greatest(pr.start_date, pr.review_date - ${REVIEW_EVIDENCE_DAYS}) AND pr.review_date)
             OR EXISTS (SELECT 1 FROM team_meeting_decision md JOIN team_meeting m ON m.id = md.meeting_id
                         WHERE md.student_id = pr.student_id AND md.intervention_plan_id = pr.id
                           AND m.held_on BETWEEN greatest(pr.start_date, pr.review_date - ${REVIEW_EVIDENCE_DAYS}) AND pr.review_date)
           ELSE false END AS reviewed_on_time
      FROM plan_rows pr
      JOIN student st ON st.id = pr.student_id AND st.deleted_at IS NULL
      CROSS JOIN plan_days
      CROSS JOIN LATERAL (
        SELECT greatest(0, width_bucket(least(pr.as_of, coalesce(pr.closed_date, pr.planned_end_date)), plan_days.d)
                           - width_bucket(pr.start_date - 1, plan_days.d)) AS school_days) sd
      LEFT JOIN LATERAL (
        SELECT e.grade_level FROM enrollment e WHERE e.student_id = pr.student_id AND ${enrolledOn('e', 'pr.as_of')}
         ORDER BY e.entry_date DESC LIMIT 1) en ON true
      LEFT JOIN plan_attended pa ON pa.as_of = pr.as_of AND pa.id = pr.id
      LEFT JOIN plan_progress pp ON pp.as_of = pr.as_of AND pp.id = pr.id
  )`,
};
