import type { EntityManager, QueryRunner } from 'typeorm';
import { isDistrictRole } from '../../common/auth/roles';
import type { ViewerContext } from '../../context';
import { poolSize, sharesOneSession } from '../../db/pool';
import { ImportRefusedError } from '../import/import-run-errors';
import { scopeToViewer } from '../students/student-access';
import { StudentEntity } from '../students/student.entity';
import type { AttendanceCategory } from './attendance-enums';
import { ATTENDANCE_RECORDERS } from './attendance-access';
import { attendanceDaysAuditSql } from './attendance-day-audit';
import { DAY_IMPORT_COLUMN, checkDay, checkDayDate, dayRefusals, type DayFacts, type DayRefusal } from './attendance-day-checks';
import { applySummaryChangesSql } from './attendance-summary';

/** A batch of days read from an import file, column by column (one entry per row); the student by SIS local id. */
export interface ImportedDays {
  lines: number[];
  localIds: string[];
  dates: string[];
  categories: AttendanceCategory[];
}

/** A row not applied: its line, the column at fault ('' for the whole row) and why. */
export interface RowRefusal {
  line: number;
  column: string;
  reason: string;
}

export interface AttendanceWriteOutcome {
  created: number;
  updated: number;
  unchanged: number;
  /** Rows refused while writing (a student deleted since the run began). */
  refused: RowRefusal[];
}

/** One import run's writer: what it checks rows against is read once, when the run begins. */
export interface AttendanceImportSession {
  /**
   * Checks a batch against what the run read and the rows before it, without the database (so it
   * can run while the previous batch is written): the rows to write and the rows refused.
   */
  check(days: ImportedDays): { accepted: CheckedDays; refused: RowRefusal[] };
  /**
   * Writes a checked batch: in one transaction, or split by student over the session's writers,
   * one transaction each, committed together once every writer's statement has succeeded.
   */
  write(accepted: CheckedDays): Promise<AttendanceWriteOutcome>;
}

export interface AttendanceImportSettings {
  /**
   * Concurrent writers of a batch, each over its own students (default 2 on PostgreSQL). The
   * embedded database serves every connection from one session, so it always has one.
   */
  writers?: number;
  /** Rows per statement at most (default {@link STATEMENT_ROWS}). */
  statementRows?: number;
}

/** A student's enrollment span; `exit` null while it is open. */
interface EnrollmentSpan {
  entry: string;
  exit: string | null;
  schoolId: string;
}

/**
 * What an import checks its rows against, read once when the run begins (in one snapshot): the
 * students in the importer's scope by SIS local id, their enrollments and the instructional days.
 * Memory grows with the roster and the calendar, never with the file.
 */
interface Roster {
  indexOf: Map<string, number>;
  ids: string[];
  localIds: string[];
  /** Per student, by entry date. */
  enrollments: EnrollmentSpan[][];
  instructional: Set<string>;
}

/** Days that passed every check, column by column, by student (roster order) then file order; students by their index in the roster. */
export interface CheckedDays {
  lines: number[];
  students: number[];
  dates: string[];
  schoolIds: string[];
  categories: string[];
}

async function loadRoster(ctx: ViewerContext, em: EntityManager): Promise<Roster> {
  const students: { id: string; localId: string }[] = await scopeToViewer(
    em.createQueryBuilder(StudentEntity, 's').select('s.id', 'id').addSelect('s.local_id', 'localId').where('s.local_id IS NOT NULL'),
    ctx,
    's.id',
  )
    // In primary-key order: a batch sorted by roster index writes each student's index pages together.
    .orderBy('s.id')
    .getRawMany();
  const roster: Roster = { indexOf: new Map(), ids: [], localIds: [], enrollments: [], instructional: new Set() };
  const byId = new Map<string, number>();
  for (const s of students) {
    byId.set(s.id, roster.ids.length);
    roster.indexOf.set(s.localId, roster.ids.length);
    roster.ids.push(s.id);
    roster.localIds.push(s.localId);
    roster.enrollments.push([]);
  }
  const spans: { studentId: string; entry: string; exit: string | null; schoolId: string }[] = await em.query(
    `SELECT student_id AS "studentId", entry_date::text AS entry, exit_date::text AS exit, school_id AS "schoolId"
       FROM enrollment ORDER BY student_id, entry_date`,
  );
  for (const { studentId, ...span } of spans) {
    const i = byId.get(studentId);
    if (i !== undefined) roster.enrollments[i].push(span);
  }
  const days: { d: string }[] = await em.query('SELECT calendar_date::text AS d FROM instructional_day');
  for (const { d } of days) roster.instructional.add(d);
  return roster;
}

