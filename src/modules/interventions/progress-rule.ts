import { registerEnumType } from 'type-graphql';

export enum ProgressStatus {
  /** Fewer than 3 points: too early to judge. */
  NOT_ENOUGH_DATA = 'NOT_ENOUGH_DATA',
  /** The last 3 points are on or on the goal side of the aim line. */
  ON_TRACK = 'ON_TRACK',
  /** The last 4 points are all on the wrong side of the aim line: change the intervention. */
  NOT_RESPONDING = 'NOT_RESPONDING',
  /** Anything else: keep going and keep measuring. */
  MIXED = 'MIXED',
}

export enum GoalDirection {
  /** The target is above the baseline (e.g. words correct per minute). */
  INCREASE = 'INCREASE',
  /** The target is below the baseline (e.g. office referrals a week). */
  DECREASE = 'DECREASE',
}

registerEnumType(ProgressStatus, { name: 'ProgressStatus', description: 'How progress-monitoring data compare with the aim line' });
registerEnumType(GoalDirection, { name: 'GoalDirection' });

export interface AimLine {
  startDate: string;
  baseline: number;
  targetDate: string;
  target: number;
}

export interface ScoredPoint {
  date: string;
  score: number;
}

/** Points needed before any judgement. */
export const MIN_POINTS = 3;
/** Consecutive points on the goal side of the aim line that mean on track. */
export const ON_TRACK_RUN = 3;
/** Consecutive points on the wrong side of the aim line that mean not responding. */
export const NOT_RESPONDING_RUN = 4;

const EPSILON = 1e-9;
const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / 86_400_000;

export function goalDirection(aim: Pick<AimLine, 'baseline' | 'target'>): GoalDirection {
  return aim.target < aim.baseline ? GoalDirection.DECREASE : GoalDirection.INCREASE;
}

/**
 * The aim line's value on `date`: the straight line from (start date, baseline) to (target date,
 * target), held at the baseline before the start and at the target after the target date.
 */
export function aimLineValue(aim: AimLine, date: string): number {
  const span = dayNumber(aim.targetDate) - dayNumber(aim.startDate);
  const elapsed = dayNumber(date) - dayNumber(aim.startDate);
  if (span <= 0 || elapsed >= span) return aim.target;
  if (elapsed <= 0) return aim.baseline;
  return aim.baseline + ((aim.target - aim.baseline) * elapsed) / span;
}

/** True when the score is on the aim line or on the goal's side of it. */
export function meetsAimLine(aim: AimLine, point: ScoredPoint): boolean {
  const expected = aimLineValue(aim, point.date);
  return goalDirection(aim) === GoalDirection.INCREASE ? point.score >= expected - EPSILON : point.score <= expected + EPSILON;
}

/**
 * Judges progress-monitoring data against the aim line with the data-point decision rules of
 * curriculum-based measurement (the "four-point rule": Fuchs & Fuchs; National Center on Intensive
 * Intervention, "Using Academic Progress Monitoring for Individualized Instructional Planning"):
 *
 * - fewer than {@link MIN_POINTS} points: NOT_ENOUGH_DATA;
 * - the last `notRespondingRun` points (the district's rule; {@link NOT_RESPONDING_RUN} by default)
 *   all miss the aim line: NOT_RESPONDING;
 * - the last {@link ON_TRACK_RUN} points all meet it: ON_TRACK;
 * - otherwise MIXED.
 *
 * "Meeting" the aim line depends on the goal's direction: at or above it when the target is above
 * the baseline, at or below it when the target is below (fewer incidents, say). Points are judged
 * in date order whatever order they come in.
 */
export function progressStatus(aim: AimLine, points: readonly ScoredPoint[], notRespondingRun: number | null = NOT_RESPONDING_RUN): ProgressStatus {
  if (points.length < MIN_POINTS) return ProgressStatus.NOT_ENOUGH_DATA;
  const ordered = [...points].sort((a, b) => a.date.localeCompare(b.date));
  const last = (n: number) => ordered.slice(-n);
  // The run length is the district's "progress-not-responding" rule; null when that rule is off.
  if (notRespondingRun !== null && ordered.length >= notRespondingRun && last(notRespondingRun).every((p) => !meetsAimLine(aim, p))) {
    return ProgressStatus.NOT_RESPONDING;
  }
  if (last(ON_TRACK_RUN).every((p) => meetsAimLine(aim, p))) return ProgressStatus.ON_TRACK;
  return ProgressStatus.MIXED;
}
