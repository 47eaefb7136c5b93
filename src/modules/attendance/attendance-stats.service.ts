import type { EntityManager } from 'typeorm';
import { studentScopeCondition } from '../../common/auth/student-scope';
import { badUserInput } from '../../common/errors';
import { pageSize, toConnection, type ConnectionShape } from '../../common/graphql/connection';
import type { RequestContext, ViewerContext } from '../../context';
import { SchoolYearEntity } from '../calendar/calendar.entity';
import { canReachSchool } from './attendance-access';
import { attendanceStatusSql } from './attendance-rules';
import { decodeRankCursor, runSql } from './attendance-sql';
import { attendanceTotalsCtes, earlyTriggerCtes, type TotalsOptions } from './attendance-totals';

/** The period a figure covers: the school year of `to` from its first day, unless `from` is given. */
export interface AttendancePeriod {
  from: string;
  to: string;
  schoolYear: SchoolYearEntity | null;
}

export interface StudentAttendanceRow {
  studentId: string;
  daysEnrolled: number;
  absences: number;
  inAttendance: number;
  excusedAbsence: number;
  unexcusedAbsence: number;
  tardy: number;
  earlyDeparture: number;
  partialDay: number;
  monthOneAbsences: number;
  monthTwoAbsences: number;
  rated: boolean;
  chronic: boolean;
  severe: boolean;
  atRisk: boolean;
  monthOne: boolean;
  monthTwo: boolean;
  tier: number;
}

export interface StudentAttendanceMonthRow {
  studentId: string;
  month: string;
  daysEnrolled: number;
  absences: number;
  tardy: number;
  earlyDeparture: number;
  partialDay: number;
}

export interface ChronicAbsenceCounts {
  /** Students with at least one day enrolled in the period. */
  studentsEnrolled: number;
  /** Of those, enrolled at least the minimum days: the denominator of the rate. */
  studentsCounted: number;
  chronicallyAbsent: number;
  severelyChronicallyAbsent: number;
}

export interface SchoolChronicAbsenceCounts extends ChronicAbsenceCounts {
  schoolId: string;
}

export interface ChronicAbsenceEntryRow {
  studentId: string;
  schoolId: string;
  daysEnrolled: number;
  absences: number;
  severe: boolean;
  enrolledOnAsOf: boolean;
  /** absences / days enrolled, exact, as text (the cursor). */
  rate: string;
}

const ALL_CATEGORIES = `t.in_attendance AS "inAttendance", t.excused_absence AS "excusedAbsence", t.unexcused_absence AS "unexcusedAbsence",
       t.tardy, t.early_departure AS "earlyDeparture", t.partial_day AS "partialDay"`;
const forStudents: TotalsOptions['filter'] = ({ student }) => `${student} = ANY(CAST(:studentIds AS uuid[]))`;
const forSchool: TotalsOptions['filter'] = ({ school }) => `${school} = CAST(:schoolId AS uuid)`;
const forAll: TotalsOptions['filter'] = () => 'true';

/** Counts of chronic absence over totals `t` (one row per student, or per student and school). */
function countsSql(): string {
  const status = attendanceStatusSql({ daysEnrolled: 't.days_enrolled', absences: 't.absences' });
  return `(count(*) FILTER (WHERE t.days_enrolled > 0))::int AS "studentsEnrolled",
          (count(*) FILTER (WHERE ${status.rated}))::int AS "studentsCounted",
          (count(*) FILTER (WHERE ${status.chronic}))::int AS "chronicallyAbsent",
          (count(*) FILTER (WHERE ${status.severe}))::int AS "severelyChronicallyAbsent"`;
}

export interface ChronicAbsenceReport {
  period: AttendancePeriod;
  counts: ChronicAbsenceCounts;
}

export class AttendanceStatsService {
  /**
   * A school's chronic absence as of a date (default today), for its own staff and district roles;
   * null for anyone else, exactly like a school they cannot see. Batched: a list of schools costs
   * one statement.
   */
  async school(ctx: ViewerContext, schoolId: string, asOf?: string | null): Promise<ChronicAbsenceReport | null> {
    if (!canReachSchool(ctx.viewer, schoolId)) return null;
    const period = await ctx.loaders.attendance.period(asOf, null);
    const counts = await ctx.loaders.attendance.schoolCountsBySchoolId(period).load(schoolId);
    return { period, counts: counts ?? { studentsEnrolled: 0, studentsCounted: 0, chronicallyAbsent: 0, severelyChronicallyAbsent: 0 } };
  }

