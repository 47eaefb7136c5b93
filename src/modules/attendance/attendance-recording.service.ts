import type { EntityManager } from 'typeorm';
import { StaffRole, isDistrictRole } from '../../common/auth/roles';
import { UserErrorCode, UserInputError, type UserErrorShape } from '../../common/errors';
import { fromGlobalId } from '../../common/graphql/global-id';
import type { RequestContext, ViewerContext } from '../../context';
import { recordAudits } from '../audit/audit.service';
import { findVisibleStudents } from '../students/student-access';
import type { AttendanceCategory } from './attendance-enums';
import { refreshSummaries, type SummaryKey } from './attendance-summary';
import { AttendanceDayEntity, AttendanceDayHistoryEntity } from './attendance.entities';
import type { AttendanceDayInput } from './attendance.inputs';

/** Path of a row's input field in the caller's input, e.g. ['input', 'records', '3', 'date']. */
export type RowField = (row: number, name: keyof AttendanceDayInput) => string[];

interface DayCheck {
  i: number;
  instructional: boolean;
  schoolId: string | null;
  firstEntry: string | null;
  /** On the recorder's caseload that day (what a teacher records for). */
  onCaseload: boolean;
}

type DayRow = Pick<AttendanceDayEntity, 'studentId' | 'calendarDate' | 'schoolId' | 'category'>;

type Problem = (row: number, name: keyof AttendanceDayInput, code: UserErrorCode, message: string) => void;

/** A day from an import file: the student by their SIS local id, the line for the rejects report. */
export interface ImportedDay {
  line: number;
  studentId: string;
  date: string;
  category: AttendanceCategory | `${AttendanceCategory}`;
}

export interface ImportOutcome {
  created: number;
  updated: number;
  unchanged: number;
  refused: { line: number; column: string; reason: string }[];
}

