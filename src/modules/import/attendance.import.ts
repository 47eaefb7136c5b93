import { AttendanceCategory } from '../attendance/attendance-enums';
import type { ViewerContext } from '../../context';
import { attendanceRecordingService, type ImportedDay, type ImportOutcome } from '../attendance/attendance-recording.service';
import { boundToTransaction } from './batch-context';
import { checkCsv, csvRows, inBatches, isProblem, type CsvColumns } from './csv';
import { ImportRefusedError } from './import-run-errors';
import { duplicateOf, markSeen, type ImportJob } from './import-job';
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

/** Where validated rows go; by default the attendance module's recording service. */
export interface AttendanceDayWriter {
  write(ctx: ViewerContext, rows: ImportedDay[]): Promise<ImportOutcome>;
}

let writer: AttendanceDayWriter = { write: (ctx, rows) => attendanceRecordingService.importDays(ctx, rows) };

/** Replaces the writer (the attendance module registers its recording service here). */
export function registerAttendanceDayWriter(w: AttendanceDayWriter): void {
  writer = w;
}

const ENTITY = 'AttendanceDay';

/**
 * Imports daily attendance (columns {@link ATTENDANCE_FILE_COLUMNS}; the student is
 * `student.local_id`). Streams the file in batches, one transaction each; duplicate (student, date)
 * rows are found through import_run_key, so a 4M-row file is never held in memory. Each batch is
 * recorded by the attendance module (`attendanceRecordingService.importDays`), so imported days get
 * the same checks (instructional day, enrolled that day, scope), corrections history, month
 * summaries and audit as days recorded in the app; a day equal to the stored one writes nothing.
 */
export async function importAttendance(job: ImportJob): Promise<void> {
  const categories = attendanceCategoryMap(job.options.attendanceCategories);
  const file = job.source.files()[0];
  const total = await checkCsv(await job.source.open(file), file, ATTENDANCE_FILE_COLUMNS);
  let done = 0;
  for await (const batch of inBatches(csvRows(await job.source.open(file), file, ATTENDANCE_FILE_COLUMNS), job.batchSize)) {
    job.tally.rows += batch.length;
    const rows: ImportedDay[] = [];
    const invalid: { line: number; column: string; reason: string }[] = [];
    for (const row of batch) {
      const problems: [string, string][] = [];
      if (isProblem(row)) problems.push(['', `The row ${row.problem}`]);
      else {
        const v = row.values;
        if (!v.student_id) problems.push(['student_id', 'student_id is required']);
        const date = isoDate(v.date ?? '');
        if (!date.ok) problems.push(['date', date.reason]);
        else if (date.value > job.ctx.today) problems.push(['date', `${date.value} is in the future`]);
        const category = categories.get(enumKey(v.category ?? ''));
        if (!category) problems.push(['category', `"${v.category}" is not a known attendance category`]);
        if (!problems.length) rows.push({ line: row.line, studentId: v.student_id, date: (date as { value: string }).value, category: category! });
      }
      if (problems.length) {
        job.tally.add(ENTITY, 'rejected');
        for (const [column, reason] of problems) invalid.push({ line: row.line, column, reason });
      }
    }
    const refused: { line: number; column: string; reason: string }[] = [];
    if (rows.length) {
      const outcome = await job.ctx.db.transaction(async (em) => {
        const keyed = rows.map((r) => ({ ...r, key: `${r.studentId}|${r.date}` }));
        const duplicates = await markSeen(em, job.runId, keyed);
        const fresh = keyed.filter((r) => {
          const first = duplicateOf(duplicates, r.key, r.line);
          if (first !== undefined) refused.push({ line: r.line, column: 'date', reason: `Duplicate: the same student and date as row ${first}` });
          return first === undefined;
        });
        return writer.write(boundToTransaction(job.ctx, em), fresh);
      });
      job.tally.add(ENTITY, 'created', outcome.created);
      job.tally.add(ENTITY, 'updated', outcome.updated);
      job.tally.add(ENTITY, 'unchanged', outcome.unchanged);
      refused.push(...outcome.refused);
    }
    job.tally.add(ENTITY, 'rejected', refused.length);
    // The batch's rejections in file order, whichever check found them.
    for (const r of [...invalid, ...refused].sort((a, b) => a.line - b.line)) await job.rejects.add({ file, row: r.line, column: r.column, reason: r.reason });
    done += batch.length;
    job.progress?.({ phase: file, done, total });
  }
}
