import { TRIGGER_RESPONSE_SCHOOL_DAYS } from '../attendance/attendance-rules';
import { MIN_POINTS } from '../interventions/progress-rule';
import { PROGRESS_INTERVAL_DAYS } from '../queues/mtss-queues';
import { TUTORING_STANDARDS } from '../tutoring/tutoring-standards';
import type { FamilyKey } from './families';
import { MEETING_CADENCE_WEEKS } from './families/meetings';
import { PLAN_FIDELITY_MIN_AGE_DAYS, REVIEW_EVIDENCE_DAYS, SESSIONS_DELIVERED_SHARE } from './families/plans';
import { SCREENED_GRADES } from './families/screening';
import { CountedUnit, IndicatorDirection, IndicatorKey, IndicatorKind } from './indicator-enums';

/**
 * How a computed indicator is counted over its family's units (`u`, see families/family.ts):
 * - `count`: numerator = units where `population` and `numerator` hold; denominator = units where
 *   `population` holds;
 * - `sum`: numerator = sum of `numeratorAmount`, denominator = sum of `denominatorAmount`, over the
 *   units where `population` holds (a ratio of minutes, not of students).
 * The students behind a cell (for suppression and drill-through) are the distinct students of
 * those units.
 */
export type IndicatorSql =
  | { family: FamilyKey; aggregate: 'count'; population: string; numerator: string }
  | { family: FamilyKey; aggregate: 'sum'; population: string; numeratorAmount: string; denominatorAmount: string };

export interface IndicatorDefinition {
  key: IndicatorKey;
  title: string;
  priority: 1 | 2;
  /** The plan's core strategy the indicator gives evidence for. */
  strategy: string;
  kind: IndicatorKind;
  /** In words, shown in the API. */
  numerator: string;
  denominator: string;
  /** What "as of D" means for it, in words, shown in the API. */
  asOfRule: string;
  direction: IndicatorDirection;
  /** A percentage, where the plan sets one. */
  target: number | null;
  countedUnit: CountedUnit;
  /** Computed here (SQL over a family's units), or a published figure recorded per school and year. */
  source: IndicatorSql | { published: true };
  /** Small-cell suppression applies (figures about students, not schools or published ones). */
  suppressible: boolean;
}

const P1_MTSS = 'Priority 1, strategy 2: an academic system of support (MTSS) so that instruction, interventions and enrichments meet the needs of all students';
const P1_INSTRUCTION = 'Priority 1, strategy 1: implement and monitor the instructional vision in service of the Portrait of a Graduate';
const P1_TRANSITIONS = 'Priority 1, strategy 3: increase high school and post-secondary transition supports';
const P2_SEL = 'Priority 2, strategy 1: a social/emotional system of support (MTSS), including school-wide attendance support';
const percent = (share: number) => `${Math.round(share * 100)}%`;

/** The students of both Tier 2/3 academic indicators: Tier 2 or 3 in reading or math (families/tiers.ts). */
const ACADEMIC_TIER23 = '(u.reading_t23 OR u.math_t23)';

/**
 * Tier 2/3 students in reading or math with an active plan in that domain.
 * As of D: tier from the placement history on D; plan active on D (started by D, not closed by D);
 * student counted at their school and grade of enrollment on D. A student Tier 2/3 in both
 * reading and math counts in the numerator only when both domains have a plan.
 */
const academicTier23WithPlan: IndicatorDefinition = {
  key: IndicatorKey.ACADEMIC_TIER23_WITH_PLAN,
  title: 'Tier 2/3 students (reading or math) with an active intervention plan',
  priority: 1,
  strategy: P1_MTSS,
  kind: IndicatorKind.FIDELITY,
  numerator: 'Students in Tier 2 or 3 in reading or math with an active intervention plan in each such domain',
  denominator: 'Students in Tier 2 or 3 in reading or math',
  asOfRule: 'Tier from the placement in force on the date; plans started by and not closed by the date; students enrolled on the date, at that school and grade',
  direction: IndicatorDirection.HIGHER_IS_BETTER,
  target: null,
  countedUnit: CountedUnit.STUDENTS,
  source: {
    family: 'tiers',
    aggregate: 'count',
    population: ACADEMIC_TIER23,
    numerator: '((NOT u.reading_t23 OR u.plan_reading) AND (NOT u.math_t23 OR u.plan_math))',
  },
  suppressible: true,
};