const IMPORT_COLUMN: Record<keyof AttendanceDayInput, string> = { studentId: 'student_id', date: 'date', category: 'category' };

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
    const studentIds = rows.map((row, i) => {
      const parsed = fromGlobalId(row.studentId);
      if (!parsed || parsed.typeName !== 'Student') {
        errors.push({ code: UserErrorCode.INVALID, field: field(i, 'studentId'), message: 'Not a Student id' });
        return '';
      }
      return parsed.id;
    });
    const seen = new Map<string, number>();
    rows.forEach((row, i) => {
      if (row.date > ctx.today) {
        errors.push({ code: UserErrorCode.INVALID, field: field(i, 'date'), message: `${row.date} is in the future; attendance is recorded on or after the day` });
      }
      const key = dayKey(studentIds[i], row.date);
      if (studentIds[i] && seen.has(key)) {
        errors.push({ code: UserErrorCode.DUPLICATE, field: field(i, 'studentId'), message: `The student's ${row.date} is also in row ${seen.get(key)}` });
      } else seen.set(key, i);
    });
    if (errors.length) throw new UserInputError(errors);

    return ctx.db.transaction(async (em) => {
      const schools = await this.checkInDatabase(ctx, em, studentIds, rows.map((r) => r.date), (i, name, code, message) =>
        errors.push({ code, field: field(i, name), message }),
      );
      if (errors.length) throw new UserInputError(errors);
      const next: DayRow[] = rows.map((row, i) => ({ studentId: studentIds[i], calendarDate: row.date, schoolId: schools[i]!, category: row.category }));
      await this.write(ctx, em, next);
      return { attendanceDays: next };
    });
  }

  /**
   * Records days from an import file (students named by their SIS local id) with the same checks,
   * history, summaries and audit as {@link record}, but row by row: refused rows are reported with
   * their line and column and the others are written. Runs in the caller's transaction (a savepoint
   * inside the import's batch).
   */
  async importDays(ctx: ViewerContext, rows: readonly ImportedDay[]): Promise<ImportOutcome> {
    return ctx.db.transaction(async (em) => {
      const refused: ImportOutcome['refused'] = [];
      const found: { id: string; localId: string }[] = await em.query(
        'SELECT id, local_id AS "localId" FROM student WHERE local_id = ANY($1::text[]) AND deleted_at IS NULL',
        [[...new Set(rows.map((r) => r.studentId))]],
      );
      const idOf = new Map(found.map((s) => [s.localId, s.id]));
      const known = rows.filter((row) => {
        if (row.date > ctx.today) refused.push({ line: row.line, column: 'date', reason: `${row.date} is in the future` });
        else if (!idOf.has(row.studentId)) refused.push({ line: row.line, column: 'student_id', reason: `No student with local id ${row.studentId}` });
        else return true;
        return false;
      });
      const studentIds = known.map((row) => idOf.get(row.studentId)!);
      const schools = await this.checkInDatabase(ctx, em, studentIds, known.map((r) => r.date), (i, name, _code, reason) =>
        refused.push({ line: known[i].line, column: IMPORT_COLUMN[name], reason }),
      );
      const next = known.flatMap((row, i) =>
        schools[i] ? [{ studentId: studentIds[i], calendarDate: row.date, schoolId: schools[i]!, category: row.category as AttendanceCategory }] : [],
      );
      return { ...(await this.write(ctx, em, next)), refused };
    });
  }

  /**
   * The checks that need the database, per row: the student in the recorder's scope; the date an
   * instructional day on which the student was enrolled, at one of the recorder's schools (school
   * staff) and on the recorder's caseload (teachers). Locks the visible students' rows: writers of a
   * student's days are serialised on it (NO KEY UPDATE leaves foreign-key checks unblocked), in id
   * order so that two bulk writes cannot deadlock. Returns each row's school, or null when refused.
   */
  private async checkInDatabase(ctx: ViewerContext, em: EntityManager, studentIds: string[], dates: string[], problem: Problem): Promise<(string | null)[]> {
    const visible = new Set((await findVisibleStudents(ctx, [...new Set(studentIds)], em)).map((s) => s.id));
    await em.query('SELECT id FROM student WHERE id = ANY($1::uuid[]) ORDER BY id FOR NO KEY UPDATE', [[...visible]]);
    const checks = await this.checkDays(em, ctx.viewer.userId, studentIds, dates);
    return checks.map((check) => {
      const { i } = check;
      const date = dates[i];
      if (!visible.has(studentIds[i])) problem(i, 'studentId', UserErrorCode.NOT_FOUND, 'No such student');
      else if (!check.instructional) problem(i, 'date', UserErrorCode.INVALID, `${date} is not an instructional day`);
      else if (!check.schoolId) {
        const message = !check.firstEntry
          ? 'The student has no enrollment'
          : date < check.firstEntry
            ? `${date} is before the student's enrollment began (${check.firstEntry})`
            : `The student was not enrolled on ${date}`;
        problem(i, 'date', UserErrorCode.INVALID, message);
      } else if (!isDistrictRole(ctx.viewer.role) && !ctx.viewer.schoolIds.includes(check.schoolId)) {
        problem(i, 'date', UserErrorCode.FORBIDDEN, `On ${date} the student was enrolled at another school; its staff record that day`);
      } else if (ctx.viewer.role === StaffRole.TEACHER && !check.onCaseload) {
        problem(i, 'studentId', UserErrorCode.FORBIDDEN, `The student was not on your caseload on ${date}`);
      } else return check.schoolId;
      return null;
    });
  }

  /** Per row (in input order): is the date instructional, and where was the student enrolled that day. */
  private async checkDays(em: EntityManager, recorderId: string, studentIds: string[], dates: string[]): Promise<DayCheck[]> {
    const rows: DayCheck[] = await em.query(
      `SELECT DISTINCT ON (r.i) (r.i - 1)::int AS i, (d.calendar_date IS NOT NULL) AS instructional, e.school_id AS "schoolId",
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
    return rows;
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
    await recordAudits(em, ctx, changed.map((row) => {
      const old = before.get(dayKey(row.studentId, row.calendarDate)) ?? null;
      return {
        action: old ? 'attendance_day.correct' : 'attendance_day.record',
        entityType: 'AttendanceDay',
        entityId: null,
        studentId: row.studentId,
        before: old,
        after: row,
      };
    }));
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
