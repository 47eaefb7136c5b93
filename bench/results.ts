import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { BenchOptions } from './args';
import type { GrowthFigures } from './steps/growth';
import type { ImportFigures } from './steps/import';
import type { NestedReadsFigures } from './steps/nested-reads';
import type { RollupFigures } from './steps/rollup';
import type { SeedFigures } from './steps/seed';
import type { WritesFigures } from './steps/writes';
import type { RssFigures } from './memory';

/** What a step came to: its figures, or why it was left out, or how it failed. */
export type StepOutcome<T> =
  | { status: 'ok'; ms: number; loadAverage: number[]; figures: T }
  | { status: 'skipped'; reason: string }
  | { status: 'failed'; ms: number; error: string };

export interface MemoryFigures {
  /** Our API process under the load of step 3 (and of step 6's repeat, when it ran). */
  ours: RssFigures | null;
  peer: RssFigures | null;
  oursGrowth: RssFigures | null;
}

export interface BenchResults {
  benchmark: 'tiered';
  date: string;
  startedAt: string;
  finishedAt?: string;
  /** Why the run stopped before its end, if it did. */
  error?: string;
  options: BenchOptions;
  environment: {
    node: string;
    cpus: number;
    memoryGiB: number;
    postgres: string;
    server: string;
    apiLogLevel: string;
    peer?: { postgraphile: string; node: string };
    loadAverageAtStart: number[];
  };
  steps: {
    seed?: StepOutcome<SeedFigures>;
    rollup?: StepOutcome<RollupFigures>;
    nestedReads?: StepOutcome<NestedReadsFigures>;
    writes?: StepOutcome<WritesFigures>;
    import?: StepOutcome<ImportFigures>;
    growth?: StepOutcome<GrowthFigures>;
    memory?: StepOutcome<MemoryFigures>;
  };
}

export const RESULTS_DIR = path.join(__dirname, 'results');

/**
 * bench/results/<date>.json for a full run, <date>.quick.json for --quick and
 * <date>.only-<step>.json for --only (so a development or partial run does not overwrite the day's
 * measurement). Written through a .tmp file (gitignored) and renamed, so an interrupted run never
 * leaves half a record.
 */
export function writeResults(results: BenchResults): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const variant = `${results.options.only ? `.only-${results.options.only}` : ''}${results.options.quick ? '.quick' : ''}`;
  const file = path.join(RESULTS_DIR, `${results.date}${variant}.json`);
  writeFileSync(`${file}.tmp`, `${JSON.stringify(results, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
  return file;
}