  /** The district's chronic absence as of a date (default today). */
  async district(ctx: ViewerContext, asOf?: string | null): Promise<ChronicAbsenceReport> {
    const period = await ctx.loaders.attendance.period(asOf, null);
    return { period, counts: await this.districtCounts(ctx.db.manager, period) };
  }

  /** The school year of `to` (the latest begun by then), and the period from its first day. */
  async period(em: EntityManager, to: string, from?: string | null): Promise<AttendancePeriod> {
    const schoolYear = await em
      .createQueryBuilder(SchoolYearEntity, 'y')
      .where('y.start_date <= :to', { to })
      .orderBy('y.start_date', 'DESC')
      .getOne();
    const start = from ?? schoolYear?.startDate ?? to;
    if (start > to) throw badUserInput('from', 'must not be after the as-of date');
    return { from: start, to, schoolYear };
  }

  /** A period a viewer asks about: as of today unless told, never past today (no future absences exist). */
  async requestedPeriod(ctx: RequestContext, asOf?: string | null, from?: string | null): Promise<AttendancePeriod> {
    const to = asOf ?? ctx.today;
    if (to > ctx.today) throw badUserInput('asOf', 'cannot be in the future');
    return this.period(ctx.db.manager, to, from);
  }

  /**
   * Per student (students already known to be visible), over the period across every school they
   * attended: days enrolled, each category's days, the early-trigger counts and, from the one home of
   * the rules (attendance-rules.ts), rated / chronic / severe / at risk / tier. One statement per batch.
   */
  async forStudents(em: EntityManager, studentIds: readonly string[], period: Pick<AttendancePeriod, 'from' | 'to'>): Promise<StudentAttendanceRow[]> {
    if (studentIds.length === 0) return [];
    const status = attendanceStatusSql({
      daysEnrolled: 't.days_enrolled',
      absences: 't.absences',
      monthOneAbsences: 'coalesce(ea.month_one, 0)',
      monthTwoAbsences: 'coalesce(ea.month_two, 0)',
    });
    return runSql(em, `
      WITH ${attendanceTotalsCtes({ grain: 'student', filter: forStudents, measures: 'all' })}, ${earlyTriggerCtes(forStudents)}
      SELECT t.student_id AS "studentId", t.days_enrolled AS "daysEnrolled", t.absences, ${ALL_CATEGORIES},
             coalesce(ea.month_one, 0) AS "monthOneAbsences", coalesce(ea.month_two, 0) AS "monthTwoAbsences",
             ${status.rated} AS rated, ${status.chronic} AS chronic, ${status.severe} AS severe, ${status.atRisk} AS "atRisk",
             ${status.monthOne} AS "monthOne", ${status.monthTwo} AS "monthTwo", ${status.tier} AS tier
        FROM att_totals t CROSS JOIN attendance_settings cfg
        LEFT JOIN att_early ea ON ea.student_id = t.student_id`,
      { studentIds, fromDate: period.from, toDate: period.to },
    );
  }

  /** Month by month (the trend): days enrolled, absences, tardies per student and calendar month. */
  async monthsFor(em: EntityManager, studentIds: readonly string[], period: Pick<AttendancePeriod, 'from' | 'to'>): Promise<StudentAttendanceMonthRow[]> {
    if (studentIds.length === 0) return [];
    return runSql(em, `
      WITH ${attendanceTotalsCtes({ grain: 'student_month', filter: forStudents, measures: 'all' })}
      SELECT t.student_id AS "studentId", t.month, t.days_enrolled AS "daysEnrolled", t.absences, t.tardy,
             t.early_departure AS "earlyDeparture", t.partial_day AS "partialDay"
        FROM att_totals t ORDER BY t.student_id, t.month`,
      { studentIds, fromDate: period.from, toDate: period.to },
    );
  }

