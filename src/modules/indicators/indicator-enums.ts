import { registerEnumType } from 'type-graphql';

/**
 * The indicators of the strategic operating plan (Hartford Public Schools 2021-2024, Priorities 1
 * and 2) this system computes or carries. Each is defined once in the registry (registry.ts).
 */
export enum IndicatorKey {
  // Priority 1 fidelity indicators (academic MTSS, tutoring)
  ACADEMIC_TIER23_WITH_PLAN = 'ACADEMIC_TIER23_WITH_PLAN',
  SCREENED_IN_WINDOW = 'SCREENED_IN_WINDOW',
  PLANS_SESSIONS_DELIVERED = 'PLANS_SESSIONS_DELIVERED',
  PLAN_MINUTES_DELIVERED = 'PLAN_MINUTES_DELIVERED',
  PLANS_PROGRESS_MONITORED = 'PLANS_PROGRESS_MONITORED',
  PLANS_ON_TRACK = 'PLANS_ON_TRACK',
  PLANS_REVIEWED_ON_TIME = 'PLANS_REVIEWED_ON_TIME',
  TUTORING_DOSAGE_MET = 'TUTORING_DOSAGE_MET',
  TUTORING_SESSIONS_WITHIN_RATIO = 'TUTORING_SESSIONS_WITHIN_RATIO',
  ACADEMIC_TIER23_SUPPORTED = 'ACADEMIC_TIER23_SUPPORTED',
  // Priority 2 fidelity indicators (social-emotional MTSS, attendance teams)
  SEL_TIER23_WITH_PLAN = 'SEL_TIER23_WITH_PLAN',
  SCHOOLS_HOLDING_TEAM_MEETINGS = 'SCHOOLS_HOLDING_TEAM_MEETINGS',
  CHRONIC_ABSENTEEISM_RATE = 'CHRONIC_ABSENTEEISM_RATE',
  TRIGGERED_WITH_TIMELY_ACTION = 'TRIGGERED_WITH_TIMELY_ACTION',
  CHRONICALLY_ABSENT_WITH_CASE = 'CHRONICALLY_ABSENT_WITH_CASE',
  OPEN_CASES_WITH_RECENT_ACTION = 'OPEN_CASES_WITH_RECENT_ACTION',
  IMPROVED_AFTER_INTERVENTION = 'IMPROVED_AFTER_INTERVENTION',
  // Annual measures of progress fed by published figures
  GRADUATION_RATE = 'GRADUATION_RATE',
  GRADE3_READING_PROFICIENT = 'GRADE3_READING_PROFICIENT',
  GRADE8_MATH_PROFICIENT = 'GRADE8_MATH_PROFICIENT',
  SCHOOLS_PERFORMANCE_INDEX_50 = 'SCHOOLS_PERFORMANCE_INDEX_50',
  GRADE11_CCR_COURSES = 'GRADE11_CCR_COURSES',
  FRESHMEN_ON_TRACK = 'FRESHMEN_ON_TRACK',
}

/** The plan's two kinds of evidence: completion of action steps, and change over time. */
export enum IndicatorKind {
  /** "Evidence demonstrating completion of action steps communicating progress." */
  FIDELITY = 'FIDELITY',
  /** "Data that communicates change over time." */
  ANNUAL_MEASURE = 'ANNUAL_MEASURE',
}

export enum IndicatorDirection {
  HIGHER_IS_BETTER = 'HIGHER_IS_BETTER',
  LOWER_IS_BETTER = 'LOWER_IS_BETTER',
}

/** What the numerator and denominator count; the value is always their ratio as a percentage. */
export enum CountedUnit {
  STUDENTS = 'STUDENTS',
  PLANS = 'PLANS',
  MINUTES = 'MINUTES',
  SESSIONS = 'SESSIONS',
  SCHOOLS = 'SCHOOLS',
  /** Attendance cases. */
  CASES = 'CASES',
  /** A figure published by the state or the district (imported), not computed here. */
  PUBLISHED_PERCENT = 'PUBLISHED_PERCENT',
}

/** The window a period-based indicator looks at, ending on the as-of date. */
export enum IndicatorPeriod {
  /** From the first day of the school year containing the as-of date. */
  SCHOOL_YEAR_TO_DATE = 'SCHOOL_YEAR_TO_DATE',
  /** The 28 days ending on the as-of date. */
  LAST_FOUR_WEEKS = 'LAST_FOUR_WEEKS',
}

export enum IndicatorBreakdown {
  SCHOOL = 'SCHOOL',
  GRADE = 'GRADE',
  /** English learners, students with disabilities, free/reduced meals, each race/ethnicity and gender. */
  STUDENT_GROUP = 'STUDENT_GROUP',
}

export enum TrendInterval {
  WEEK = 'WEEK',
  MONTH = 'MONTH',
}

/** Which side of a cell a drill-through lists. */
export enum IndicatorPart {
  NUMERATOR = 'NUMERATOR',
  DENOMINATOR = 'DENOMINATOR',
}

export enum SuppressionReason {
  /** The cell itself is small (Connecticut: numerator < 6 or denominator < 20 students). */
  SMALL_CELL = 'SMALL_CELL',
  /** Hidden so that a small cell cannot be recovered by subtracting the visible cells from the total. */
  COMPLEMENTARY = 'COMPLEMENTARY',
}

registerEnumType(IndicatorKey, { name: 'IndicatorKey', description: 'An indicator of the strategic operating plan (Priorities 1 and 2)' });
registerEnumType(IndicatorKind, { name: 'IndicatorKind' });
registerEnumType(IndicatorDirection, { name: 'IndicatorDirection' });
registerEnumType(CountedUnit, { name: 'IndicatorCountedUnit', description: 'What the numerator and denominator count' });
registerEnumType(IndicatorPeriod, { name: 'IndicatorPeriod', description: 'The window of period-based indicators, ending on the as-of date' });
registerEnumType(IndicatorBreakdown, { name: 'IndicatorBreakdown' });
registerEnumType(TrendInterval, { name: 'TrendInterval' });
registerEnumType(IndicatorPart, { name: 'IndicatorPart' });
registerEnumType(SuppressionReason, { name: 'SuppressionReason' });
