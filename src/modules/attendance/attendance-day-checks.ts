import { StaffRole } from '../../common/auth/roles';
import type { Viewer } from '../../common/auth/viewer';
import { UserErrorCode } from '../../common/errors';
import { canReachSchool } from './attendance-access';
import type { AttendanceDayInput } from './attendance.inputs';

/*
 * The rules a recorded day must pass, and their wording, in one place: the recording service
 * (attendanceDayRecord, attendanceDaysRecord) reads the facts with SQL, the attendance import
 * from the roster it read when the run began, and both ask {@link checkDay} and {@link dayRefusals}.
 */

export type DayField = keyof AttendanceDayInput;

/** Why a day is refused: the input field at fault, the code the API returns and the reason. */
export interface DayRefusal {
  field: DayField;
  code: UserErrorCode;
  message: string;
}

/** An import file's column for each input field. */
export const DAY_IMPORT_COLUMN: Readonly<Record<DayField, string>> = { studentId: 'student_id', date: 'date', category: 'category' };

const refusal = (field: DayField, code: UserErrorCode, message: string): DayRefusal => ({ field, code, message });

/** Every reason a day is refused, worded once for the API and the imports. */
export const dayRefusals = {
  notStudentId: () => refusal('studentId', UserErrorCode.INVALID, 'Not a Student id'),
  /** Missing or outside the recorder's scope: the two read the same. */
  noSuchStudent: () => refusal('studentId', UserErrorCode.NOT_FOUND, 'No such student'),
  /** An import names students by SIS local id (imports are district staff's: naming it reveals nothing). */
  noStudentWithLocalId: (localId: string) => refusal('studentId', UserErrorCode.NOT_FOUND, `No student with local id ${localId}`),
  unknownCategory: (raw: string) => refusal('category', UserErrorCode.INVALID, `"${raw}" is not a known attendance category`),
  future: (date: string) => refusal('date', UserErrorCode.INVALID, `${date} is in the future; attendance is recorded on or after the day`),
  /** Each student and date once per call or import run; `first` is the earlier row (index or line). */
  duplicate: (first: number) => refusal('studentId', UserErrorCode.DUPLICATE, `Duplicate: the same student and date as row ${first}`),
  notInstructional: (date: string) => refusal('date', UserErrorCode.INVALID, `${date} is not an instructional day`),
  noEnrollment: () => refusal('date', UserErrorCode.INVALID, 'The student has no enrollment'),
  beforeEnrollment: (date: string, firstEntry: string) =>
    refusal('date', UserErrorCode.INVALID, `${date} is before the student's enrollment began (${firstEntry})`),
  notEnrolled: (date: string) => refusal('date', UserErrorCode.INVALID, `The student was not enrolled on ${date}`),
  otherSchool: (date: string) =>
    refusal('date', UserErrorCode.FORBIDDEN, `On ${date} the student was enrolled at another school; its staff record that day`),
  notOnCaseload: (date: string) => refusal('studentId', UserErrorCode.FORBIDDEN, `The student was not on your caseload on ${date}`),
};

/** A date after `today` cannot be recorded yet: attendance is taken on or after the day. */
export function checkDayDate(date: string, today: string): DayRefusal | null {
  return date > today ? dayRefusals.future(date) : null;
}

/** What is known of one (student, date) of a student already in the recorder's scope. */
export interface DayFacts {
  date: string;
  instructional: boolean;
  /** The school of the earliest-starting enrollment covering the date; null when none does. */
  schoolId: string | null;
  /** The student's first entry date; null with no enrollment. */
  firstEntry: string | null;
  /** On the recorder's caseload that day (asked of teachers only). */
  onCaseload: boolean;
}

/**
 * The per-day rules: the date an instructional day on which the student was enrolled, at one of
 * the recorder's schools (school staff) and on the recorder's caseload (teachers). District roles
 * record for every school. Returns the school the day is recorded at, or why it is refused.
 */
export function checkDay(recorder: Viewer, facts: DayFacts): { schoolId: string } | DayRefusal {
  const { date, schoolId, firstEntry } = facts;
  if (!facts.instructional) return dayRefusals.notInstructional(date);
  if (!schoolId) {
    if (!firstEntry) return dayRefusals.noEnrollment();
    return date < firstEntry ? dayRefusals.beforeEnrollment(date, firstEntry) : dayRefusals.notEnrolled(date);
  }
  if (!canReachSchool(recorder, schoolId)) return dayRefusals.otherSchool(date);
  if (recorder.role === StaffRole.TEACHER && !facts.onCaseload) return dayRefusals.notOnCaseload(date);
  return { schoolId };
}