/**
 * Students screened in the current window over students enrolled in the screened grades.
 * As of D: the window is the latest one of D's school year with a screening administered by D;
 * a student is screened with a reading and a math result in that window dated by D; students
 * enrolled on D in grades K-8 (SCREENED_GRADES), at that school and grade.
 */
const screenedInWindow: IndicatorDefinition = {
  key: IndicatorKey.SCREENED_IN_WINDOW,
  title: 'Students screened in the current universal screening window',
  priority: 1,
  strategy: P1_MTSS,
  kind: IndicatorKind.FIDELITY,
  numerator: 'Students with a reading and a math screening result in the current window',
  denominator: `Students enrolled in the screened grades (K-${SCREENED_GRADES.highest})`,
  asOfRule: "The current window is the latest one of the date's school year in which screening had begun by the date; results dated by the date; students enrolled on the date",
  direction: IndicatorDirection.HIGHER_IS_BETTER,
  target: null,
  countedUnit: CountedUnit.STUDENTS,
  source: { family: 'screening', aggregate: 'count', population: 'u.window_open', numerator: 'u.screened' },
  suppressible: true,
};

/**
 * Active plans at least 4 weeks old with at least 80% of their planned sessions delivered and
 * attended. As of D: plans active on D; planned sessions from the plan's schedule over the
 * instructional days from its start to D (interventions dosage rule); sessions logged by D.
 */
const plansSessionsDelivered: IndicatorDefinition = {
  key: IndicatorKey.PLANS_SESSIONS_DELIVERED,
  title: `Intervention plans with at least ${percent(SESSIONS_DELIVERED_SHARE)} of planned sessions delivered and attended`,
  priority: 1,
  strategy: P1_MTSS,
  kind: IndicatorKind.FIDELITY,
  numerator: `Active reading and math plans at least ${PLAN_FIDELITY_MIN_AGE_DAYS / 7} weeks old whose student attended at least ${percent(SESSIONS_DELIVERED_SHARE)} of the sessions planned so far`,
  denominator: `Active reading and math plans at least ${PLAN_FIDELITY_MIN_AGE_DAYS / 7} weeks old`,
  asOfRule: 'Plans active on the date; sessions planned over the instructional days from the start to the date; sessions logged up to the date; counted at the plan school',
  direction: IndicatorDirection.HIGHER_IS_BETTER,
  target: null,
  countedUnit: CountedUnit.PLANS,
  source: {
    family: 'plans',
    aggregate: 'count',
    population: '(u.active AND u.judged_on_sessions)',
    numerator: `(u.sessions_planned > 0 AND u.sessions_attended >= ${SESSIONS_DELIVERED_SHARE} * u.sessions_planned)`,
  },
  suppressible: true,
};

/**
 * Minutes delivered over minutes planned across active plans: a ratio of minutes.
 * As of D: plans active on D; minutes planned over the instructional days from the start to D;
 * minutes of sessions logged by D that the student attended.
 */
const planMinutesDelivered: IndicatorDefinition = {
  key: IndicatorKey.PLAN_MINUTES_DELIVERED,
  title: 'Intervention minutes delivered as a share of minutes planned',
  priority: 1,
  strategy: P1_MTSS,
  kind: IndicatorKind.FIDELITY,
  numerator: 'Minutes of intervention sessions attended, across active reading and math plans',
  denominator: 'Minutes planned so far (sessions a week x minutes a session x instructional days / 5), across the same plans',
  asOfRule: 'Plans active on the date; minutes planned and delivered from each start to the date; counted at the plan school',
  direction: IndicatorDirection.HIGHER_IS_BETTER,
  target: null,
  countedUnit: CountedUnit.MINUTES,
  source: { family: 'plans', aggregate: 'sum', population: 'u.active', numeratorAmount: 'u.minutes_attended', denominatorAmount: 'u.minutes_planned' },
  suppressible: true,
};

