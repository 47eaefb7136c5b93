import path from 'node:path';
import { withSqlTag } from '../server/sql-recorder';

/**
 * The seam between the bench and the indicators module (src/modules/indicators), which is being
 * built alongside. The rollup step runs when the module exports `indicatorService` with a
 * `rollup(ctx, query)` method (the one the `indicators` query resolves through); otherwise the
 * step is left out of the run with a line saying why. Nothing here imports the module statically,
 * so the bench compiles and runs whether or not it has landed.
 */
export const INDICATOR_SERVICE_MODULE = path.join(__dirname, '..', '..', 'src', 'modules', 'indicators', 'indicator.service');

/** The statements the rollup issues are tagged with this, so the step can replay exactly them. */
export const ROLLUP_SQL_TAG = 'indicators.rollup';

/**
 * Every indicator of Priorities 1 and 2 for the district (the totals) and for every school (the
 * SCHOOL breakdown), as a dashboard asks for it: one request.
 */
export const ROLLUP_QUERY = `query BenchRollup {
  indicators(breakdown: SCHOOL) {
    indicator { key priority }
    asOf
    periodStart
    total { available numerator denominator value suppressed }
    breakdown { school { id } cell { available numerator denominator value suppressed } }
  }
}`;

type RollupService = { rollup: (...args: unknown[]) => Promise<unknown> };

/** Present; not there (the step is left out, with the reason); or there but failing to load (the step fails). */
export type SeamProbe = { present: true } | { present: false; reason: string } | { present: false; error: string };

function load(): RollupService | string {
  let exported: { indicatorService?: Partial<RollupService> };
  try {
    exported = require(INDICATOR_SERVICE_MODULE);
  } catch (error) {
    const err = error as NodeJS.ErrnoException;
    if (err.code === 'MODULE_NOT_FOUND' && err.message.includes('indicator.service')) return 'src/modules/indicators/indicator.service is not there';
    throw error;
  }
  if (typeof exported.indicatorService?.rollup !== 'function') return 'src/modules/indicators does not export indicatorService.rollup';
  return exported.indicatorService as RollupService;
}

/** Whether the indicators module offers the rollup (in this process's view of the sources). */
export function probeIndicators(): SeamProbe {
  try {
    const found = load();
    return typeof found === 'string' ? { present: false, reason: found } : { present: true };
  } catch (error) {
    return { present: false, error: `src/modules/indicators failed to load: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/**
 * Inside the server process: tags every statement the rollup runs (and whatever it awaits), so
 * the bench can read them back and run the same SQL at the floor. Returns whether it could.
 */
export function instrumentIndicators(): boolean {
  const service = load();
  if (typeof service === 'string') return false;
  const original = service.rollup;
  service.rollup = function taggedRollup(this: unknown, ...args: unknown[]) {
    return withSqlTag(ROLLUP_SQL_TAG, () => original.apply(this, args));
  };
  return true;
}