/**
 * The facts {@link checkDay} needs of a (student, date), from the roster: the earliest-starting
 * enrollment covering the date (as the recording service's query picks it).
 */
function factsOn(roster: Roster, student: number, date: string, instructional: boolean): DayFacts {
  const spans = roster.enrollments[student];
  let covering: EnrollmentSpan | undefined;
  for (const span of spans) {
    if (span.entry <= date && (span.exit === null || span.exit >= date)) {
      covering = span;
      break;
    }
  }
  return {
    date,
    instructional,
    schoolId: covering ? covering.schoolId : null,
    firstEntry: spans.length ? spans[0].entry : null,
    onCaseload: false,
  };
}

/** A refused day as the import reports it: by line and file column. */
const refusedRow = (line: number, { field, message }: DayRefusal): RowRefusal => ({ line, column: DAY_IMPORT_COLUMN[field], reason: message });

/**
 * A PostgreSQL array literal of values that need no quoting (uuids, ISO dates, enum names: all
 * checked before they get here). The driver quotes and escapes every element of an array
 * parameter, which for 100,000-row batches costs more than the rest of the batch's preparation.
 */
const arrayLiteral = (values: readonly string[]): string => `{${values.join(',')}}`;

/**
 * One statement per batch (or per part of one): the stored days of its (student, date) pairs are read, the
 * rows that differ from them are upserted, and in the same statement a corrected category goes to
 * attendance_day_history, each student's written days get one audit event per kind, new or
 * corrected (attendanceDaysAuditSql: the statement holds all of a student's days in the batch) and
 * the month summaries take the changes. A day equal to the stored one writes nothing, and a
 * student with no day written no event. $5-$7: actor id, role, request id.
 * (A new day is a plain INSERT rather than an upsert: a speculative insertion costs a third WAL
 * record per row, and millions of rows pay for it.)
 */
const WRITE_DAYS_SQL = `
  WITH input AS (
    SELECT * FROM unnest($1::uuid[], $2::date[], $3::uuid[], $4::attendance_category[]) AS u(student_id, calendar_date, school_id, category)
  ), changed AS MATERIALIZED (
    SELECT i.student_id, i.calendar_date, i.school_id, i.category, p.school_id AS old_school_id, p.category AS old_category
      FROM input i
      -- LATERAL with LIMIT: one primary-key probe per row, never a scan of the whole (growing) table.
      LEFT JOIN LATERAL (SELECT a.school_id, a.category FROM attendance_day a
                          WHERE a.student_id = i.student_id AND a.calendar_date = i.calendar_date LIMIT 1) p ON true
     WHERE p.category IS NULL OR p.school_id <> i.school_id OR p.category <> i.category
  ), inserted AS (
    -- A plain insert: the students' locks keep every other writer off these days, so no conflict can arise.
    INSERT INTO attendance_day (student_id, calendar_date, school_id, category)
    SELECT student_id, calendar_date, school_id, category FROM changed WHERE old_category IS NULL
  ), updated AS (
    UPDATE attendance_day a SET school_id = c.school_id, category = c.category
      FROM changed c
     WHERE c.old_category IS NOT NULL AND a.student_id = c.student_id AND a.calendar_date = c.calendar_date
  ), corrected AS (
    INSERT INTO attendance_day_history (student_id, calendar_date, school_id, previous_category, category, changed_by)
    SELECT student_id, calendar_date, old_school_id, old_category, category, $5 FROM changed WHERE old_category <> category
  ), audited AS (
    ${attendanceDaysAuditSql('changed', { id: '$5', role: '$6', requestId: '$7' })}
  ), summarized AS (
    ${applySummaryChangesSql('changed')}
  )
  SELECT (count(*) FILTER (WHERE old_category IS NULL))::int AS created, (count(*) FILTER (WHERE old_category IS NOT NULL))::int AS updated
    FROM changed`;