/**
 * Active Tier 2/3 plans whose progress is monitored at the expected frequency (the MTSS queues'
 * rule: a point within 14 days for Tier 2, 7 for Tier 3, counted from the last point or the start).
 * As of D: plans active on D; points measured by D.
 */
const plansProgressMonitored: IndicatorDefinition = {
  key: IndicatorKey.PLANS_PROGRESS_MONITORED,
  title: 'Intervention plans with progress monitored at the expected frequency',
  priority: 1,
  strategy: P1_MTSS,
  kind: IndicatorKind.FIDELITY,
  numerator: `Active Tier 2/3 reading and math plans with a progress point in the last ${PROGRESS_INTERVAL_DAYS[2]} days (Tier 2) or ${PROGRESS_INTERVAL_DAYS[3]} days (Tier 3), or started more recently`,
  denominator: 'Active Tier 2/3 reading and math plans',
  asOfRule: 'Plans active on the date; progress points measured up to the date; counted at the plan school',
  direction: IndicatorDirection.HIGHER_IS_BETTER,
  target: null,
  countedUnit: CountedUnit.PLANS,
  source: { family: 'plans', aggregate: 'count', population: '(u.active AND u.monitored)', numerator: 'u.progress_current' },
  suppressible: true,
};

/**
 * Plans on track to their goal (progress-rule.ts ON_TRACK: the last 3 points on or past the aim
 * line) over active plans with at least 3 points. As of D: plans active on D; points measured by D.
 */
const plansOnTrack: IndicatorDefinition = {
  key: IndicatorKey.PLANS_ON_TRACK,
  title: 'Intervention plans on track to their goal',
  priority: 1,
  strategy: P1_MTSS,
  kind: IndicatorKind.FIDELITY,
  numerator: 'Active reading and math plans whose last 3 progress points are on or past the aim line',
  denominator: 'Active reading and math plans with at least 3 progress points',
  asOfRule: 'Plans active on the date; progress points measured up to the date, judged against the current goal; counted at the plan school',
  direction: IndicatorDirection.HIGHER_IS_BETTER,
  target: null,
  countedUnit: CountedUnit.PLANS,
  source: { family: 'plans', aggregate: 'count', population: `(u.active AND u.points >= ${MIN_POINTS})`, numerator: 'u.last_run_meets' },
  suppressible: true,
};

/**
 * Plans reviewed by their review date over plans whose review date has passed. Reviewed: the team
 * closed the plan on its review date, or an MTSS or SST team meeting in the 14 days up to the
 * review date (not before the plan started) discussed the student or recorded a decision on the
 * plan. As of D and period: review dates in [period start, D) of plans still open on that date.
 * The plan keeps only its current review date: a plan reviewed and given a new date leaves the
 * denominator until the new date passes.
 */
const plansReviewedOnTime: IndicatorDefinition = {
  key: IndicatorKey.PLANS_REVIEWED_ON_TIME,
  title: 'Intervention plans reviewed by their review date',
  priority: 1,
  strategy: P1_MTSS,
  kind: IndicatorKind.FIDELITY,
  numerator: `Of those, plans closed on their review date or discussed at an MTSS or SST meeting in the ${REVIEW_EVIDENCE_DAYS} days up to it`,
  denominator: 'Reading and math plans whose review date passed in the period while they were open',
  asOfRule: 'Review dates from the period start up to the day before the date; meetings held by the review date; counted at the plan school',
  direction: IndicatorDirection.HIGHER_IS_BETTER,
  target: null,
  countedUnit: CountedUnit.PLANS,
  source: { family: 'plans', aggregate: 'count', population: 'u.review_due', numerator: 'u.reviewed_on_time' },
  suppressible: true,
};

/**
 * Tutored students meeting their program's dosage in the last four weeks (the tutoring module's
 * dosage rule: NSSA's 3 sessions a week of 30 minutes, 20 in K-3, unless the program set others).
 * As of D: assignments and sessions in the 28 days ending on D; students enrolled on D.
 */
