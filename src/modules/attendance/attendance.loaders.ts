import DataLoader from 'dataloader';
import { In } from 'typeorm';
import { groupLoader, rowLoader } from '../../common/loader-helpers';
import type { RequestContext } from '../../context';
import { entityJson } from '../../db/entity-json';
import { preparedQuery } from '../../db/prepared';
import { registerStudentRelationPreload } from '../students/student-page-preload';
import type { AttendanceActionType as ActionType } from './attendance-enums';
import { SchoolYearEntity } from '../calendar/calendar.entity';
import { attendanceCaseService } from './attendance-case.service';
import { attendanceRecordingService } from './attendance-recording.service';
import { attendanceSettingsService } from './attendance-settings.service';
import { attendanceStatsService, type AttendancePeriod, type StudentAttendanceMonthRow, type StudentAttendanceRow } from './attendance-stats.service';
import { AttendanceActionEntity, AttendanceCaseEntity, type AttendanceSettingsEntity } from './attendance.entities';

type Period = Pick<AttendancePeriod, 'from' | 'to'>;

/** One DataLoader per distinct period asked for in the request (a field's arguments), created lazily. */
function perPeriod<V>(create: (period: Period) => DataLoader<string, V>): (period: Period) => DataLoader<string, V> {
  const loaders = new Map<string, DataLoader<string, V>>();
  return (period) => {
    const key = `${period.from}|${period.to}`;
    let loader = loaders.get(key);
    if (!loader) loaders.set(key, (loader = create(period)));
    return loader;
  };
}

/** Keyed by ids of students (or cases) the caller already knows are visible. */
export function createAttendanceLoaders(ctx: RequestContext) {
  let settings: Promise<AttendanceSettingsEntity> | undefined;
  return {
    settings: () => (settings ??= attendanceSettingsService.get(ctx.db.manager)),
    /** Resolves `asOf`/`from` arguments to a period once per distinct pair. */
    period: perPeriodKey((asOf, from) => attendanceStatsService.requestedPeriod(ctx, asOf, from)),
    statsByStudentId: perPeriod((period) =>
      rowLoader<StudentAttendanceRow>((ids) => attendanceStatsService.forStudents(ctx.db.manager, ids, period), (r) => r.studentId),
    ),
    schoolCountsBySchoolId: perPeriod((period) =>
      rowLoader((ids) => attendanceStatsService.countsBySchool(ctx.db.manager, period, ids), (r) => r.schoolId),
    ),
    monthsByStudentId: perPeriod((period) =>
      groupLoader<StudentAttendanceMonthRow>((ids) => attendanceStatsService.monthsFor(ctx.db.manager, ids, period), (r) => r.studentId),
    ),
    daysByStudentId: perPeriod((period) =>
      groupLoader((ids) => attendanceRecordingService.daysFor(ctx, ids, period.from, period.to), (r) => r.studentId),
    ),
    /** Keyed `${studentId}|${date}`. */
    correctionsByDay: groupLoader(
      (keys) => attendanceRecordingService.historyFor(ctx, keys.map((k) => ({ studentId: k.slice(0, 36), date: k.slice(37) }))),
      (h) => `${h.studentId}|${h.calendarDate}`,
    ),
    casesByStudentId: groupLoader((ids) => attendanceCaseService.casesFor(ctx, ids), (c) => c.studentId),
    /** Unscoped: callers check the case's student is visible. */
    caseById: rowLoader((ids) => ctx.db.manager.findBy(AttendanceCaseEntity, { id: In([...ids]) }), (c) => c.id),
    actionById: rowLoader((ids) => ctx.db.manager.findBy(AttendanceActionEntity, { id: In([...ids]) }), (a) => a.id),
    actionsByCaseId: groupLoader((ids) => attendanceCaseService.actionsFor(ctx, ids), (a) => a.caseId),
    /** The latest action on any of a student's cases; keyed by students already known to be visible. */
    latestActionByStudentId: rowLoader((ids) => latestActionsOf(ctx, ids), (a) => a.studentId),
    schoolYearById: rowLoader((ids) => ctx.db.manager.findBy(SchoolYearEntity, { id: In([...ids]) }), (y) => y.id),
  };
}

function perPeriodKey(resolve: (asOf?: string | null, from?: string | null) => Promise<AttendancePeriod>) {
  const periods = new Map<string, Promise<AttendancePeriod>>();
  return (asOf?: string | null, from?: string | null): Promise<AttendancePeriod> => {
    const key = `${asOf ?? ''}|${from ?? ''}`;
    let period = periods.get(key);
    if (!period) periods.set(key, (period = resolve(asOf, from)));
    return period;
  };
}

/** A student's actions, most recent first (by action date, then the later entry), over the alias `a`: the loader's and the page preload's. */
const LATEST_ACTION_FIRST = 'a.action_date DESC, a.created_at DESC, a.id DESC';

/**
 * Each student's most recent attendance action across all their cases (by action date, then the
 * later entry of the same day): one DISTINCT ON statement per batch, read straight into the
 * entity's shape so no TypeORM hydration runs per row.
 */
async function latestActionsOf(ctx: RequestContext, studentIds: readonly string[]): Promise<AttendanceActionEntity[]> {
  const rows: {
    id: string;
    case_id: string;
    student_id: string;
    type: ActionType;
    action_date: string;
    staff_id: string;
    outcome: string | null;
    next_step: string | null;
    next_step_due: string | null;
    recorded_by: string;
    created_at: Date;
  }[] = await preparedQuery(
    ctx.db,
    `SELECT DISTINCT ON (a.student_id)
            a.id, a.case_id, a.student_id, a.type, a.action_date, a.staff_id,
            a.outcome, a.next_step, a.next_step_due, a.recorded_by, a.created_at
       FROM attendance_action a
      WHERE a.student_id = ANY($1::uuid[])
      ORDER BY a.student_id, ${LATEST_ACTION_FIRST}`,
    [studentIds],
  );
  return rows.map((r) =>
    Object.assign(new AttendanceActionEntity(), {
      id: r.id,
      caseId: r.case_id,
      studentId: r.student_id,
      type: r.type,
      actionDate: r.action_date,
      staffId: r.staff_id,
      outcome: r.outcome,
      nextStep: r.next_step,
      nextStepDue: r.next_step_due,
      recordedBy: r.recorded_by,
      createdAt: r.created_at,
    }),
  );
}

/** A page of students fills latestActionByStudentId in its own round trip (latestActionsOf's choice of action). */
registerStudentRelationPreload({
  name: 'latest attendance action',
  fields: ['latestAttendanceAction'],
  async prepare(db) {
    const action = await entityJson(db, AttendanceActionEntity);
    return {
      rows: (studentIds) =>
        `SELECT DISTINCT ON (a.${action.column('studentId')}) a.${action.column('studentId')} AS student_id, to_json(${action.row('a')}) AS value
           FROM ${action.table} a WHERE a.${action.column('studentId')} = ANY(${studentIds}) AND ${action.live('a')}
          ORDER BY a.${action.column('studentId')}, ${LATEST_ACTION_FIRST}`,
      prime: (ctx, studentId, value) =>
        ctx.loaders.attendance.latestActionByStudentId.prime(studentId, value ? action.decode(value as (string | null)[]) : null),
    };
  },
});
