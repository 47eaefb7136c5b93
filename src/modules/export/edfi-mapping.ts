import { createHash } from 'node:crypto';

/**
 * Ed-Fi Data Standard descriptors (namespaces uri://ed-fi.org/<Descriptor>#<CodeValue>) for our
 * values. Where Ed-Fi has no exact code the nearest is used, and our own value travels in `_ext`.
 */
export const descriptor = (name: string, code: string) => `uri://ed-fi.org/${name}#${code}`;

/** Ed-Fi DeliveryMethodDescriptor: Individual, Small Group, Whole Class, Whole School. */
export const DELIVERY_METHOD: Record<string, string> = {
  INDIVIDUAL: 'Individual',
  SMALL_GROUP: 'Small Group',
  WHOLE_CLASS: 'Whole Class',
};

/**
 * Ed-Fi InterventionClassDescriptor has Curriculum, Practice, Supplement and Other: our
 * INSTRUCTION and SUPPORT are supplemental to core instruction (Supplement), BEHAVIORAL is Other.
 */
export const INTERVENTION_CLASS: Record<string, string> = {
  CURRICULUM: 'Curriculum',
  PRACTICE: 'Practice',
  INSTRUCTION: 'Supplement',
  SUPPORT: 'Supplement',
  BEHAVIORAL: 'Other',
  OTHER: 'Other',
};

/**
 * Ed-Fi AttendanceEventCategoryDescriptor for a student's attendance at a session. A missed
 * session the student could not help (the interventionist was absent, school was closed) is an
 * excused absence; any other miss is unexcused. Our reason goes in attendanceEventReason.
 */
export function sessionAttendanceCategory(present: boolean, absenceReason: string | null): string {
  if (present) return 'In Attendance';
  return absenceReason === 'INTERVENTIONIST_ABSENT' || absenceReason === 'SCHOOL_CLOSED' ? 'Excused Absence' : 'Unexcused Absence';
}

/**
 * The interventionIdentificationCode (Ed-Fi: at most 60 characters) of one implementation: an
 * intervention (catalog entry, or a custom plan's name) delivered by one interventionist at one
 * school. Stable across exports, so an ODS upserts rather than duplicates.
 */
export function interventionCode(interventionKey: string, schoolId: string, interventionistId: string): string {
  return `TI-${createHash('sha256').update(`${interventionKey}|${schoolId}|${interventionistId}`).digest('hex').slice(0, 32)}`;
}

/** Ed-Fi staffUniqueId is at most 32 characters: our staff uuid without its dashes is exactly that. */
export const staffUniqueId = (uuid: string) => uuid.replace(/-/g, '');

/** Ed-Fi's educationOrganizationId is an integer: a numeric school code is used as is. */
export function educationOrganizationId(code: string): number | string {
  return /^\d{1,10}$/.test(code) && Number(code) <= 2147483647 ? Number(code) : code;
}