  /** The district's chronic absence: each student once, with their days and absences at every school. */
  async districtCounts(em: EntityManager, period: Pick<AttendancePeriod, 'from' | 'to'>): Promise<ChronicAbsenceCounts> {
    const [row] = await runSql<ChronicAbsenceCounts>(em, `
      WITH ${attendanceTotalsCtes({ grain: 'student', filter: forAll, measures: 'absences' })}
      SELECT ${countsSql()} FROM att_totals t CROSS JOIN attendance_settings cfg`,
      { fromDate: period.from, toDate: period.to },
    );
    return row;
  }

  /**
   * Schools' chronic absence in the period (all schools, or those given), in one statement: every
   * student enrolled at a school at some point counts there with their days enrolled and absences
   * at that school (a mid-year transfer counts at each school, as Connecticut reports schools).
   * Set-based over summaries + enrollments x instructional days.
   */
  async countsBySchool(em: EntityManager, period: Pick<AttendancePeriod, 'from' | 'to'>, schoolIds?: readonly string[]): Promise<SchoolChronicAbsenceCounts[]> {
    const filter: TotalsOptions['filter'] = schoolIds ? ({ school }) => `${school} = ANY(CAST(:countSchoolIds AS uuid[]))` : forAll;
    return runSql(em, `
      WITH ${attendanceTotalsCtes({ grain: 'student_school', filter, measures: 'absences' })}
      SELECT t.school_id AS "schoolId", ${countsSql()}
        FROM att_totals t CROSS JOIN attendance_settings cfg
       GROUP BY t.school_id`,
      { fromDate: period.from, toDate: period.to, ...(schoolIds ? { countSchoolIds: schoolIds } : {}) },
    );
  }

  /**
   * The chronically absent students of a school in the period (school-level counting), most absent
   * first, limited to the students the viewer may see: one statement per page.
   */
  async chronicList(
    ctx: ViewerContext,
    schoolId: string,
    period: Pick<AttendancePeriod, 'from' | 'to'>,
    first?: number | null,
    after?: string | null,
  ): Promise<ConnectionShape<ChronicAbsenceEntryRow>> {
    const limit = pageSize(first);
    const cursor = decodeRankCursor(after);
    const status = attendanceStatusSql({ daysEnrolled: 't.days_enrolled', absences: 't.absences' });
    const scope = studentScopeCondition(ctx.viewer, ctx.today, 'r.student_id');
    const base = `
      WITH ${attendanceTotalsCtes({ grain: 'student_school', filter: forSchool, measures: 'absences' })},
      ranked AS (
        SELECT t.student_id, t.school_id, t.days_enrolled, t.absences, (t.absences::numeric / t.days_enrolled) AS rate, ${status.severe} AS severe
          FROM att_totals t CROSS JOIN attendance_settings cfg
         WHERE ${status.chronic}
      )`;
    const params = { schoolId, fromDate: period.from, toDate: period.to, ...(scope?.params ?? {}) };
    const where = scope ? `WHERE ${scope.condition}` : 'WHERE true';
    const rows = await runSql<ChronicAbsenceEntryRow>(ctx.db.manager, `${base}
      SELECT r.student_id AS "studentId", r.school_id AS "schoolId", r.days_enrolled AS "daysEnrolled", r.absences, r.severe, r.rate::text AS rate,
             EXISTS (SELECT 1 FROM enrollment e WHERE e.student_id = r.student_id AND e.school_id = r.school_id
                        AND e.entry_date <= CAST(:toDate AS date) AND (e.exit_date IS NULL OR e.exit_date >= CAST(:toDate AS date))) AS "enrolledOnAsOf"
        FROM ranked r ${where}
        ${cursor ? 'AND (r.rate < CAST(:afterRate AS numeric) OR (r.rate = CAST(:afterRate AS numeric) AND r.student_id > CAST(:afterId AS uuid)))' : ''}
       ORDER BY r.rate DESC, r.student_id
       LIMIT ${limit + 1}`,
      { ...params, ...(cursor ? { afterRate: cursor.rank, afterId: cursor.studentId } : {}) },
    );
    return toConnection(rows, limit, (r) => [r.rate, r.studentId], (r) => r, async () => {
      const [{ count }] = await runSql<{ count: number }>(ctx.db.manager, `${base} SELECT count(*)::int AS count FROM ranked r ${where}`, params);
      return count;
    });
  }
}

export const attendanceStatsService = new AttendanceStatsService();
