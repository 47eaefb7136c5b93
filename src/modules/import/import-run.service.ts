import { StaffRole } from '../../common/auth/roles';
import { badUserInput } from '../../common/errors';
import type { ViewerContext } from '../../context';
import { importAnnualMeasures } from './annual-measures.import';
import { importAttendance } from './attendance.import';
import { MalformedFileError } from './csv';
import { ImportRefusedError } from './import-run-errors';
import { ImportRunEntity } from './import.entities';
import { DEFAULT_BATCH_SIZE, type Importer, type ImportOptions } from './import-job';
import { ImportKind } from './import-kind';
import { openSource } from './import-source';
import { ImportTally, type ImportSummary } from './import-summary';
import { importOneRoster } from './oneroster/oneroster.import';
import { RejectLog } from './rejects';
import { importScreening } from './screening.import';

export type ImportStatus = 'SUCCEEDED' | 'REFUSED' | 'FAILED';

export interface ImportResult {
  runId: string;
  status: ImportStatus;
  /** Why the run was refused (a malformed file) or failed. */
  message: string | null;
  summary: ImportSummary;
  rejects: RejectLog;
  /** The internal error of a FAILED run (logged; never sent to an API client). */
  error?: unknown;
}


const IMPORTERS: Record<ImportKind, Importer> = {
  [ImportKind.ONEROSTER]: importOneRoster,
  [ImportKind.SCREENING]: importScreening,
  [ImportKind.ATTENDANCE]: importAttendance,
  [ImportKind.ANNUAL_MEASURES]: importAnnualMeasures,
};

export class ImportRunService {
  /** The latest runs, newest first: the outcome of an API import that outlived its request is here. */
  latest(ctx: ViewerContext, first: number): Promise<ImportRunEntity[]> {
    if (!Number.isInteger(first) || first < 1 || first > 100) throw badUserInput('first', 'must be from 1 to 100');
    return ctx.db.manager.find(ImportRunEntity, { order: { startedAt: 'DESC' }, take: first });
  }

  /**
   * Runs an import as a district admin and logs it in import_run. A malformed file (a missing
   * column, broken CSV, a missing OneRoster file) is REFUSED before anything is written; rows the
   * rules refuse are rejected one by one and reported, while the others are applied in batches,
   * one transaction each. Imports are for district admins: they write across every school.
   */
  async run(ctx: ViewerContext, kind: ImportKind, target: string, options: ImportOptions = {}): Promise<ImportResult> {
    if (ctx.viewer.role !== StaffRole.DISTRICT_ADMIN) throw new ImportRefusedError('Only a district admin can run imports');
    const run = await ctx.db.manager.save(ImportRunEntity, ctx.db.manager.create(ImportRunEntity, {
      kind: kind.toLowerCase().replace(/_/g, '-'),
      source: target,
      actorId: ctx.viewer.userId,
      status: 'RUNNING',
      finishedAt: null,
      summary: null,
      message: null,
    }));
    const tally = new ImportTally(run.kind);
    const rejects = new RejectLog(options.rejectsFile);
    let status: ImportStatus = 'SUCCEEDED';
    let message: string | null = null;
    let failure: unknown;
    try {
      const source = await openSource(target);
      try {
        await IMPORTERS[kind]({
          ctx,
          runId: run.id,
          source,
          rejects,
          tally,
          batchSize: options.batchSize ?? DEFAULT_BATCH_SIZE,
          progress: options.progress,
          options,
        });
      } finally {
        await source.close();
      }
    } catch (error) {
      if (error instanceof MalformedFileError || error instanceof ImportRefusedError) {
        status = 'REFUSED';
        message = error.message;
      } else {
        status = 'FAILED';
        message = 'The import stopped on an internal error; the batches before it were committed';
        failure = error;
      }
    } finally {
      await rejects.close();
      await ctx.db.query('DELETE FROM import_run_key WHERE run_id = $1', [run.id]);
    }
    const summary = tally.summary();
    await ctx.db.manager.update(ImportRunEntity, { id: run.id }, { status, message, summary, finishedAt: new Date() });
    if (failure) ctx.log.error({ err: failure, runId: run.id }, 'import failed');
    return { runId: run.id, status, message, summary, rejects, error: failure };
  }
}

export const importRunService = new ImportRunService();
