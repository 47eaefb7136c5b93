/**
 * Default target dosage of a tutoring program: the National Student Support Accelerator's (NSSA,
 * Stanford) high-impact tutoring standards. High-impact tutoring is delivered at least three times
 * a week, in sessions of at least 30 minutes, to groups of at most four students per tutor, for at
 * least ten weeks. Programs may set their own targets; the checks compare against the program's.
 *
 * Younger students: NSSA's guidance lets K-3 sessions be shorter (attention spans; early-literacy
 * programs such as those NSSA reviews run 15-20 minute sessions). We model this as a separate
 * minimum session length for students in grades PK-3, 20 minutes by default, applied whenever the
 * student (for dosage) or every student present (for a session check) is in grade 3 or below.
 */
export const TUTORING_STANDARDS = {
  sessionsPerWeek: 3,
  minutesPerSession: 30,
  minutesPerSessionK3: 20,
  maxStudentsPerTutor: 4,
  minWeeks: 10,
} as const;

/** Highest grade (as stored: PK = -1, K = 0) that the shorter K-3 session minimum applies to. */
export const K3_HIGHEST_GRADE = 3;

/** Instructional days in a school week: weekly rates divide by instructional days / 5. */
export const SCHOOL_DAYS_PER_WEEK = 5;

/** The checks of a program's recent practice look at the last four weeks (28 days, today included). */
export const CHECK_WINDOW_DAYS = 28;

/** Most minutes a logged session may last. */
export const MAX_SESSION_MINUTES = 240;
