import { checkCsv, csvRows, inBatches, isProblem, MalformedFileError } from '../csv';
import { duplicateOf, markSeen, type ImportJob } from '../import-job';
import { applyCaseloads } from './oneroster-apply-caseloads';
import { applySchools, applySchoolYears, applyStaff } from './oneroster-apply-directory';
import { applyEnrollments, applyStudents } from './oneroster-apply-students';
import { ONEROSTER_FILES, type OneRosterFile } from './oneroster-files';
import { SYSTEM, refreshStatistics, upsertRecords } from './oneroster-records';

type Mode = 'bulk' | 'delta' | 'absent';

/** Reads manifest.csv (propertyName,value): which files the export holds, each bulk or delta. */
async function readManifest(job: ImportJob): Promise<Map<string, Mode>> {
  if (!job.source.has('manifest.csv')) {
    throw new MalformedFileError('manifest.csv', 'is missing: a OneRoster CSV export is a folder or zip with manifest.csv and the files it lists');
  }
  const manifest = new Map<string, Mode>();
  for await (const row of csvRows(await job.source.open('manifest.csv'), 'manifest.csv', { required: ['propertyName', 'value'] })) {
    if (isProblem(row)) throw new MalformedFileError('manifest.csv', `line ${row.line} ${row.problem}`);
    const value = row.values.value.toLowerCase();
    if (row.values.propertyName.startsWith('file.')) {
      if (!['bulk', 'delta', 'absent'].includes(value)) {
        throw new MalformedFileError('manifest.csv', `line ${row.line}: ${row.values.propertyName} is "${row.values.value}", not bulk, delta or absent`);
      }
      manifest.set(row.values.propertyName, value as Mode);
    } else if (row.values.propertyName === 'oneroster.version' && !row.values.value.startsWith('1.')) {
      throw new MalformedFileError('manifest.csv', `oneroster.version is ${row.values.value}; this import reads OneRoster 1.1 CSV`);
    }
  }
  return manifest;
}

/**
 * Imports a OneRoster 1.1 CSV export (a folder or a zip with manifest.csv):
 * academicSessions -> school years and terms, orgs -> schools, users -> staff and students,
 * demographics -> students' demographic fields, enrollments + classes -> students' school
 * enrollments and teachers' caseloads (HOMEROOM for homeroom classes, SECTION otherwise).
 *
 * 1. Every declared file is checked whole (header, CSV structure) before anything is written: a
 *    malformed file refuses the import.
 * 2. Each file is streamed in batches; valid rows are kept in import_source_record under their
 *    sourcedId (the stable key), invalid rows rejected with their column.
 * 3. Each kind of record is then applied through our services, page by page (a transaction each),
 *    comparing what the source says with what we hold: equal is unchanged and writes nothing.
 *
 * Bulk and delta: `tobedeleted` ends a student's enrollment at a school when none of their class
 * enrollments there is left (exit date: the row's dateLastModified, else today), ends the caseload
 * assignments the import made, and deactivates staff; students and schools are never deleted. In
 * a bulk enrollments file, enrollments a previous import brought and this file no longer lists
 * are treated as `tobedeleted` (exit date today).
 */
export async function importOneRoster(job: ImportJob): Promise<void> {
  const manifest = await readManifest(job);
  const files = ONEROSTER_FILES.filter((f) => (manifest.get(f.property) ?? 'absent') !== 'absent');
  if (files.length === 0) throw new MalformedFileError('manifest.csv', 'declares none of the files this import reads (academicSessions, orgs, classes, users, demographics, enrollments)');
  for (const f of files) {
    if (!job.source.has(f.name)) throw new MalformedFileError(f.name, `is missing, but manifest.csv declares ${f.property}=${manifest.get(f.property)}`);
  }
  const totals = new Map<string, number>();
  for (const f of files) totals.set(f.name, await checkCsv(await job.source.open(f.name), f.name, f.columns));

  for (const f of files) await stage(job, f, totals.get(f.name)!);
  if (manifest.get('file.enrollments') === 'bulk') await endUnlistedEnrollments(job);
  await refreshStatistics(job);

  await applySchoolYears(job);
  await applySchools(job);
  await applyStaff(job);
  await applyStudents(job);
  await applyEnrollments(job);
  await applyCaseloads(job);
}

async function stage(job: ImportJob, file: OneRosterFile, total: number): Promise<void> {
  let done = 0;
  for await (const batch of inBatches(csvRows(await job.source.open(file.name), file.name, file.columns), job.batchSize)) {
    job.tally.rows += batch.length;
    const valid: { sourceId: string; status: string; data: object; file: string; line: number; key: string }[] = [];
    for (const row of batch) {
      const parsed = isProblem(row) ? { problems: [['', `The row ${row.problem}`]] as [string, string][] } : file.parse(row.values);
      if ('problems' in parsed) {
        job.tally.add(file.name, 'rejected');
        for (const [column, reason] of parsed.problems) await job.rejects.add({ file: file.name, row: row.line, column, reason });
      } else {
        const sourceId = (row as { values: Record<string, string> }).values.sourcedId;
        valid.push({ sourceId, status: parsed.status, data: parsed.data, file: file.name, line: row.line, key: `${file.sourceType}:${sourceId}` });
      }
    }
    const duplicates = await job.ctx.db.transaction(async (em) => {
      const seen = await markSeen(em, job.runId, valid);
      const fresh = valid.filter((v) => duplicateOf(seen, v.key, v.line) === undefined);
      await upsertRecords(em, file.sourceType, fresh);
      return valid.flatMap((v) => {
        const first = duplicateOf(seen, v.key, v.line);
        return first === undefined ? [] : [{ line: v.line, first }];
      });
    });
    for (const d of duplicates) {
      job.tally.add(file.name, 'rejected');
      await job.rejects.add({ file: file.name, row: d.line, column: 'sourcedId', reason: `Duplicate: the same sourcedId as row ${d.first}` });
    }
    done += batch.length;
    job.progress?.({ phase: file.name, done, total });
  }
}

/**
 * OneRoster bulk means "this is everything": an enrollment we hold from an earlier import that the
 * file no longer lists has ended. It is marked tobedeleted (ended today) and, like a delta's
 * tobedeleted rows, seen in this run so the enrollment and caseload phases act on it.
 */
async function endUnlistedEnrollments(job: ImportJob): Promise<void> {
  await job.ctx.db.query(
    `WITH ended AS (
       UPDATE import_source_record r
          SET status = 'tobedeleted', data = r.data || jsonb_build_object('dateLastModified', $3::text), updated_at = now()
        WHERE r.source_system = $1 AND r.source_type = 'enrollment' AND r.status = 'active'
          AND NOT EXISTS (SELECT 1 FROM import_run_key k WHERE k.run_id = $2 AND k.key = 'enrollment:' || r.source_id)
        RETURNING r.source_id)
     INSERT INTO import_run_key (run_id, key, line) SELECT $2, 'enrollment:' || source_id, 0 FROM ended
     ON CONFLICT (run_id, key) DO NOTHING`,
    [SYSTEM, job.runId, job.ctx.today],
  );
}
