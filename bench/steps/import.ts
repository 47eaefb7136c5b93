import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { currentSchoolYearStart, seedDistrict } from '../../seeds/generate';
import type { ViewerContext } from '../../src/context';
import { buildContext } from '../../src/context';
import { createDataSource } from '../../src/db/data-source';
import { createLogger } from '../../src/logger';
import { buildAppSchema } from '../../src/schema';
import { staffService } from '../../src/modules/staff/staff.service';
import { cpuPer, cpuSnapshot } from '../cpu';
import { loadAttendanceImport } from '../seams/import';
import { round } from '../stats';
import { writeAttendanceFile } from './attendance-file';

export interface ImportFigures {
  schoolYear: string;
  students: number;
  /** Instructional days imported (the first of the year) and in the whole year. */
  days: number;
  yearDays: number;
  rows: number;
  yearRows: number;
  fileMiB: number;
  /** The import itself (read, check, write, audit), as `npm run import -- attendance` runs it. */
  ms: number;
  rowsPerSecond: number;
  /** The whole year's rows at this rate (measured when days = yearDays). Goal: under 60 s. */
  yearSeconds: number;
  yearSecondsProjected: boolean;
  /**
   * CPU per imported row, in microseconds: the import's process (reading, checking, sending) and
   * the database's backends (writing). What the year costs the machine, apart from how busy it was.
   */
  cpuPerRowUs: { import: number | null; database: number };
  outcome: { status: string; created: number; updated: number; unchanged: number; rejected: number; skipped: number };
  firstRejections: { row: number; column: string; reason: string }[];
}

/**
 * Step 5: a year of daily attendance for the district through the import path. The database is a
 * third fresh one holding the district's roster for the school year before this one (calendar,
 * schools, staff, students, enrollments: what an import finds in place), so the whole year is in
 * the past and every row is a new record. Runs in this process, as a district admin, exactly as
 * `npm run import -- attendance <file>` does. A whole year is millions of rows, so by default the
 * file holds the first days of the year and the year's time is projected from the measured rate
 * (`--import-days all` imports the whole year).
 */
export async function importStep(params: {
  databaseUrl: string;
  students: number;
  seed: string;
  today: string;
  dbPoolMax: number;
  /** Instructional days to import (the first of the year); undefined: the whole year. */
  days?: number;
}): Promise<ImportFigures> {
  const runImport = loadAttendanceImport();
  if (runImport instanceof Error) throw runImport;
  if (typeof runImport === 'string') throw new Error(runImport);
  // The resolvers wire the modules together (the attendance module registers the import's writer), as in the server.
  await buildAppSchema();

  const ds = createDataSource({ url: params.databaseUrl, poolMax: params.dbPoolMax, applicationName: 'tiered-bench-import' });
  await ds.initialize();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tiered-bench-import-'));
  try {
    const roster = await ds.transaction((em) =>
      seedDistrict(em, { students: params.students, seed: params.seed, schoolYearStartYear: currentSchoolYearStart(params.today) - 1 }),
    );
    await ds.query('VACUUM ANALYZE');
    const file = path.join(dir, 'attendance.csv');
    const written = await writeAttendanceFile(params.databaseUrl, file, { seed: 3, days: params.days });

    const [admin]: { id: string }[] = await ds.query(`SELECT id FROM staff_user WHERE role = 'DISTRICT_ADMIN' AND active ORDER BY email LIMIT 1`);
    const viewer = await staffService.loadViewer({ db: ds, today: params.today }, admin.id);
    if (!viewer) throw new Error('the roster has no active district admin to import as');
    const ctx = buildContext({ db: ds, viewer, today: params.today, log: createLogger('warn') }) as ViewerContext;

    const database = new URL(params.databaseUrl).pathname.slice(1);
    const cpuBefore = cpuSnapshot(process.pid, database);
    const started = performance.now();
    const result = await runImport(ctx, file, { rejectsFile: path.join(dir, 'rejected.csv') });
    const ms = performance.now() - started;
    // Per thousand rows: microseconds per row.
    const cpu = cpuPer(cpuBefore, cpuSnapshot(process.pid, database), result.summary.rows / 1000);
    if (result.status !== 'SUCCEEDED') {
      throw new Error(`the import ${result.status}: ${result.message ?? ''}${result.error instanceof Error ? ` (${result.error.message})` : ''}`);
    }
    const s = result.summary;
    const rowsPerSecond = s.rows / (ms / 1000);
    return {
      schoolYear: roster.schoolYear,
      students: params.students,
      days: written.days,
      yearDays: written.yearDays,
      rows: s.rows,
      yearRows: written.yearRows,
      fileMiB: round(statSync(file).size / 2 ** 20, 1),
      ms: round(ms),
      rowsPerSecond: round(rowsPerSecond, 0),
      yearSeconds: round(written.yearRows / rowsPerSecond, 1),
      yearSecondsProjected: written.days < written.yearDays,
      cpuPerRowUs: { import: cpu.serverMs, database: cpu.databaseMs },
      outcome: { status: result.status, created: s.created, updated: s.updated, unchanged: s.unchanged, rejected: s.rejected, skipped: s.skipped },
      firstRejections: result.rejects.kept.slice(0, 5),
    };
  } finally {
    await ds.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}