const tutoringDosageMet: IndicatorDefinition = {
  key: IndicatorKey.TUTORING_DOSAGE_MET,
  title: 'Tutored students receiving the program dosage (last four weeks)',
  priority: 1,
  strategy: P1_MTSS,
  kind: IndicatorKind.FIDELITY,
  numerator: `Tutored students who attended at least the program's sessions a week (${TUTORING_STANDARDS.sessionsPerWeek} by default) averaging at least its minutes (${TUTORING_STANDARDS.minutesPerSession}, ${TUTORING_STANDARDS.minutesPerSessionK3} in K-3)`,
  denominator: 'Students assigned to tutoring for at least one school week of the last four weeks',
  asOfRule: 'The 28 days ending on the date, whatever the period; students enrolled on the date, at that school and grade',
  direction: IndicatorDirection.HIGHER_IS_BETTER,
  target: null,
  countedUnit: CountedUnit.STUDENTS,
  source: { family: 'tutoringDosage', aggregate: 'count', population: 'true', numerator: 'u.meets' },
  suppressible: true,
};

/**
 * Held tutoring sessions with at most the program's students per tutor present (NSSA: 4).
 * As of D and period: sessions held from the period start to D, at the group's school.
 */
const tutoringSessionsWithinRatio: IndicatorDefinition = {
  key: IndicatorKey.TUTORING_SESSIONS_WITHIN_RATIO,
  title: 'Tutoring sessions within the students-per-tutor ratio',
  priority: 1,
  strategy: P1_MTSS,
  kind: IndicatorKind.FIDELITY,
  numerator: `Held sessions with at most the program's students per tutor present (${TUTORING_STANDARDS.maxStudentsPerTutor} by default)`,
  denominator: 'Tutoring sessions held',
  asOfRule: 'Sessions held from the period start to the date, at the tutoring group school; not cut by grade or student group',
  direction: IndicatorDirection.HIGHER_IS_BETTER,
  target: null,
  countedUnit: CountedUnit.SESSIONS,
  source: { family: 'tutoringSessions', aggregate: 'count', population: 'true', numerator: 'u.within_ratio' },
  suppressible: false,
};

/**
 * Tier 2/3 reading or math students served by a plan or tutoring in each such domain: the
 * complement of the tutoring module's "support gaps" queue. As of D: tiers on D; plans active on
 * D; tutoring assignments in force on D in the same subject.
 */
const academicTier23Supported: IndicatorDefinition = {
  key: IndicatorKey.ACADEMIC_TIER23_SUPPORTED,
  title: 'Tier 2/3 students (reading or math) with an intervention plan or tutoring',
  priority: 1,
  strategy: P1_MTSS,
  kind: IndicatorKind.FIDELITY,
  numerator: 'Students in Tier 2 or 3 in reading or math with an active plan or tutoring in each such subject',
  denominator: 'Students in Tier 2 or 3 in reading or math',
  asOfRule: 'Tier from the placement in force on the date; plans active and tutoring assignments in force on the date; students enrolled on the date',
  direction: IndicatorDirection.HIGHER_IS_BETTER,
  target: null,
  countedUnit: CountedUnit.STUDENTS,
  source: {
    family: 'tiers',
    aggregate: 'count',
    population: ACADEMIC_TIER23,
    numerator: '((NOT u.reading_t23 OR u.plan_reading OR u.tutor_reading) AND (NOT u.math_t23 OR u.plan_math OR u.tutor_math))',
  },
  suppressible: true,
};

/**
 * Tier 2/3 social-emotional students with an active social-emotional plan. As of D: tier from
 * the placement history on D; plans active on D; students enrolled on D.
 */
const selTier23WithPlan: IndicatorDefinition = {
  key: IndicatorKey.SEL_TIER23_WITH_PLAN,
  title: 'Tier 2/3 social-emotional students with an active plan',
  priority: 2,
  strategy: P2_SEL,
  kind: IndicatorKind.FIDELITY,
  numerator: 'Students in Tier 2 or 3 in social-emotional learning with an active social-emotional intervention plan',
  denominator: 'Students in Tier 2 or 3 in social-emotional learning',
  asOfRule: 'Tier from the placement in force on the date; plans started by and not closed by the date; students enrolled on the date',
  direction: IndicatorDirection.HIGHER_IS_BETTER,
  target: null,
  countedUnit: CountedUnit.STUDENTS,
  source: { family: 'tiers', aggregate: 'count', population: 'u.sel_t23', numerator: 'u.plan_sel' },
  suppressible: true,
};

