/**
 * `npm run bench -- [--quick] [--students N] [--keep] [--duration S] [--connections C] [--seed S]
 * [--import-days N|all] [--skip-peer] [--skip-growth] [--only import|nested]`.
 * Parsing is pure (no environment, no I/O) so the defaults are easy to read and to test.
 */
export interface BenchOptions {
  /** A small run for development: finishes in under two minutes. */
  quick: boolean;
  /** Students in the district; Hartford (20,874) by default, 2,000 with --quick. */
  students: number;
  /** The growth step seeds this many times the students. */
  growthFactor: number;
  seed: string;
  /** Keep the bench databases (and print their names) instead of dropping them. */
  keep: boolean;
  /** Seconds of measured load per autocannon run (after a short warm-up). */
  durationSeconds: number;
  warmupSeconds: number;
  connections: number;
  /** Sequential iterations of the rollup, through the API and at the floor. */
  rollupIterations: number;
  /** Skips the PostGraphile comparison (no download); the rest of step 3 still runs. */
  skipPeer: boolean;
  /** Skips the growth step (no second database). */
  skipGrowth: boolean;
  /** Instructional days of attendance the import step imports; null: the whole year. */
  importDays: number | null;
  /** How long each side of the rollup step may take before it stops at the minimum count. */
  rollupBudgetMs: number;
  /** Runs one step alone (see SOLO_STEPS); null: every step. */
  only: BenchStep | null;
}

/**
 * The steps that can run alone with --only: `import` on its own database; `nested` seeds the main
 * district and runs step 3 (with 7, memory) only, for iterating on the nested read.
 */
export const SOLO_STEPS = ['import', 'nested'] as const;
export type BenchStep = (typeof SOLO_STEPS)[number];

/** A bad command line: the message says which flag and how. */
export class BenchUsageError extends Error {}

export const HARTFORD_STUDENTS = 20_874;
const QUICK_STUDENTS = 2_000;

export const BENCH_USAGE =
  'usage: npm run bench -- [--quick] [--students N] [--seed S] [--keep] [--duration S] [--connections C] [--import-days N|all] [--skip-peer] [--skip-growth] [--only import|nested]';

export function parseBenchArgs(argv: readonly string[]): BenchOptions {
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const match = /^--([a-z-]+)(?:=(.*))?$/s.exec(argv[i]);
    if (!match) throw new BenchUsageError(`unknown argument "${argv[i]}"\n${BENCH_USAGE}`);
    const [, name, inline] = match;
    if (flags.has(name)) throw new BenchUsageError(`--${name} given more than once`);
    if (['quick', 'keep', 'skip-peer', 'skip-growth'].includes(name)) {
      if (inline !== undefined) throw new BenchUsageError(`--${name} takes no value`);
      flags.set(name, true);
    } else if (['students', 'seed', 'duration', 'connections', 'import-days', 'only'].includes(name)) {
      const value = inline ?? argv[++i];
      if (value === undefined || value.startsWith('--')) throw new BenchUsageError(`--${name} needs a value`);
      flags.set(name, value);
    } else {
      throw new BenchUsageError(`unknown argument "--${name}"\n${BENCH_USAGE}`);
    }
  }
  const quick = flags.get('quick') === true;
  const only = flags.get('only');
  if (only !== undefined && !(SOLO_STEPS as readonly unknown[]).includes(only)) {
    throw new BenchUsageError(`--only must be one of ${SOLO_STEPS.join(', ')} (got "${String(only)}")`);
  }
  const whole = (name: string, fallback: number, min: number, max: number): number => {
    const raw = flags.get(name);
    if (raw === undefined) return fallback;
    if (typeof raw !== 'string' || !/^\d+$/.test(raw)) throw new BenchUsageError(`--${name} must be a whole number (got "${raw}")`);
    const n = Number(raw);
    if (n < min || n > max) throw new BenchUsageError(`--${name} must be from ${min} to ${max} (got ${n})`);
    return n;
  };
  return {
    quick,
    students: whole('students', quick ? QUICK_STUDENTS : HARTFORD_STUDENTS, 100, 1_000_000),
    growthFactor: 5,
    seed: typeof flags.get('seed') === 'string' ? (flags.get('seed') as string) : 'tiered-bench',
    keep: flags.get('keep') === true,
    durationSeconds: whole('duration', quick ? 4 : 15, 1, 600),
    warmupSeconds: quick ? 1 : 3,
    connections: whole('connections', 10, 1, 200),
    rollupIterations: quick ? 15 : 40,
    skipPeer: flags.get('skip-peer') === true,
    skipGrowth: flags.get('skip-growth') === true,
    importDays: flags.get('import-days') === 'all' ? null : whole('import-days', quick ? 5 : 10, 1, 400),
    rollupBudgetMs: quick ? 4_000 : 20_000,
    only: (only as BenchStep | undefined) ?? null,
  };
}
