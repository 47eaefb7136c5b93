import type { EntityManager } from 'typeorm';
import type { SeedContext } from './context';
import { insertRows } from './generate';
import { Random } from './random';

export interface InterventionSeedSummary {
  interventionPlans: number;
  interventionSessions: number;
  progressPoints: number;
}

type Domain = 'READING' | 'MATH' | 'SOCIAL_EMOTIONAL';

/** The district catalog: generic names for common evidence-based practices. */
const CATALOG: { name: string; domain: Domain; tiers: number[]; delivery: string; klass: string; perWeek: number; minutes: number; weeks: number; measure: string; baseline: [number, number]; gainPerWeek: number }[] = [
  { name: 'Phonics and decoding small group', domain: 'READING', tiers: [2], delivery: 'SMALL_GROUP', klass: 'INSTRUCTION', perWeek: 3, minutes: 30, weeks: 12, measure: 'Words read correctly per minute', baseline: [20, 60], gainPerWeek: 1.5 },
  { name: 'Intensive structured literacy', domain: 'READING', tiers: [3], delivery: 'INDIVIDUAL', klass: 'INSTRUCTION', perWeek: 5, minutes: 30, weeks: 16, measure: 'Words read correctly per minute', baseline: [10, 40], gainPerWeek: 2 },
  { name: 'Math facts fluency group', domain: 'MATH', tiers: [2], delivery: 'SMALL_GROUP', klass: 'PRACTICE', perWeek: 3, minutes: 30, weeks: 12, measure: 'Digits correct in two minutes', baseline: [8, 30], gainPerWeek: 1 },
  { name: 'Concrete-representational-abstract intensive math', domain: 'MATH', tiers: [3], delivery: 'INDIVIDUAL', klass: 'INSTRUCTION', perWeek: 5, minutes: 30, weeks: 16, measure: 'Digits correct in two minutes', baseline: [4, 20], gainPerWeek: 1.2 },
  { name: 'Check-in/check-out', domain: 'SOCIAL_EMOTIONAL', tiers: [2], delivery: 'INDIVIDUAL', klass: 'BEHAVIORAL', perWeek: 5, minutes: 10, weeks: 10, measure: 'Daily behaviour points earned (%)', baseline: [40, 65], gainPerWeek: 2 },
  { name: 'Individual counseling', domain: 'SOCIAL_EMOTIONAL', tiers: [3], delivery: 'INDIVIDUAL', klass: 'SUPPORT', perWeek: 1, minutes: 30, weeks: 12, measure: 'Weekly behaviour rating (%)', baseline: [30, 55], gainPerWeek: 2.5 },
];

/** Weekdays of sessions by sessions per week (Monday = 1). */
const SESSION_DAYS: Record<number, number[]> = { 1: [3], 3: [1, 3, 5], 5: [1, 2, 3, 4, 5] };
/** Fidelity gaps on purpose: plans never started, groups that skip days, students absent. */
const NO_PLAN_SHARE = 0.15;
const LOW_FIDELITY_GROUP_SHARE = 0.2;
const PRESENT_SHARE = 0.88;
const MISSING_PROGRESS_SHARE = 0.2;
const GROUP_SIZE = 4;

/** Plans come up for review six weeks in (the district default). */
const REVIEW_AFTER_DAYS = 42;

const weekday = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();
const plusDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * Intervention plans for most Tier 2/3 placements, group sessions on the plans' schedules up to
 * asOf, and progress points at the expected frequency (Tier 2 every other week, Tier 3 weekly),
 * with the fidelity gaps a real district has: plans never opened, skipped sessions, absences,
 * missing progress data and reviews left overdue.
 */
