import {
  GoalDirection,
  ProgressStatus,
  aimLineValue,
  goalDirection,
  meetsAimLine,
  progressStatus,
  type AimLine,
} from '../../src/modules/interventions/progress-rule';

/**
 * The on-track rule, as a pure function. The aim line below rises from 40 on 2026-09-01 to 70 on
 * 2026-12-10 (100 days): 0.3 a day, so it is 43 on 09-11, 46 on 09-21, 49 on 10-01, 52 on 10-11,
 * 55 on 10-21.
 */
const rising: AimLine = { startDate: '2026-09-01', baseline: 40, targetDate: '2026-12-10', target: 70 };
/** Fewer incidents is better: from 10 a week on 09-01 down to 0 on 12-10 (0.1 a day). */
const falling: AimLine = { startDate: '2026-09-01', baseline: 10, targetDate: '2026-12-10', target: 0 };

const DATES = ['2026-09-11', '2026-09-21', '2026-10-01', '2026-10-11', '2026-10-21'];
const points = (...scores: number[]) => scores.map((score, i) => ({ date: DATES[i], score }));

describe('aim line', () => {
  it('runs straight from (start, baseline) to (target date, target)', () => {
    expect(aimLineValue(rising, '2026-09-01')).toBe(40);
    expect(aimLineValue(rising, '2026-09-11')).toBeCloseTo(43, 10);
    expect(aimLineValue(rising, '2026-10-21')).toBeCloseTo(55, 10);
    expect(aimLineValue(rising, '2026-12-10')).toBe(70);
    expect(aimLineValue(falling, '2026-10-11')).toBeCloseTo(6, 10);
  });

  it('holds the baseline before the start and the target after the target date', () => {
    expect(aimLineValue(rising, '2026-08-01')).toBe(40);
    expect(aimLineValue(rising, '2027-01-15')).toBe(70);
  });

  it('takes the goal direction from target versus baseline', () => {
    expect(goalDirection(rising)).toBe(GoalDirection.INCREASE);
    expect(goalDirection(falling)).toBe(GoalDirection.DECREASE);
  });

  it('a point exactly on the line meets it in either direction', () => {
    expect(meetsAimLine(rising, { date: '2026-09-11', score: 43 })).toBe(true);
    expect(meetsAimLine(rising, { date: '2026-09-11', score: 42.99 })).toBe(false);
    expect(meetsAimLine(falling, { date: '2026-10-11', score: 6 })).toBe(true);
    expect(meetsAimLine(falling, { date: '2026-10-11', score: 6.01 })).toBe(false);
  });
});

describe('progressStatus', () => {
  it('NOT_ENOUGH_DATA with fewer than 3 points, whatever they say', () => {
    expect(progressStatus(rising, [])).toBe(ProgressStatus.NOT_ENOUGH_DATA);
    expect(progressStatus(rising, points(90, 90))).toBe(ProgressStatus.NOT_ENOUGH_DATA);
    expect(progressStatus(rising, points(0, 0))).toBe(ProgressStatus.NOT_ENOUGH_DATA);
  });

  it('ON_TRACK when the last 3 are at or above the line (higher is better)', () => {
    // aim: 43, 46, 49 -> scores on or above
    expect(progressStatus(rising, points(43, 47, 49))).toBe(ProgressStatus.ON_TRACK);
    // an early miss does not matter once the last three meet the line (aim 43, 46, 49, 52)
    expect(progressStatus(rising, points(30, 46, 50, 52))).toBe(ProgressStatus.ON_TRACK);
  });

  it('NOT_RESPONDING when the last 4 are all below the line (higher is better)', () => {
    // aim 43, 46, 49, 52, 55: the last four (45 < 46, 48 < 49, 51 < 52, 54 < 55) all miss
    expect(progressStatus(rising, points(50, 45, 48, 51, 54))).toBe(ProgressStatus.NOT_RESPONDING);
  });

  it('three misses are not yet NOT_RESPONDING: MIXED', () => {
    expect(progressStatus(rising, points(42, 45, 48))).toBe(ProgressStatus.MIXED);
    // 4 points, the last 3 below but the first above: MIXED
    expect(progressStatus(rising, points(44, 45, 48, 51))).toBe(ProgressStatus.MIXED);
  });

  it('MIXED when the last points straddle the line', () => {
    expect(progressStatus(rising, points(44, 45, 50, 51, 56))).toBe(ProgressStatus.MIXED);
  });

  it('for a goal where lower is better, at or below the line is on track', () => {
    // aim: 9, 8, 7, 6, 5
    expect(progressStatus(falling, points(9, 7.5, 7))).toBe(ProgressStatus.ON_TRACK);
    expect(progressStatus(falling, points(9, 9, 8, 7, 6))).toBe(ProgressStatus.NOT_RESPONDING);
    expect(progressStatus(falling, points(9, 9, 6))).toBe(ProgressStatus.MIXED);
  });

  it('judges points in date order, whatever order they arrive in', () => {
    const ordered = points(50, 45, 48, 51, 54);
    expect(progressStatus(rising, [...ordered].reverse())).toBe(ProgressStatus.NOT_RESPONDING);
  });
});