/**
 * Schools holding both an MTSS meeting and an attendance team meeting in each of the last four
 * weeks. As of D: the four seven-day spans ending on D (spans without a school day are skipped);
 * schools with students enrolled on D. About schools, not students: never suppressed.
 */
const schoolsHoldingTeamMeetings: IndicatorDefinition = {
  key: IndicatorKey.SCHOOLS_HOLDING_TEAM_MEETINGS,
  title: 'Schools holding MTSS and attendance team meetings every week',
  priority: 2,
  strategy: P2_SEL,
  kind: IndicatorKind.FIDELITY,
  numerator: `Schools that held an MTSS meeting and an attendance team meeting in each of the last ${MEETING_CADENCE_WEEKS} weeks with school days`,
  denominator: 'Schools with students enrolled',
  asOfRule: 'The four seven-day spans ending on the date (spans with no school day are skipped); schools with students enrolled on the date',
  direction: IndicatorDirection.HIGHER_IS_BETTER,
  target: null,
  countedUnit: CountedUnit.SCHOOLS,
  source: { family: 'meetings', aggregate: 'count', population: 'u.has_school_weeks', numerator: 'u.met_every_week' },
  suppressible: false,
};

/**
 * Chronic absenteeism rate (also the plan's annual measure, goal 4: 13% or lower): students
 * chronically absent over students enrolled with a rate. As of D: students enrolled on D, at that
 * school and grade (a mid-year transfer counts at the receiving school from its entry date); their
 * attendance over the school year of D up to D, across every school attended (attendance module's
 * totals and rules: enrolled at least the minimum days, default 10, to be counted; chronically
 * absent at 10% or more of the days enrolled, exactly 10.0% included). Whatever the period.
 */
const chronicAbsenteeismRate: IndicatorDefinition = {
  key: IndicatorKey.CHRONIC_ABSENTEEISM_RATE,
  title: 'Chronic absenteeism rate',
  priority: 2,
  strategy: P2_SEL,
  kind: IndicatorKind.FIDELITY,
  numerator: 'Students absent (excused or unexcused) on at least 10% of the days they were enrolled this school year',
  denominator: 'Students enrolled, counting only those enrolled at least the minimum number of school days (10 by default)',
  asOfRule: "Students enrolled on the date, at that school and grade; absences and days enrolled from the first day of the date's school year to the date, across every school attended",
  direction: IndicatorDirection.LOWER_IS_BETTER,
  target: 13,
  countedUnit: CountedUnit.STUDENTS,
  source: { family: 'attendance', aggregate: 'count', population: 'u.rated', numerator: 'u.chronic' },
  suppressible: true,
};

/**
 * Chronically absent students with an open attendance case. As of D: chronic absence as in
 * CHRONIC_ABSENTEEISM_RATE; a case of D's school year open on D (opened by D, not closed by D).
 */
const chronicallyAbsentWithCase: IndicatorDefinition = {
  key: IndicatorKey.CHRONICALLY_ABSENT_WITH_CASE,
  title: 'Chronically absent students with an open attendance case',
  priority: 2,
  strategy: P2_SEL,
  kind: IndicatorKind.FIDELITY,
  numerator: 'Chronically absent students with an open attendance case this school year',
  denominator: 'Chronically absent students',
  asOfRule: "Chronic absence over the date's school year to the date (students enrolled on the date); cases opened by and not closed by the date",
  direction: IndicatorDirection.HIGHER_IS_BETTER,
  target: null,
  countedUnit: CountedUnit.STUDENTS,
  source: { family: 'attendance', aggregate: 'count', population: 'u.chronic', numerator: 'u.open_case' },
  suppressible: true,
};

