/*
 * "As of day D" for every record the indicators read, as SQL over a table alias and a date
 * expression. Each fragment states the rule of the module that owns the records (cited), so a past
 * date gives what the data said then: effective-dated history, never today's status column.
 */

/**
 * Enrolled on D: entry_date <= D and (exit_date is null or exit_date >= D), both ends inclusive
 * (students module, EnrollmentEntity). Enrollments of a student never overlap (EnrollmentService.insert),
 * so a student is at one school, in one grade, on any day: a mid-year transfer counts at the
 * sending school up to its exit date and at the receiving school from its entry date.
 */
export const enrolledOn = (e: string, day: string) => `(${e}.entry_date <= ${day} AND (${e}.exit_date IS NULL OR ${e}.exit_date >= ${day}))`;

/**
 * The tier placement in force on D: the placement whose span includes D (tiers module,
 * placement.service.ts `tiersOn`); without one the student is in Tier 1 (DEFAULT_TIER).
 */
export const placementInForceOn = (p: string, day: string) => `(${p}.start_date <= ${day} AND (${p}.end_date IS NULL OR ${p}.end_date >= ${day}))`;

/**
 * An intervention plan active on D: started by D and not closed by D (start_date <= D and
 * (closed_date is null or closed_date > D)). Not the status column, which only says what is true
 * today: a plan closed in March was active in January.
 */
export const planActiveOn = (p: string, day: string) => `(${p}.start_date <= ${day} AND (${p}.closed_date IS NULL OR ${p}.closed_date > ${day}))`;

/** The school year containing D: the latest one begun by D (calendar module; as the tiers and attendance modules read it). */
export const schoolYearIdOn = (day: string) => `(SELECT y.id FROM school_year y WHERE y.start_date <= ${day} ORDER BY y.start_date DESC LIMIT 1)`;
export const schoolYearStartOn = (day: string) => `(SELECT y.start_date FROM school_year y WHERE y.start_date <= ${day} ORDER BY y.start_date DESC LIMIT 1)`;
