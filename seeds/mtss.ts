import type { EntityManager } from 'typeorm';
import type { SeedContext } from './context';
import { insertRows } from './generate';
import { Random } from './random';

export interface MtssSeedSummary {
  screeningResults: number;
  tierPlacements: number;
  teamMeetings: number;
}

type Domain = 'READING' | 'MATH' | 'SOCIAL_EMOTIONAL';

/**
 * Tier shares in each academic domain follow the usual MTSS triangle: 30% of students struggle
 * (45/38/17% in tiers 1/2/3) and 70% do not (92/6/2%), about 78% Tier 1, 15-16% Tier 2 and 6-7%
 * Tier 3 overall, with reading and math correlated through the one draw. Some students who screen
 * low are left without a placement on purpose: the "flagged, no plan" gaps the queues must find.
 */
const STRUGGLING_SHARE = 0.3;
const STRUGGLING_TIERS = { 1: 0.45, 2: 0.38, 3: 0.17 } as const;
const ON_TRACK_TIERS = { 1: 0.92, 2: 0.06, 3: 0.02 } as const;
const UNPLACED_LOW_SCORERS = 0.2;
/** Social-emotional screeners report risk bands rather than percentiles. */
const SEL_RISK_SHARES = { LOW_RISK: 0.8, SOME_RISK: 0.14, HIGH_RISK: 0.06 } as const;
const ACADEMIC_SCREENERS: Record<'READING' | 'MATH', string> = { READING: 'Universal Reading Screener', MATH: 'Universal Math Screener' };
const SEL_SCREENER = 'Social-Emotional Behavior Screener';
/** The fall screening window opens this many instructional days into the year. */
const FALL_WINDOW_DAY = 10;
const MEETING_SKIP_SHARE = 0.15;

function percentileFor(tier: number, rng: Random): number {
  if (tier === 3) return rng.int(1, 9);
  if (tier === 2) return rng.int(10, 24);
  return rng.int(25, 99);
}

/**
 * MTSS data for the seeded district: fall screening in reading and math (K-8) and social-emotional
 * screening (all grades), tier placements that follow from it (with gaps), and weekly MTSS team
 * meetings with notes, decisions and follow-ups (with missed weeks and overdue tasks).
 */
export async function seedMtss(em: EntityManager, ctx: SeedContext, seed: string | number): Promise<MtssSeedSummary> {
  const rng = new Random(`${seed}:mtss`);
  const fallDay = ctx.days[FALL_WINDOW_DAY];
  if (!fallDay) return { screeningResults: 0, tierPlacements: 0, teamMeetings: 0 };
  const placementDay = ctx.days[Math.min(FALL_WINDOW_DAY + 8, ctx.days.length - 1)];

  const schoolAdmin = new Map<string, string>();
  for (const [schoolId, staff] of ctx.staffBySchool) {
    const admin = staff.find((s) => s.role === 'SCHOOL_ADMIN');
    if (admin) schoolAdmin.set(schoolId, admin.id);
  }

  const screening: unknown[][] = [];
  const placements: unknown[][] = [];
  const placed: { id: string; studentId: string; schoolId: string; domain: Domain; tier: number }[] = [];
  for (const student of ctx.students) {
    const recorder = schoolAdmin.get(student.schoolId);
    if (!recorder) continue;
    // Reading and math ability are correlated: one latent draw shifts both.
    const struggling = rng.chance(STRUGGLING_SHARE);
    for (const domain of ['READING', 'MATH'] as const) {
      if (student.grade < 0 || student.grade > 8) continue;
      const tier = Number(rng.weighted(struggling ? STRUGGLING_TIERS : ON_TRACK_TIERS));
      const percentile = percentileFor(tier, rng);
      screening.push([rng.uuid(), student.id, ctx.year.id, domain, 'FALL', ACADEMIC_SCREENERS[domain], fallDay, 150 + percentile * 2, percentile, null, recorder]);
      if (tier > 1 && !rng.chance(UNPLACED_LOW_SCORERS) && placementDay > fallDay) {
        const id = rng.uuid();
        placements.push([id, student.id, domain, tier, placementDay, `Fall ${domain.toLowerCase()} screening at the ${percentile}th percentile`, recorder]);
        placed.push({ id, studentId: student.id, schoolId: student.schoolId, domain, tier });
      }
    }
    const risk = rng.weighted(SEL_RISK_SHARES);
    screening.push([rng.uuid(), student.id, ctx.year.id, 'SOCIAL_EMOTIONAL', 'FALL', SEL_SCREENER, fallDay, risk === 'HIGH_RISK' ? 12 : risk === 'SOME_RISK' ? 30 : 48, null, risk, recorder]);
    if (risk !== 'LOW_RISK' && rng.chance(0.7) && placementDay > fallDay) {
      const id = rng.uuid();
      const tier = risk === 'HIGH_RISK' ? 3 : 2;
      placements.push([id, student.id, 'SOCIAL_EMOTIONAL', tier, placementDay, `Fall social-emotional screening: ${risk.replace('_', ' ').toLowerCase()}`, recorder]);
      placed.push({ id, studentId: student.id, schoolId: student.schoolId, domain: 'SOCIAL_EMOTIONAL', tier });
    }
  }
  await insertRows(em, 'screening_result', [
    'id:uuid', 'student_id:uuid', 'school_year_id:uuid', 'domain:mtss_domain', 'screening_window:screening_window', 'assessment',
    'administered_on:date', 'score:numeric', 'percentile:smallint', 'risk_level:risk_level', 'recorded_by:uuid',
  ], screening);
  await insertRows(em, 'tier_placement', [
    'id:uuid', 'student_id:uuid', 'domain:mtss_domain', 'tier:smallint', 'start_date:date', 'reason', 'decided_by:uuid',
  ], placements);

  const meetings = await seedMeetings(em, ctx, rng, placed, placementDay);
  return { screeningResults: screening.length, tierPlacements: placements.length, teamMeetings: meetings };
}

