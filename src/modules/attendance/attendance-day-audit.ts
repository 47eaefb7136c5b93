import type { AuditWrite } from '../audit/audit.service';
import type { AttendanceDayEntity } from './attendance.entities';

/*
 * The audit event of a recorded attendance day, in one place: the recording service writes it with
 * recordAudits ({@link attendanceDayAudit}), the import inside its set-based statement
 * ({@link attendanceDayAuditSql}). Recording a day is 'attendance_day.record', recording it again
 * with another value 'attendance_day.correct'; before and after are the day's snapshot (no id:
 * the day is keyed by student and date).
 */

export type AttendanceDaySnapshot = Pick<AttendanceDayEntity, 'studentId' | 'calendarDate' | 'schoolId' | 'category'>;

export const ATTENDANCE_DAY_AUDIT = {
  entityType: 'AttendanceDay',
  record: 'attendance_day.record',
  correct: 'attendance_day.correct',
} as const;

/** The snapshot's keys and their attendance_day columns. */
const SNAPSHOT_COLUMNS: Readonly<Record<keyof AttendanceDaySnapshot, string>> = {
  studentId: 'student_id',
  calendarDate: 'calendar_date',
  schoolId: 'school_id',
  category: 'category',
};

const snapshot = (day: AttendanceDaySnapshot): AttendanceDaySnapshot => ({
  studentId: day.studentId,
  calendarDate: day.calendarDate,
  schoolId: day.schoolId,
  category: day.category,
});

/** The audit write of a day recorded (`before` null) or corrected. */
export function attendanceDayAudit(before: AttendanceDaySnapshot | null, after: AttendanceDaySnapshot): AuditWrite {
  return {
    action: before ? ATTENDANCE_DAY_AUDIT.correct : ATTENDANCE_DAY_AUDIT.record,
    entityType: ATTENDANCE_DAY_AUDIT.entityType,
    entityId: null,
    studentId: after.studentId,
    before: before && snapshot(before),
    after: snapshot(after),
  };
}

/** SQL expressions of the snapshot's fields, by snapshot key. */
export type AttendanceDaySnapshotSql = Readonly<Record<keyof AttendanceDaySnapshot, string>>;

const snapshotSql = (day: AttendanceDaySnapshotSql) =>
  `jsonb_build_object(${Object.keys(SNAPSHOT_COLUMNS).map((key) => `'${key}', ${day[key as keyof AttendanceDaySnapshot]}`).join(', ')})`;

/**
 * {@link attendanceDayAudit} as SQL expressions over a set of days: `after` the day written,
 * `before` the stored one, absent when `isNew` (a boolean expression) holds.
 */
export function attendanceDayAuditSql(isNew: string, before: AttendanceDaySnapshotSql, after: AttendanceDaySnapshotSql) {
  return {
    action: `CASE WHEN ${isNew} THEN '${ATTENDANCE_DAY_AUDIT.record}' ELSE '${ATTENDANCE_DAY_AUDIT.correct}' END`,
    entityType: `'${ATTENDANCE_DAY_AUDIT.entityType}'`,
    entityId: 'NULL',
    studentId: after.studentId,
    before: `CASE WHEN NOT (${isNew}) THEN ${snapshotSql(before)} END`,
    after: snapshotSql(after),
  };
}

/** The columns of a snapshot taken from attendance_day rows aliased `alias` (or unaliased). */
export const attendanceDayColumnsSql = (prefix = ''): AttendanceDaySnapshotSql =>
  Object.fromEntries(Object.entries(SNAPSHOT_COLUMNS).map(([key, column]) => [key, `${prefix}${column}`])) as AttendanceDaySnapshotSql;