/**
 * Open attendance cases the team acted on recently: the complement of the stale-cases queue. As of
 * D: cases opened by and not closed by D, at the case school; an action dated in the 14 days
 * (settings stale_case_days) up to D, or a case opened within them (the queue's grace for a first
 * action); actions dated after D do not count.
 */
const openCasesWithRecentAction: IndicatorDefinition = {
  key: IndicatorKey.OPEN_CASES_WITH_RECENT_ACTION,
  title: 'Open attendance cases with a recent team action',
  priority: 2,
  strategy: P2_SEL,
  kind: IndicatorKind.FIDELITY,
  numerator: 'Open cases with a logged action in the last 14 days (the stale-case setting), or opened in them',
  denominator: 'Open attendance cases',
  asOfRule: 'Cases opened by and not closed by the date, at the case school; actions dated up to the date',
  direction: IndicatorDirection.HIGHER_IS_BETTER,
  target: null,
  countedUnit: CountedUnit.CASES,
  source: { family: 'attendanceCases', aggregate: 'count', population: 'true', numerator: 'u.recent_action' },
  suppressible: true,
};

/**
 * Students who hit an attendance trigger and got a logged team action within 10 school days.
 * Hit a trigger: the first school day of the year on which the student, enrolled that day, had a
 * year-to-date attendance status of Tier 2 or 3 (attendance-rules.ts: at risk at 5% absent, chronic
 * at 10%, once enrolled the minimum days; or 2 absences in the first month, 4 in the first two):
 * the day the triggered-without-case queue would first have listed them. The window is that day and
 * the next 10 school days; any attendance action logged for the student dated in it counts. As of
 * D: triggers computed from attendance days up to D in D's school year; actions dated by D; a
 * student whose window is still open on D with no action yet is left out (not yet late), one acted
 * on already counts in both. Counted at the school and grade of enrollment on the trigger day.
 */
const triggeredWithTimelyAction: IndicatorDefinition = {
  key: IndicatorKey.TRIGGERED_WITH_TIMELY_ACTION,
  title: `Students who hit an attendance trigger with a team action within ${TRIGGER_RESPONSE_SCHOOL_DAYS} school days`,
  priority: 2,
  strategy: P2_SEL,
  kind: IndicatorKind.FIDELITY,
  numerator: `Of those, students with an attendance team action logged from the trigger day to the ${TRIGGER_RESPONSE_SCHOOL_DAYS}th school day after it`,
  denominator: `Students who hit an attendance trigger this school year (the first school day their year-to-date attendance reached Tier 2 or 3: at risk or chronically absent once enrolled the minimum days, or the early-warning absences of the first one or two months), leaving out those whose ${TRIGGER_RESPONSE_SCHOOL_DAYS} school days have not yet passed and who have no action yet`,
  asOfRule: `Triggers from attendance days of the date's school year up to the date; actions dated up to the date; a window still open on the date counts only once acted on; counted at the school and grade of enrollment on the trigger day`,
  direction: IndicatorDirection.HIGHER_IS_BETTER,
  target: null,
  countedUnit: CountedUnit.STUDENTS,
  source: { family: 'attendanceTriggers', aggregate: 'count', population: '(u.window_closed OR u.responded)', numerator: 'u.responded' },
  suppressible: true,
};

/**
 * Students with an attendance intervention whose attendance improved: the improved-after-an-
 * intervention queue's rule (attendance-queues.ts `interventionWindowsCtes`): the attendance rate
 * (days enrolled minus absences, over days enrolled, at any school) in the 30 days (settings
 * improvement_window_days) after the first action of the case is above the rate in the 30 days
 * before it; both windows need the minimum days enrolled. A student with several cases in the year
 * is judged on the first one acted on. As of D: cases of D's school year whose window after ended by
 * D; counted at the case's school.
 */