/**
 * The rows by student in roster (primary-key) order, each student's in file order: a counting sort
 * over the roster. Written in this order, a student's days, audit events and summaries land on the
 * same index pages one after the other; in file order (day by day) every row of a batch touches a
 * different page, and late in a year those pages no longer fit in shared buffers (measured on a
 * Hartford-sized year: a 50,000-row batch cost 4.8 s in file order, 2.7-3.5 s sorted).
 */
function byStudent(days: CheckedDays, students: number): CheckedDays {
  const next = new Int32Array(students + 1);
  for (const s of days.students) next[s + 1]++;
  for (let s = 0; s < students; s++) next[s + 1] += next[s];
  const order = new Int32Array(days.lines.length);
  for (let i = 0; i < days.lines.length; i++) order[next[days.students[i]]++] = i;
  // Filled by push in order: an array made with `new Array(n)` this long is a dictionary in V8.
  const sorted = noDays();
  for (const i of order) pushDay(sorted, days, i);
  return sorted;
}

const noDays = (): CheckedDays => ({ lines: [], students: [], dates: [], schoolIds: [], categories: [] });

/** Appends row `i` of `from` to `to`. */
function pushDay(to: CheckedDays, from: CheckedDays, i: number): void {
  to.lines.push(from.lines[i]);
  to.students.push(from.students[i]);
  to.dates.push(from.dates[i]);
  to.schoolIds.push(from.schoolIds[i]);
  to.categories.push(from.categories[i]);
}

const sliceDays = (days: CheckedDays, from: number, to: number): CheckedDays => ({
  lines: days.lines.slice(from, to),
  students: days.students.slice(from, to),
  dates: days.dates.slice(from, to),
  schoolIds: days.schoolIds.slice(from, to),
  categories: days.categories.slice(from, to),
});

/**
 * Rows per statement at most: a writer's share of a batch is written by statements of this size
 * (each student's days in one), so none comes near the pool's statement timeout (15 s by default)
 * on a loaded server or the embedded database.
 */
const STATEMENT_ROWS = 50_000;

/** Rows sorted by student cut into at most `parts` runs of about equal size, no student in two. */
function splitByStudent(days: CheckedDays, parts: number): CheckedDays[] {
  const cuts = [0];
  for (let k = 1; k < parts; k++) {
    let at = Math.max(cuts[cuts.length - 1], Math.floor((k * days.lines.length) / parts));
    while (at > 0 && at < days.lines.length && days.students[at] === days.students[at - 1]) at++;
    cuts.push(at);
  }
  cuts.push(days.lines.length);
  const runs: CheckedDays[] = [];
  for (let k = 0; k < parts; k++) if (cuts[k + 1] > cuts[k]) runs.push(sliceDays(days, cuts[k], cuts[k + 1]));
  return runs;
}

const addOutcomes = (a: AttendanceWriteOutcome, b: AttendanceWriteOutcome): AttendanceWriteOutcome => ({
  created: a.created + b.created,
  updated: a.updated + b.updated,
  unchanged: a.unchanged + b.unchanged,
  refused: [...a.refused, ...b.refused],
});

/**
 * The attendance module's writer for imported days. Rows are checked against a roster read when
 * the run begins, with the recording service's rules and wording (attendance-day-checks.ts: not in
 * the future, instructional day, enrolled that day; a district admin's scope is the district) and
 * each (student, date) once per run. A batch is written by the session's writers, each over its
 * own students in a transaction that locks their rows first (in id order, NO KEY UPDATE: how every
 * writer of a student's days is serialised with the others) and then writes them with statements
 * of at most {@link STATEMENT_ROWS} rows, each student's days in one.
 * The writers commit only once all of them have written, and all roll back if one fails, so a
 * failing batch leaves nothing of itself (short of the server failing between two COMMITs: the
 * students committed then are kept, and importing the file again writes only the others).
 */
