import type { EntityManager } from 'typeorm';
import { UserInputError, type UserErrorShape } from '../../common/errors';
import { fromGlobalId } from '../../common/graphql/global-id';
import type { RequestContext, ViewerContext } from '../../context';
import { recordAudits } from '../audit/audit.service';
import { findVisibleStudents } from '../students/student-access';
import { attendanceDayAudit, type AttendanceDaySnapshot } from './attendance-day-audit';
import { checkDay, checkDayDate, dayRefusals, type DayFacts, type DayField, type DayRefusal } from './attendance-day-checks';
import { refreshSummaries, type SummaryKey } from './attendance-summary';
import { AttendanceDayHistoryEntity } from './attendance.entities';
import type { AttendanceDayInput } from './attendance.inputs';

/** Path of a row's input field in the caller's input, e.g. ['input', 'records', '3', 'date']. */
export type RowField = (row: number, name: DayField) => string[];

type DayRow = AttendanceDaySnapshot;

const dayKey = (studentId: string, date: string) => `${studentId}|${date}`;

export class AttendanceRecordingService {
  /**
   * Records daily attendance for one or many students and dates (a class, a school day), all or
   * nothing: every row is checked first and every problem is reported with its row and field.
   * A row is refused when its date is in the future or not an instructional day, when the student
   * was not enrolled that day (or, for school staff, enrolled at another school), when the student
   * is outside the recorder's scope, or, for a teacher, was not on their caseload that day.
   * Recording a day again corrects it: the earlier value goes to attendance_day_history, and the
   * month summaries of the changed days are recomputed in the same transaction. Unchanged rows are
   * left alone (nothing to audit).
   */
  async record(ctx: ViewerContext, rows: readonly AttendanceDayInput[], field: RowField): Promise<{ attendanceDays: DayRow[] }> {
    const errors: UserErrorShape[] = [];
    const refuse = (i: number, { field: name, code, message }: DayRefusal) => errors.push({ code, field: field(i, name), message });
    const studentIds = rows.map((row, i) => {
      const parsed = fromGlobalId(row.studentId);
      if (!parsed || parsed.typeName !== 'Student') {
        refuse(i, dayRefusals.notStudentId());
        return '';
      }
      return parsed.id;
    });
    const seen = new Map<string, number>();
    rows.forEach((row, i) => {
      const future = checkDayDate(row.date, ctx.today);
      if (future) refuse(i, future);
      const key = dayKey(studentIds[i], row.date);
      const first = seen.get(key);
      if (studentIds[i] && first !== undefined) refuse(i, dayRefusals.duplicate(first));
      else seen.set(key, i);
    });
    if (errors.length) throw new UserInputError(errors);

    return ctx.db.transaction(async (em) => {
      const schools = await this.checkInDatabase(ctx, em, studentIds, rows.map((r) => r.date), refuse);
      if (errors.length) throw new UserInputError(errors);
      const next: DayRow[] = rows.map((row, i) => ({ studentId: studentIds[i], calendarDate: row.date, schoolId: schools[i]!, category: row.category }));
      await this.write(ctx, em, next);
      return { attendanceDays: next };
    });
  }

  /**
   * The checks that need the database, per row: the student in the recorder's scope; the date an
   * instructional day on which the student was enrolled, at one of the recorder's schools (school
   * staff) and on the recorder's caseload (teachers). Locks the visible students' rows: writers of a
   * student's days are serialised on it (NO KEY UPDATE leaves foreign-key checks unblocked), in id
   * order so that two bulk writes cannot deadlock. Returns each row's school, or null when refused.
   */
  private async checkInDatabase(
    ctx: ViewerContext,
    em: EntityManager,
    studentIds: string[],
    dates: string[],
    refuse: (row: number, refusal: DayRefusal) => void,
  ): Promise<(string | null)[]> {
    const visible = new Set((await findVisibleStudents(ctx, [...new Set(studentIds)], em)).map((s) => s.id));
    await em.query('SELECT id FROM student WHERE id = ANY($1::uuid[]) ORDER BY id FOR NO KEY UPDATE', [[...visible]]);
    const facts = await this.factsOf(em, ctx.viewer.userId, studentIds, dates);
    return facts.map((day, i) => {
      if (!visible.has(studentIds[i])) {
        refuse(i, dayRefusals.noSuchStudent());
        return null;
      }
      const checked = checkDay(ctx.viewer, day);
      if ('schoolId' in checked) return checked.schoolId;
      refuse(i, checked);
      return null;
    });
  }

  /** Per row (in input order): what {@link checkDay} needs to know of the student's day. */
  private async factsOf(em: EntityManager, recorderId: string, studentIds: string[], dates: string[]): Promise<DayFacts[]> {
    return em.query(
      `SELECT DISTINCT ON (r.i) r.calendar_date AS date, (d.calendar_date IS NOT NULL) AS instructional, e.school_id AS "schoolId",
              (SELECT min(x.entry_date) FROM enrollment x WHERE x.student_id = r.student_id) AS "firstEntry",
              EXISTS (SELECT 1 FROM caseload_assignment ca
                       WHERE ca.staff_user_id = $3 AND ca.student_id = r.student_id AND ca.start_date <= r.calendar_date
                         AND (ca.end_date IS NULL OR ca.end_date >= r.calendar_date)) AS "onCaseload"
         FROM unnest($1::uuid[], $2::date[]) WITH ORDINALITY AS r(student_id, calendar_date, i)
         LEFT JOIN instructional_day d ON d.calendar_date = r.calendar_date
         LEFT JOIN enrollment e ON e.student_id = r.student_id AND e.entry_date <= r.calendar_date
               AND (e.exit_date IS NULL OR e.exit_date >= r.calendar_date)
        ORDER BY r.i, e.entry_date`,
      [studentIds, dates, recorderId],
    );
  }

