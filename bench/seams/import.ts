import path from 'node:path';
import type { ViewerContext } from '../../src/context';

/**
 * The seam between the bench and the import module (src/modules/import), which is being built
 * alongside. The import step runs when the module exports `importRunService.run(ctx, kind, file,
 * options)` and an ATTENDANCE kind (the path `npm run import -- attendance <file>` and the
 * `importRun` mutation take); otherwise the step is left out with a line saying why. Nothing here
 * imports the module statically.
 */
const IMPORT_DIR = path.join(__dirname, '..', '..', 'src', 'modules', 'import');

export interface ImportRunOutcome {
  status: string;
  message: string | null;
  summary: { rows: number; created: number; updated: number; unchanged: number; rejected: number; skipped: number };
  rejects: { kept: { row: number; column: string; reason: string }[] };
  error?: unknown;
}

export type AttendanceImport = (ctx: ViewerContext, file: string, options: { rejectsFile?: string }) => Promise<ImportRunOutcome>;

/** The import, or why the step is left out (a string), or why it cannot run (an Error: the module fails to load). */
export function loadAttendanceImport(): AttendanceImport | string | Error {
  let service: { importRunService?: { run?: (...args: unknown[]) => Promise<ImportRunOutcome> } };
  let kinds: { ImportKind?: Record<string, string> };
  try {
    service = require(path.join(IMPORT_DIR, 'import-run.service'));
    kinds = require(path.join(IMPORT_DIR, 'import-kind'));
  } catch (error) {
    const err = error as NodeJS.ErrnoException;
    if (err.code === 'MODULE_NOT_FOUND' && err.message.includes(`modules${path.sep}import`)) return 'src/modules/import (import-run.service, import-kind) is not there';
    return new Error(`src/modules/import failed to load: ${err.message}`);
  }
  const run = service.importRunService?.run;
  const kind = kinds.ImportKind?.ATTENDANCE;
  if (typeof run !== 'function' || !kind) return 'src/modules/import does not export importRunService.run and ImportKind.ATTENDANCE';
  return (ctx, file, options) => run.call(service.importRunService, ctx, kind, file, options);
}
