import type { AuditWrite } from '../audit/audit.service';
import type { AttendanceDayEntity } from './attendance.entities';

/*
 * The audit events of recorded attendance days, in one place. Recording a day is
 * 'attendance_day.record', recording it again with another value 'attendance_day.correct'. The
 * recording service writes one event per day with recordAudits ({@link attendanceDayAudit}): before
 * and after are the day's snapshot (no id: the day is keyed by student and date). The import writes,
 * inside its set-based statement, one event per student and kind listing that student's days
 * ({@link attendanceDaysAuditSql}).
 */

export type AttendanceDaySnapshot = Pick<AttendanceDayEntity, 'studentId' | 'calendarDate' | 'schoolId' | 'category'>;

export const ATTENDANCE_DAY_AUDIT = {
  entityType: 'AttendanceDay',
  record: 'attendance_day.record',
  correct: 'attendance_day.correct',
} as const;

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

/** A day as an import's event lists it: the snapshot without the student, who is the event's (audit_event.student_id). */
export type AttendanceDayInEvent = Omit<AttendanceDaySnapshot, 'studentId'>;

/** `before` and `after` of an import's event: its student's days, in date order. */
export interface AttendanceDaysSnapshot {
  days: AttendanceDayInEvent[];
}

/** The SQL of a listed day, from expressions by key. */
const dayInEventSql = (day: Readonly<Record<keyof AttendanceDayInEvent, string>>) =>
  `jsonb_build_object(${Object.entries(day).map(([key, value]) => `'${key}', ${value}`).join(', ')})`;

/**
 * The days of a group in date order. An aggregate is computed for every group, inside a CASE branch
 * not taken too: `filter` keeps it off rows whose result is discarded (new days have no `before`).
 */
const daysSql = (day: Readonly<Record<keyof AttendanceDayInEvent, string>>, filter = '') =>
  `jsonb_build_object('days', jsonb_agg(${dayInEventSql(day)} ORDER BY d.calendar_date)${filter && ` FILTER (WHERE ${filter})`})`;

/**
 * The audit events of a bulk write of days, as a data-modifying statement for a WITH clause: one
 * event per student and kind, 'attendance_day.record' listing the student's new days (`before`
 * null) and 'attendance_day.correct' the days it changed (`before` their stored values), each
 * {@link AttendanceDaysSnapshot}. Nothing is lost against one event per day: every day written is
 * listed with its before and after, under the same actions and entity type, so a filter on them
 * finds imported days as it finds recorded ones.
 *
 * Why the import's grain differs from the recording service's: the recording service writes a few
 * days per request, and an event per day reads best there. An import writes a year of every
 * student's days (3.7 M at Hartford scale), and an event per day was a third of its database time
 * (~8.5 of ~28.5 us a row on PostgreSQL 15: a heap row, three index entries and their WAL per day).
 * A student's days of one statement (about ten school days in a 200,000-row batch) make one event,
 * with the actor, role and request id they would all have carried.
 *
 * `changes` names a relation of the days written, as applySummaryChangesSql takes it: student_id,
 * calendar_date, school_id, category (as written), old_school_id, old_category (as stored before,
 * null for a new day). `actor` holds the SQL expressions of the actor's id and role and the request id.
 */
export function attendanceDaysAuditSql(changes: string, actor: { id: string; role: string; requestId: string }): string {
  return `INSERT INTO audit_event (actor_id, actor_role, action, entity_type, entity_id, student_id, request_id, before, after)
    SELECT ${actor.id}, ${actor.role},
           CASE WHEN d.recorded THEN '${ATTENDANCE_DAY_AUDIT.record}' ELSE '${ATTENDANCE_DAY_AUDIT.correct}' END,
           '${ATTENDANCE_DAY_AUDIT.entityType}', NULL, d.student_id, ${actor.requestId},
           CASE WHEN NOT d.recorded THEN ${daysSql({ calendarDate: 'd.calendar_date', schoolId: 'd.old_school_id', category: 'd.old_category' }, 'NOT d.recorded')} END,
           ${daysSql({ calendarDate: 'd.calendar_date', schoolId: 'd.school_id', category: 'd.category' })}
      FROM (SELECT student_id, calendar_date, school_id, category, old_school_id, old_category, old_category IS NULL AS recorded FROM ${changes}) d
     GROUP BY d.student_id, d.recorded`;
}