class AttendanceImportWriter implements AttendanceImportSession {
  /** Per date, the line that first had each student (0: none yet): duplicates in bounded memory. */
  private readonly firstLines = new Map<string, Int32Array>();
  /** Marks a student as already in the batch being locked, without a Set per batch. */
  private readonly lockStamp: Int32Array;
  private batches = 0;

  constructor(
    private readonly ctx: ViewerContext,
    private readonly roster: Roster,
    private readonly writers: number,
    private readonly statementRows: number,
  ) {
    this.lockStamp = new Int32Array(roster.ids.length);
  }

  check(days: ImportedDays): { accepted: CheckedDays; refused: RowRefusal[] } {
    const { roster } = this;
    const accepted = noDays();
    const refused: RowRefusal[] = [];
    const { today } = this.ctx;
    // A file comes day by day: what is known of a date is looked up again only when the date changes.
    let lastDate: string | undefined;
    let firstLines: Int32Array = new Int32Array(0);
    let instructional = false;
    for (let i = 0; i < days.lines.length; i++) {
      const line = days.lines[i];
      const date = days.dates[i];
      const future = checkDayDate(date, today);
      if (future) {
        refused.push(refusedRow(line, future));
        continue;
      }
      const student = roster.indexOf.get(days.localIds[i]);
      if (student === undefined) {
        refused.push(refusedRow(line, dayRefusals.noStudentWithLocalId(days.localIds[i])));
        continue;
      }
      if (date !== lastDate) {
        lastDate = date;
        instructional = roster.instructional.has(date);
        const seen = this.firstLines.get(date);
        if (seen) firstLines = seen;
        else this.firstLines.set(date, (firstLines = new Int32Array(roster.ids.length)));
      }
      if (firstLines[student]) {
        refused.push(refusedRow(line, dayRefusals.duplicate(firstLines[student])));
        continue;
      }
      firstLines[student] = line;
      const enrolled = checkDay(this.ctx.viewer, factsOn(roster, student, date, instructional));
      if (!('schoolId' in enrolled)) {
        refused.push(refusedRow(line, enrolled));
        continue;
      }
      accepted.lines.push(line);
      accepted.students.push(student);
      accepted.dates.push(date);
      accepted.schoolIds.push(enrolled.schoolId);
      accepted.categories.push(days.categories[i]);
    }
    return { accepted: byStudent(accepted, roster.ids.length), refused };
  }

  async write(days: CheckedDays): Promise<AttendanceWriteOutcome> {
    const none: AttendanceWriteOutcome = { created: 0, updated: 0, unchanged: 0, refused: [] };
    if (days.lines.length === 0) return none;
    const runs = splitByStudent(days, this.writers);
    const runners: QueryRunner[] = [];
    try {
      for (const _ of runs) {
        const runner = this.ctx.db.createQueryRunner();
        runners.push(runner);
        await runner.connect();
      }
      const rollBack = () => Promise.all(runners.map((r) => (r.isTransactionActive ? r.rollbackTransaction() : undefined)));
      // The writers lock their students one after the other, so the batch takes its locks in id
      // order as one transaction would: with both locking at once, a writer of some students in
      // each share (a recording request) could wait on one writer while the other waits on it,
      // and the two writers' wait on each other is in this process, where PostgreSQL cannot see it.
      const locked: { rows: CheckedDays; refused: RowRefusal[] }[] = [];
      try {
        for (const [i, run] of runs.entries()) locked.push(await this.lockRun(runners[i], run));
      } catch (error) {
        await rollBack();
        throw error;
      }
      const written = await Promise.allSettled(locked.map(({ rows }, i) => this.writeRows(runners[i], rows)));
      const failed = written.find((w): w is PromiseRejectedResult => w.status === 'rejected');
      if (failed) {
        await rollBack();
        throw failed.reason;
      }
      for (const runner of runners) await runner.commitTransaction();
      return written.reduce((sum, w, i) => {
        const { created, updated } = (w as PromiseFulfilledResult<{ created: number; updated: number }>).value;
        const { rows, refused } = locked[i];
        return addOutcomes(sum, { created, updated, unchanged: rows.lines.length - created - updated, refused });
      }, none);
    } finally {
      await Promise.all(runners.map((r) => r.release()));
    }
  }