/**
 * A weekly MTSS meeting at each school (Tuesdays, when in session), a few weeks skipped on purpose;
 * the first one after the fall placements records them as decisions.
 */
async function seedMeetings(
  em: EntityManager,
  ctx: SeedContext,
  rng: Random,
  placed: { id: string; studentId: string; schoolId: string; domain: Domain; tier: number }[],
  placementDay: string,
): Promise<number> {
  const meetingDays = ctx.days.filter((d, i) => i >= FALL_WINDOW_DAY && new Date(`${d}T00:00:00Z`).getUTCDay() === 2);
  const meetings: unknown[][] = [];
  const attendees: unknown[][] = [];
  const discussed: unknown[][] = [];
  const notes: unknown[][] = [];
  const decisions: unknown[][] = [];
  const tasks: unknown[][] = [];
  for (const school of ctx.schools) {
    const staff = ctx.staffBySchool.get(school.id) ?? [];
    const admin = staff.find((s) => s.role === 'SCHOOL_ADMIN');
    if (!admin) continue;
    const team = [admin, ...staff.filter((s) => s.role === 'COUNSELOR').slice(0, 1), ...staff.filter((s) => s.role === 'INTERVENTIONIST').slice(0, 2)];
    const schoolPlaced = placed.filter((p) => p.schoolId === school.id);
    let decided = false;
    for (const day of meetingDays) {
      if (rng.chance(MEETING_SKIP_SHARE)) continue;
      const meetingId = rng.uuid();
      meetings.push([meetingId, school.id, 'MTSS', day, 'Weekly MTSS team meeting', admin.id]);
      for (const member of team) attendees.push([rng.uuid(), meetingId, member.id, null, member.role === 'SCHOOL_ADMIN' ? 'MTSS coordinator' : member.role.toLowerCase()]);
      const recordsPlacements: boolean = !decided && day >= placementDay;
      const topics = recordsPlacements ? schoolPlaced.slice(0, 40) : rng.sample(schoolPlaced, Math.min(4, schoolPlaced.length));
      const seen = new Set<string>();
      for (const topic of topics) {
        if (!seen.has(topic.studentId)) {
          seen.add(topic.studentId);
          discussed.push([rng.uuid(), meetingId, topic.studentId]);
          notes.push([rng.uuid(), meetingId, topic.studentId, `Reviewed ${topic.domain.toLowerCase().replace('_', '-')} data; Tier ${topic.tier} supports in place.`, false, admin.id]);
          if (rng.chance(0.1)) notes.push([rng.uuid(), meetingId, topic.studentId, 'Family circumstances discussed; counselor to follow up.', true, admin.id]);
        }
        if (recordsPlacements) decisions.push([rng.uuid(), meetingId, topic.studentId, 'TIER_CHANGE', `Tier ${topic.tier} in ${topic.domain.toLowerCase().replace('_', '-')}`, topic.id, admin.id]);
        if (rng.chance(0.3)) {
          const owner = rng.pick(team);
          const due = ctx.days[Math.min(ctx.days.indexOf(day) + rng.int(3, 10), ctx.days.length - 1)];
          const done = due < ctx.asOf && rng.chance(0.7) ? due : null;
          tasks.push([rng.uuid(), meetingId, topic.studentId, owner.id, 'Check progress data and report back', day, due, false, done]);
        }
      }
      decided ||= recordsPlacements;
    }
  }
  await insertRows(em, 'team_meeting', ['id:uuid', 'school_id:uuid', 'kind:team_meeting_kind', 'held_on:date', 'title', 'created_by:uuid'], meetings);
  await insertRows(em, 'team_meeting_attendee', ['id:uuid', 'meeting_id:uuid', 'staff_user_id:uuid', 'name', 'role_label'], attendees);
  await insertRows(em, 'team_meeting_student', ['id:uuid', 'meeting_id:uuid', 'student_id:uuid'], discussed);
  await insertRows(em, 'team_meeting_note', ['id:uuid', 'meeting_id:uuid', 'student_id:uuid', 'body', 'restricted:boolean', 'author_id:uuid'], notes);
  await insertRows(em, 'team_meeting_decision', ['id:uuid', 'meeting_id:uuid', 'student_id:uuid', 'kind:team_decision_kind', 'description', 'tier_placement_id:uuid', 'recorded_by:uuid'], decisions);
  await insertRows(em, 'follow_up_task', ['id:uuid', 'meeting_id:uuid', 'student_id:uuid', 'owner_id:uuid', 'description', 'assigned_on:date', 'due_date:date', 'restricted:boolean', 'completed_on:date'], tasks);
  await em.query(`UPDATE tier_placement p SET team_meeting_id = d.meeting_id FROM team_meeting_decision d WHERE d.tier_placement_id = p.id`);
  return meetings.length;
}
