/** A school week: planned sessions accrue per school day, `sessionsPerWeek` per 5 school days. */
export const SCHOOL_DAYS_PER_WEEK = 5;

export interface PlanSchedule {
  sessionsPerWeek: number;
  minutesPerSession: number;
}

/** What the session logs say about one plan up to a date (see InterventionDosageService). */
export interface DeliveredCounts {
  /** Instructional days from the plan's start to the end of the window, both inclusive. */
  schoolDays: number;
  sessionsDelivered: number;
  sessionsMissed: number;
  minutesDelivered: number;
}

export interface Dosage extends DeliveredCounts {
  sessionsPlanned: number;
  minutesPlanned: number;
  /** minutesDelivered / minutesPlanned; null while nothing is planned yet. */
  deliveredShare: number | null;
}

const round = (value: number, places: number) => {
  const factor = 10 ** places;
  return Math.round(value * factor) / factor;
};

/**
 * Dosage of a plan, derived from its schedule and its logged sessions, never typed in.
 *
 * Planned dosage is counted in **school days**, not calendar weeks: a plan of N sessions a week
 * plans N/5 of a session for each instructional day (the district calendar's `instructional_day`)
 * from its start date to the end of the window, so holidays, breaks and snow days do not count as
 * sessions the student missed. The window ends on the earliest of `asOf`, the date the plan
 * closed, and its planned end date. Planned counts can be fractional (3 a week over 7 school days
 * is 4.2 sessions); they are rounded to 2 decimals, the delivered share to 4.
 *
 * Delivered dosage counts the logged sessions up to `asOf` that the student attended (minutes are
 * the session's logged minutes); missed ones are logged sessions marked absent, whatever the reason.
 * This matches how intervention fidelity is usually reported (e.g. the National Center on
 * Intensive Intervention's dosage measure: sessions and minutes received over those scheduled).
 */
export function dosageOf(schedule: PlanSchedule, counts: DeliveredCounts): Dosage {
  const schoolDays = Math.max(0, counts.schoolDays);
  const sessionsPlanned = round((schedule.sessionsPerWeek * schoolDays) / SCHOOL_DAYS_PER_WEEK, 2);
  const minutesPlanned = round((schedule.sessionsPerWeek * schedule.minutesPerSession * schoolDays) / SCHOOL_DAYS_PER_WEEK, 2);
  return {
    schoolDays,
    sessionsDelivered: counts.sessionsDelivered,
    sessionsMissed: counts.sessionsMissed,
    minutesDelivered: counts.minutesDelivered,
    sessionsPlanned,
    minutesPlanned,
    deliveredShare: minutesPlanned > 0 ? round(counts.minutesDelivered / minutesPlanned, 4) : null,
  };
}