  /** Upserts the changed days, keeps corrected values in history, refreshes summaries, audits. */
  private async write(ctx: ViewerContext, em: EntityManager, next: DayRow[]): Promise<{ created: number; updated: number; unchanged: number }> {
    if (next.length === 0) return { created: 0, updated: 0, unchanged: 0 };
    const previous: DayRow[] = await em.query(
      `SELECT a.student_id AS "studentId", a.calendar_date AS "calendarDate", a.school_id AS "schoolId", a.category
         FROM attendance_day a
         JOIN unnest($1::uuid[], $2::date[]) AS r(student_id, calendar_date)
           ON a.student_id = r.student_id AND a.calendar_date = r.calendar_date`,
      [next.map((r) => r.studentId), next.map((r) => r.calendarDate)],
    );
    const before = new Map(previous.map((p) => [dayKey(p.studentId, p.calendarDate), p]));
    const changed = next.filter((row) => {
      const old = before.get(dayKey(row.studentId, row.calendarDate));
      return !old || old.category !== row.category || old.schoolId !== row.schoolId;
    });
    const created = changed.filter((row) => !before.has(dayKey(row.studentId, row.calendarDate))).length;
    const counts = { created, updated: changed.length - created, unchanged: next.length - changed.length };
    if (changed.length === 0) return counts;

    await em.query(
      `INSERT INTO attendance_day (student_id, calendar_date, school_id, category)
       SELECT * FROM unnest($1::uuid[], $2::date[], $3::uuid[], $4::attendance_category[])
       ON CONFLICT (student_id, calendar_date) DO UPDATE SET school_id = EXCLUDED.school_id, category = EXCLUDED.category`,
      [changed.map((r) => r.studentId), changed.map((r) => r.calendarDate), changed.map((r) => r.schoolId), changed.map((r) => r.category)],
    );
    const corrections = changed.flatMap((row) => {
      const old = before.get(dayKey(row.studentId, row.calendarDate));
      return old && old.category !== row.category ? [{ old, row }] : [];
    });
    if (corrections.length) {
      await em.query(
        `INSERT INTO attendance_day_history (student_id, calendar_date, school_id, previous_category, category, changed_by)
         SELECT u.*, $6::uuid FROM unnest($1::uuid[], $2::date[], $3::uuid[], $4::attendance_category[], $5::attendance_category[]) AS u`,
        [
          corrections.map((c) => c.row.studentId),
          corrections.map((c) => c.row.calendarDate),
          corrections.map((c) => c.old.schoolId),
          corrections.map((c) => c.old.category),
          corrections.map((c) => c.row.category),
          ctx.viewer.userId,
        ],
      );
    }
    const keys: SummaryKey[] = changed.flatMap((row) => {
      const old = before.get(dayKey(row.studentId, row.calendarDate));
      const key = { studentId: row.studentId, schoolId: row.schoolId, date: row.calendarDate };
      return old && old.schoolId !== row.schoolId ? [key, { ...key, schoolId: old.schoolId }] : [key];
    });
    await refreshSummaries(em, keys);
    await recordAudits(em, ctx, changed.map((row) => attendanceDayAudit(before.get(dayKey(row.studentId, row.calendarDate)) ?? null, row)));
    return counts;
  }

  /** Recorded days of students already known to be visible, in a period, oldest first. */
  daysFor(ctx: RequestContext, studentIds: readonly string[], from: string, to: string): Promise<DayRow[]> {
    return ctx.db.query(
      `SELECT student_id AS "studentId", calendar_date AS "calendarDate", school_id AS "schoolId", category
         FROM attendance_day WHERE student_id = ANY($1::uuid[]) AND calendar_date BETWEEN $2 AND $3
        ORDER BY student_id, calendar_date`,
      [studentIds, from, to],
    );
  }

  /** Corrections of the given (student, date) days, oldest first. */
  historyFor(ctx: RequestContext, days: readonly { studentId: string; date: string }[]): Promise<AttendanceDayHistoryEntity[]> {
    return ctx.db.manager
      .createQueryBuilder(AttendanceDayHistoryEntity, 'h')
      .where('(h.student_id, h.calendar_date) IN (SELECT * FROM unnest(CAST(:students AS uuid[]), CAST(:dates AS date[])))', {
        students: days.map((d) => d.studentId),
        dates: days.map((d) => d.date),
      })
      .orderBy('h.changed_at', 'ASC')
      .addOrderBy('h.id', 'ASC')
      .getMany();
  }
}

export const attendanceRecordingService = new AttendanceRecordingService();
