import { DAY_IMPORT_COLUMN, dayRefusals } from '../attendance/attendance-day-checks';
import { AttendanceCategory } from '../attendance/attendance-enums';
import { beginAttendanceImport, type ImportedDays, type RowRefusal } from '../attendance/attendance-import';
import { checkCsvFile, csvColumnBatches, type CsvColumns } from './csv';
import { ImportRefusedError } from './import-run-errors';
import type { ImportJob } from './import-job';
import { enumKey, isoDate } from './import-values';

export const ATTENDANCE_FILE_COLUMNS: CsvColumns = { required: ['student_id', 'date', 'category'] };

/** Ed-Fi's AttendanceEventCategoryDescriptor code values, as the attendance module names them. */
export const ED_FI_ATTENDANCE_CATEGORIES = Object.values(AttendanceCategory);

/**
 * The category names a file may use, mapped to Ed-Fi's. Out of the box: our enum names, Ed-Fi's own
 * code values ("Excused Absence", "Early departure") and the one-letter codes most SIS exports use
 * (P, A, E, U, T, D). A district adds or overrides names with `--categories <file.json>`
 * (`{ "AX": "EXCUSED_ABSENCE" }`); names match case-insensitively, spaces and dashes as underscores.
 */
export const DEFAULT_ATTENDANCE_CATEGORIES: Record<string, AttendanceCategory> = {
  ...Object.fromEntries(ED_FI_ATTENDANCE_CATEGORIES.map((c) => [c, c])),
  PRESENT: AttendanceCategory.IN_ATTENDANCE,
  P: AttendanceCategory.IN_ATTENDANCE,
  A: AttendanceCategory.UNEXCUSED_ABSENCE,
  U: AttendanceCategory.UNEXCUSED_ABSENCE,
  ABSENT: AttendanceCategory.UNEXCUSED_ABSENCE,
  E: AttendanceCategory.EXCUSED_ABSENCE,
  T: AttendanceCategory.TARDY,
  D: AttendanceCategory.EARLY_DEPARTURE,
};

/** Builds the lookup from the defaults and a district's overrides, refusing unknown targets. */
export function attendanceCategoryMap(overrides: Record<string, string> = {}): Map<string, AttendanceCategory> {
  const map = new Map(Object.entries(DEFAULT_ATTENDANCE_CATEGORIES).map(([k, v]) => [enumKey(k), v]));
  for (const [name, target] of Object.entries(overrides)) {
    const category = enumKey(target) as AttendanceCategory;
    if (!ED_FI_ATTENDANCE_CATEGORIES.includes(category)) {
      throw new ImportRefusedError(`Attendance category "${name}" maps to "${target}", which is not one of ${ED_FI_ATTENDANCE_CATEGORIES.join(', ')}`);
    }
    map.set(enumKey(name), category);
  }
  return map;
}

const ENTITY = 'AttendanceDay';

/**
 * Rows per batch unless the run sets its own. Attendance rows are tiny and a file holds millions: a
 * batch this size (about ten school days of a Hartford-sized district) spreads each batch's fixed
 * costs (a row lock per student, one month-summary update per student and month) over ten days,
 * and writes each student's ten days together on the same index pages (measured at the end of a
 * year: 43 us per row in 200,000-row batches against 54-70 in 50,000-row ones).
 */
export const ATTENDANCE_BATCH_SIZE = 200_000;

/** A year's file names each student and date hundreds of times: one string each (see csvColumnBatches). */
const INTERNED_COLUMNS = ATTENDANCE_FILE_COLUMNS.required;

/** Distinct cell values remembered per column: a file repeats its dates and codes millions of times. */
const MEMO_LIMIT = 10_000;

function memoized<T>(parse: (raw: string) => T): (raw: string) => T {
  const memo = new Map<string, T>();
  return (raw) => {
    let value = memo.get(raw);
    if (value === undefined) {
      value = parse(raw);
      if (memo.size < MEMO_LIMIT) memo.set(raw, value);
    }
    return value;
  };
}