const improvedAfterIntervention: IndicatorDefinition = {
  key: IndicatorKey.IMPROVED_AFTER_INTERVENTION,
  title: 'Students whose attendance improved after an attendance intervention',
  priority: 2,
  strategy: P2_SEL,
  kind: IndicatorKind.FIDELITY,
  numerator: 'Of those, students whose attendance rate in the 30 days after the first action was above the rate in the 30 days before it (the improvement-window setting)',
  denominator: 'Students with an attendance case acted on this school year whose 30 days after the first action have passed, enrolled at least the minimum days in both windows',
  asOfRule: "Cases of the date's school year whose window after the first action ended by the date; counted at the case school, in the grade of enrollment on the first action's day",
  direction: IndicatorDirection.HIGHER_IS_BETTER,
  target: null,
  countedUnit: CountedUnit.STUDENTS,
  source: { family: 'attendanceInterventions', aggregate: 'count', population: 'u.judged', numerator: 'u.improved' },
  suppressible: true,
};

/** An annual measure fed by published figures (per school and school year, or district-wide). */
function published(
  key: IndicatorKey,
  title: string,
  strategy: string,
  target: number,
  numerator: string,
  denominator: string,
): IndicatorDefinition {
  return {
    key,
    title,
    priority: 1,
    strategy,
    kind: IndicatorKind.ANNUAL_MEASURE,
    numerator,
    denominator,
    asOfRule: "The published figure of the date's school year, else of the latest earlier year with one; for the district, the district-wide figure",
    direction: IndicatorDirection.HIGHER_IS_BETTER,
    target,
    countedUnit: CountedUnit.PUBLISHED_PERCENT,
    source: { published: true },
    suppressible: false,
  };
}

/**
 * Every indicator, in the plan's order. Annual measures carry the plan's 2021-2024 goals
 * (District Goals and Performance Targets: major goals 1-3, secondary goals 5-7); goal 4,
 * chronic absenteeism (13% or lower), is computed from attendance (CHRONIC_ABSENTEEISM_RATE).
 */
export const INDICATORS: readonly IndicatorDefinition[] = [
  academicTier23WithPlan,
  screenedInWindow,
  plansSessionsDelivered,
  planMinutesDelivered,
  plansProgressMonitored,
  plansOnTrack,
  plansReviewedOnTime,
  tutoringDosageMet,
  tutoringSessionsWithinRatio,
  academicTier23Supported,
  selTier23WithPlan,
  schoolsHoldingTeamMeetings,
  chronicAbsenteeismRate,
  triggeredWithTimelyAction,
  chronicallyAbsentWithCase,
  openCasesWithRecentAction,
  improvedAfterIntervention,
  published(IndicatorKey.GRADUATION_RATE, 'Four-year cohort graduation rate', P1_TRANSITIONS, 83,
    'Students of the cohort who graduated within four years', 'Students of the four-year cohort'),
  published(IndicatorKey.GRADE3_READING_PROFICIENT, 'Grade 3 students meeting reading proficiency', P1_MTSS, 48,
    'Grade 3 students meeting or exceeding the state reading (ELA) standard', 'Grade 3 students tested'),
  published(IndicatorKey.GRADE8_MATH_PROFICIENT, 'Grade 8 students meeting math proficiency', P1_MTSS, 45,
    'Grade 8 students meeting or exceeding the state math standard', 'Grade 8 students tested'),
  published(IndicatorKey.SCHOOLS_PERFORMANCE_INDEX_50, 'Schools with ELA and math performance indices at 50 or above', P1_INSTRUCTION, 68.2,
    'Schools whose ELA and math performance indices are both 50 or above', 'Schools with performance indices'),
  published(IndicatorKey.GRADE11_CCR_COURSES, '11th graders enrolled in college-and-career readiness courses', P1_TRANSITIONS, 67.8,
    '11th graders enrolled in a college-and-career readiness course', '11th graders'),
  published(IndicatorKey.FRESHMEN_ON_TRACK, 'Freshmen on track to graduate with their cohort', P1_TRANSITIONS, 85.3,
    'Grade 9 students on track (credits and attendance) to graduate on time', 'Grade 9 students'),
];

export function indicatorDefinition(key: IndicatorKey): IndicatorDefinition {
  const found = INDICATORS.find((i) => i.key === key);
  if (!found) throw new RangeError(`unknown indicator ${key}`);
  return found;
}

export const isPublished = (definition: IndicatorDefinition): boolean => 'published' in definition.source;