  /** Begins a writer's transaction and locks its students: the rows to write, and those of students deleted since the run began. */
  private async lockRun(runner: QueryRunner, days: CheckedDays): Promise<{ rows: CheckedDays; refused: RowRefusal[] }> {
    const { roster } = this;
    const stamp = ++this.batches;
    const locking: string[] = [];
    for (const student of days.students) {
      if (this.lockStamp[student] !== stamp) {
        this.lockStamp[student] = stamp;
        locking.push(roster.ids[student]);
      }
    }
    await runner.startTransaction();
    // The statement's cost estimate crosses the JIT threshold, but compiling it costs more than it saves.
    await runner.query('SET LOCAL jit = off');
    const live: { id: string }[] = await runner.query(
      'SELECT id FROM student WHERE id = ANY($1::uuid[]) AND deleted_at IS NULL ORDER BY id FOR NO KEY UPDATE',
      [arrayLiteral(locking)],
    );
    const refused: RowRefusal[] = [];
    let rows = days;
    if (live.length < locking.length) {
      // Deleted since the run began: refused like a student the file names but we do not have.
      const kept = new Set(live.map((s) => s.id));
      rows = noDays();
      days.lines.forEach((line, i) => {
        const student = days.students[i];
        if (!kept.has(roster.ids[student])) refused.push(refusedRow(line, dayRefusals.noStudentWithLocalId(roster.localIds[student])));
        else pushDay(rows, days, i);
      });
    }
    return { rows, refused };
  }

  /** Writes a writer's locked rows, left uncommitted. */
  private async writeRows(runner: QueryRunner, rows: CheckedDays): Promise<{ created: number; updated: number }> {
    const { ctx, roster } = this;
    let created = 0;
    let updated = 0;
    for (const part of splitByStudent(rows, Math.ceil(rows.lines.length / this.statementRows))) {
      const [written]: { created: number; updated: number }[] = await runner.query(WRITE_DAYS_SQL, [
        arrayLiteral(part.students.map((s) => roster.ids[s])),
        arrayLiteral(part.dates),
        arrayLiteral(part.schoolIds),
        arrayLiteral(part.categories),
        ctx.viewer.userId,
        ctx.viewer.role,
        ctx.requestId,
      ]);
      created += written.created;
      updated += written.updated;
    }
    return { created, updated };
  }
}

/** Writers a batch is split over when the run does not say: two keep both cores of a small server busy. */
export const DEFAULT_IMPORT_WRITERS = 2;

/**
 * How many writers the database can take: one on the embedded database (PGlite serves every
 * connection from one session, where two transactions would interleave in one), and never more
 * than the pool's connections.
 */
async function writersFor(ctx: ViewerContext, wanted: number): Promise<number> {
  if (await sharesOneSession(ctx.db)) return 1;
  return Math.max(1, Math.min(wanted, poolSize(ctx.db)));
}

/**
 * Begins an attendance import as `ctx`'s viewer: reads the roster the rows are checked against.
 * Imports write across every school, so the checks are a district role's (no school or caseload
 * limits): the importer must be district staff who record attendance (ATTENDANCE_RECORDERS, as
 * the API's recording mutations require), and other roles are refused.
 */
export async function beginAttendanceImport(ctx: ViewerContext, settings: AttendanceImportSettings = {}): Promise<AttendanceImportSession> {
  const { role } = ctx.viewer;
  if (!isDistrictRole(role) || !ATTENDANCE_RECORDERS.includes(role)) {
    throw new ImportRefusedError(`Only district staff can import attendance, in a role that records it (${role} does not)`);
  }
  const writers = await writersFor(ctx, settings.writers ?? DEFAULT_IMPORT_WRITERS);
  const roster = await ctx.db.transaction('REPEATABLE READ', (em) => loadRoster(ctx, em));
  return new AttendanceImportWriter(ctx, roster, writers, settings.statementRows ?? STATEMENT_ROWS);
}
