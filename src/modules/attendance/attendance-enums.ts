import { registerEnumType } from 'type-graphql';

/**
 * Ed-Fi's AttendanceEventCategoryDescriptor values for a student's school day. Which of them count
 * as an absence is decided in one place: {@link ABSENCE_CATEGORIES} in attendance-rules.ts.
 */
export enum AttendanceCategory {
  IN_ATTENDANCE = 'IN_ATTENDANCE',
  EXCUSED_ABSENCE = 'EXCUSED_ABSENCE',
  UNEXCUSED_ABSENCE = 'UNEXCUSED_ABSENCE',
  TARDY = 'TARDY',
  EARLY_DEPARTURE = 'EARLY_DEPARTURE',
  PARTIAL = 'PARTIAL',
}

/** An attendance case is worked while OPEN, watched while MONITORING, and CLOSED with an outcome. */
export enum AttendanceCaseStatus {
  OPEN = 'OPEN',
  MONITORING = 'MONITORING',
  CLOSED = 'CLOSED',
}

export enum AttendanceCaseOutcome {
  /** Attendance back to satisfactory (Tier 1). */
  IMPROVED = 'IMPROVED',
  PARTIALLY_IMPROVED = 'PARTIALLY_IMPROVED',
  NOT_IMPROVED = 'NOT_IMPROVED',
  /** Transferred or withdrew: the case cannot continue here. */
  STUDENT_LEFT = 'STUDENT_LEFT',
  /** Handed on, e.g. to the SST, a community agency or a truancy/FWSN process. */
  REFERRED = 'REFERRED',
}

/** What an attendance team did for a student (Attendance Works' tiered interventions). */
export enum AttendanceActionType {
  PHONE_CALL_HOME = 'PHONE_CALL_HOME',
  LETTER = 'LETTER',
  TEXT_OR_EMAIL = 'TEXT_OR_EMAIL',
  HOME_VISIT = 'HOME_VISIT',
  FAMILY_CONFERENCE = 'FAMILY_CONFERENCE',
  STUDENT_CONFERENCE = 'STUDENT_CONFERENCE',
  /** An attendance contract or student success plan. */
  ATTENDANCE_CONTRACT = 'ATTENDANCE_CONTRACT',
  MENTOR_ASSIGNED = 'MENTOR_ASSIGNED',
  COMMUNITY_PARTNER_REFERRAL = 'COMMUNITY_PARTNER_REFERRAL',
  SCHOOL_BASED_HEALTH_REFERRAL = 'SCHOOL_BASED_HEALTH_REFERRAL',
  SST_REFERRAL = 'SST_REFERRAL',
}

/** Why a student is above Tier 1 (see attendance-rules.ts for each rule). */
export enum AttendanceTrigger {
  MONTH_ONE_ABSENCES = 'MONTH_ONE_ABSENCES',
  MONTH_TWO_ABSENCES = 'MONTH_TWO_ABSENCES',
  AT_RISK_RATE = 'AT_RISK_RATE',
  CHRONIC_RATE = 'CHRONIC_RATE',
  SEVERE_CHRONIC_RATE = 'SEVERE_CHRONIC_RATE',
}

registerEnumType(AttendanceCategory, {
  name: 'AttendanceCategory',
  description: "Ed-Fi attendance event categories. Absences (excused or unexcused, suspensions included) count toward chronic absence; tardies, early departures and partial days do not",
});
registerEnumType(AttendanceCaseStatus, { name: 'AttendanceCaseStatus' });
registerEnumType(AttendanceCaseOutcome, { name: 'AttendanceCaseOutcome' });
registerEnumType(AttendanceActionType, { name: 'AttendanceActionType', description: 'An attendance team action logged on a case' });
registerEnumType(AttendanceTrigger, {
  name: 'AttendanceTrigger',
  description: 'A rule placing a student above attendance Tier 1',
  valuesConfig: {
    MONTH_ONE_ABSENCES: { description: 'Absences in the first month of the school year reached the threshold (default 2)' },
    MONTH_TWO_ABSENCES: { description: 'Absences in the first two months of the school year reached the threshold (default 4)' },
    AT_RISK_RATE: { description: 'Absent on at least the at-risk share of days enrolled (default 5%)' },
    CHRONIC_RATE: { description: 'Chronically absent: at least the chronic share of days enrolled (default 10%)' },
    SEVERE_CHRONIC_RATE: { description: 'Severely chronically absent (default 20%)' },
  },
});