/**
 * Imports daily attendance (columns {@link ATTENDANCE_FILE_COLUMNS}; the student is
 * `student.local_id`). The file is checked whole first (header, quoting; a file without quotes by a scan
 * of its bytes, then read line by line), then streamed in batches
 * of {@link ATTENDANCE_BATCH_SIZE} rows, each checked before any of it is written and written by
 * the attendance module (attendance-import.ts: on PostgreSQL two transactions over disjoint
 * students, committed together), with the recording service's
 * checks (attendance-day-checks.ts: not in the future, instructional day, enrolled that day),
 * corrections history, month summaries and audit; a day equal to the stored one writes nothing. Checking a batch overlaps writing the one before it.
 * A failure stops the run: the batches before it stay committed, the failing one is rolled back.
 */
export async function importAttendance(job: ImportJob): Promise<void> {
  const categories = attendanceCategoryMap(job.options.attendanceCategories);
  const categoryOf = memoized((raw) => categories.get(enumKey(raw)) ?? null);
  const dateOf = memoized((raw) => {
    const date = isoDate(raw);
    return date.ok ? { date: date.value } : date.reason;
  });
  const file = job.source.files()[0];
  const { rows: total, plain } = await checkCsvFile(() => job.source.open(file), file, ATTENDANCE_FILE_COLUMNS);
  const session = await beginAttendanceImport(job.ctx, { writers: job.options.attendanceWriters });
  const batchSize = job.options.batchSize ?? ATTENDANCE_BATCH_SIZE;

  let done = 0;
  let writing: Promise<void> = Promise.resolve();
  let failure: { error: unknown } | undefined;
  for await (const batch of csvColumnBatches(await job.source.open(file), file, ATTENDANCE_FILE_COLUMNS, batchSize, INTERNED_COLUMNS, plain)) {
    job.tally.rows += batch.size;
    const refused: RowRefusal[] = batch.problems.map((p) => ({ line: p.line, column: '', reason: `The row ${p.problem}` }));
    const days: ImportedDays = { lines: [], localIds: [], dates: [], categories: [] };
    const { student_id: localIds, date: rawDates, category: rawCategories } = batch.values;
    for (let i = 0; i < batch.lines.length; i++) {
      const line = batch.lines[i];
      const before = refused.length;
      if (!localIds[i]) refused.push({ line, column: 'student_id', reason: 'student_id is required' });
      const date = dateOf(rawDates[i]);
      if (typeof date === 'string') refused.push({ line, column: 'date', reason: date });
      const category = categoryOf(rawCategories[i]);
      if (!category) refused.push({ line, column: DAY_IMPORT_COLUMN.category, reason: dayRefusals.unknownCategory(rawCategories[i]).message });
      if (refused.length === before) {
        days.lines.push(line);
        days.localIds.push(localIds[i]);
        days.dates.push((date as { date: string }).date);
        days.categories.push(category!);
      }
    }
    const checked = session.check(days);
    // One batch is written while the next is read and checked; they commit in file order.
    await writing;
    if (failure) throw failure.error;
    const size = batch.size;
    const rowsRefused = new Set([...refused, ...checked.refused].map((r) => r.line)).size;
    writing = session
      .write(checked.accepted)
      .then(async (outcome) => {
        job.tally.add(ENTITY, 'created', outcome.created);
        job.tally.add(ENTITY, 'updated', outcome.updated);
        job.tally.add(ENTITY, 'unchanged', outcome.unchanged);
        job.tally.add(ENTITY, 'rejected', rowsRefused + outcome.refused.length);
        // The batch's rejections in file order, whichever check found them.
        for (const r of [...refused, ...checked.refused, ...outcome.refused].sort((a, b) => a.line - b.line)) {
          await job.rejects.add({ file, row: r.line, column: r.column, reason: r.reason });
        }
        done += size;
        job.progress?.({ phase: file, done, total });
      })
      .catch((error: unknown) => {
        // Kept until the loop awaits it: a rejection left pending while the next batch is read would go unhandled.
        failure = { error };
      });
  }
  await writing;
  if (failure) throw failure.error;
}