export async function seedInterventions(em: EntityManager, ctx: SeedContext, seed: string | number): Promise<InterventionSeedSummary> {
  const rng = new Random(`${seed}:interventions`);
  const catalog = CATALOG.map((c) => ({ ...c, id: rng.uuid() }));
  await insertRows(em, 'intervention', [
    'id:uuid', 'name', 'domain:mtss_domain', 'tiers:smallint[]', 'delivery:intervention_delivery', 'intervention_class:intervention_class',
    'recommended_sessions_per_week:smallint', 'recommended_minutes_per_session:smallint', 'recommended_weeks:smallint', 'evidence_note',
  ], catalog.map((c) => [c.id, c.name, c.domain, `{${c.tiers.join(',')}}`, c.delivery, c.klass, c.perWeek, c.minutes, c.weeks, 'District-approved; see the MTSS handbook.']));

  const placements: { studentId: string; domain: Domain; tier: number; startDate: string }[] = await em.query(
    `SELECT student_id AS "studentId", domain, tier, start_date AS "startDate" FROM tier_placement WHERE end_date IS NULL AND tier >= 2 ORDER BY student_id, domain`,
  );
  const schoolOf = new Map(ctx.students.map((s) => [s.id, s.schoolId]));
  const dayIndex = new Map(ctx.days.map((d, i) => [d, i]));
  const plans: unknown[][] = [];
  const planRows: { id: string; studentId: string; schoolId: string; interventionistId: string; domain: Domain; tier: number; start: string; perWeek: number; minutes: number; baseline: number; gainPerWeek: number }[] = [];
  for (const placement of placements) {
    const schoolId = schoolOf.get(placement.studentId);
    const staff = schoolId ? ctx.staffBySchool.get(schoolId) ?? [] : [];
    const providers = staff.filter((s) => (placement.domain === 'SOCIAL_EMOTIONAL' ? s.role === 'COUNSELOR' : s.role === 'INTERVENTIONIST'));
    const item = catalog.find((c) => c.domain === placement.domain && c.tiers.includes(placement.tier));
    const startIndex = (dayIndex.get(placement.startDate) ?? -1) + rng.int(2, 6);
    if (!schoolId || !item || providers.length === 0 || rng.chance(NO_PLAN_SHARE) || startIndex >= ctx.days.length) continue;
    const start = ctx.days[startIndex];
    const baseline = rng.int(item.baseline[0], item.baseline[1]);
    const target = Math.round(baseline + item.gainPerWeek * item.weeks);
    const id = rng.uuid();
    const interventionistId = rng.pick(providers).id;
    plans.push([
      id, placement.studentId, schoolId, item.id, placement.domain, placement.tier, item.measure, baseline, target, plusDays(start, item.weeks * 7),
      interventionistId, item.perWeek, item.minutes, start, plusDays(start, item.weeks * 7), plusDays(start, REVIEW_AFTER_DAYS), interventionistId,
    ]);
    planRows.push({ id, studentId: placement.studentId, schoolId, interventionistId, domain: placement.domain, tier: placement.tier, start, perWeek: item.perWeek, minutes: item.minutes, baseline, gainPerWeek: item.gainPerWeek });
  }
  await insertRows(em, 'intervention_plan', [
    'id:uuid', 'student_id:uuid', 'school_id:uuid', 'intervention_id:uuid', 'domain:mtss_domain', 'tier:smallint', 'goal_measure',
    'goal_baseline:numeric', 'goal_target:numeric', 'goal_target_date:date', 'interventionist_id:uuid', 'sessions_per_week:smallint',
    'minutes_per_session:smallint', 'start_date:date', 'planned_end_date:date', 'review_date:date', 'created_by:uuid',
  ], plans);

  const { sessions, attendance } = sessionRows(ctx, rng, planRows);
  await insertRows(em, 'intervention_session', ['id:uuid', 'school_id:uuid', 'logged_by:uuid', 'interventionist_id:uuid', 'session_date:date', 'minutes:smallint'], sessions);
  await insertRows(em, 'intervention_session_attendance', ['id:uuid', 'session_id:uuid', 'plan_id:uuid', 'student_id:uuid', 'present:boolean', 'absence_reason:session_absence_reason'], attendance);

  const points: unknown[][] = [];
  for (const plan of planRows) {
    if (rng.chance(MISSING_PROGRESS_SHARE)) continue;
    const everyDays = plan.tier === 3 ? 7 : 14;
    const responding = rng.chance(0.7);
    for (let offset = everyDays; ; offset += everyDays) {
      const date = plusDays(plan.start, offset);
      if (date > ctx.asOf) break;
      const weeks = offset / 7;
      const score = plan.baseline + (responding ? plan.gainPerWeek * 1.1 : plan.gainPerWeek * 0.2) * weeks + rng.int(-3, 3);
      points.push([rng.uuid(), plan.id, plan.studentId, date, Math.max(0, Math.round(score)), plan.interventionistId]);
    }
  }
  await insertRows(em, 'progress_point', ['id:uuid', 'plan_id:uuid', 'student_id:uuid', 'measured_on:date', 'score:numeric', 'recorded_by:uuid'], points);
  return { interventionPlans: plans.length, interventionSessions: sessions.length, progressPoints: points.length };
}

/** One session per group and scheduled day: plans grouped by interventionist, domain and tier. */
function sessionRows(ctx: SeedContext, rng: Random, plans: { id: string; studentId: string; schoolId: string; interventionistId: string; domain: Domain; tier: number; start: string; perWeek: number; minutes: number }[]) {
  const groups = new Map<string, typeof plans>();
  for (const plan of plans) {
    const key = `${plan.interventionistId}|${plan.domain}|${plan.tier}`;
    const list = groups.get(key) ?? [];
    list.push(plan);
    groups.set(key, list);
  }
  const sessions: unknown[][] = [];
  const attendance: unknown[][] = [];
  for (const members of groups.values()) {
    for (let at = 0; at < members.length; at += GROUP_SIZE) {
      const group = members.slice(at, at + GROUP_SIZE);
      const first = group[0];
      const skipShare = rng.chance(LOW_FIDELITY_GROUP_SHARE) ? 0.45 : 0.05;
      const days = SESSION_DAYS[first.perWeek] ?? SESSION_DAYS[3];
      for (const day of ctx.days) {
        if (!days.includes(weekday(day)) || rng.chance(skipShare)) continue;
        const present = group.filter((p) => p.start <= day);
        if (present.length === 0) continue;
        const sessionId = rng.uuid();
        sessions.push([sessionId, first.schoolId, first.interventionistId, first.interventionistId, day, first.minutes]);
        for (const plan of present) {
          const here = rng.chance(PRESENT_SHARE);
          attendance.push([rng.uuid(), sessionId, plan.id, plan.studentId, here, here ? null : rng.pick(['STUDENT_ABSENT', 'STUDENT_UNAVAILABLE'])]);
        }
      }
    }
  }
  return { sessions, attendance };
}
