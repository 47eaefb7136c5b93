import { registerEnumType } from 'type-graphql';

/** Who delivers a program: the district's own staff, or a partner organisation's tutors. */
export enum TutoringProvider {
  IN_HOUSE = 'IN_HOUSE',
  PARTNER = 'PARTNER',
}

/** When tutoring happens; NSSA finds during-school programs reach more students more reliably. */
export enum TutoringSetting {
  DURING_SCHOOL = 'DURING_SCHOOL',
  OUT_OF_SCHOOL_TIME = 'OUT_OF_SCHOOL_TIME',
}

export enum TutoringSessionStatus {
  HELD = 'HELD',
  CANCELLED = 'CANCELLED',
}

export enum TutoringCancelReason {
  TUTOR_ABSENT = 'TUTOR_ABSENT',
  SCHOOL_CLOSED = 'SCHOOL_CLOSED',
  /** An assembly, testing, a field trip: the students were unavailable. */
  STUDENT_EVENT = 'STUDENT_EVENT',
  OTHER = 'OTHER',
}

/** Days of a group's schedule; stored as ISO day numbers (Monday = 1 ... Sunday = 7), as PostgreSQL's `isodow`. */
export enum DayOfWeek {
  MONDAY = 'MONDAY',
  TUESDAY = 'TUESDAY',
  WEDNESDAY = 'WEDNESDAY',
  THURSDAY = 'THURSDAY',
  FRIDAY = 'FRIDAY',
  SATURDAY = 'SATURDAY',
  SUNDAY = 'SUNDAY',
}

const DAY_ORDER = Object.values(DayOfWeek);

export const isoDayOf = (day: DayOfWeek): number => DAY_ORDER.indexOf(day) + 1;
export const dayFromIso = (iso: number): DayOfWeek => DAY_ORDER[iso - 1];

registerEnumType(TutoringProvider, { name: 'TutoringProvider', description: 'IN_HOUSE: district staff tutors; PARTNER: a partner organisation' });
registerEnumType(TutoringSetting, { name: 'TutoringSetting' });
registerEnumType(TutoringSessionStatus, { name: 'TutoringSessionStatus' });
registerEnumType(TutoringCancelReason, { name: 'TutoringCancelReason' });
registerEnumType(DayOfWeek, { name: 'DayOfWeek' });
