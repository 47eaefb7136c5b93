import { currentSchoolYearStart, MIN_STUDENTS, type SeedOptions, type SeedSummary } from './generate';

/**
 * Command-line handling for `npm run seed -- --students <N> --seed <S> [--year <Y>]`. Only the
 * parsing and the report live here (no database access), so the parser is unit-testable and the
 * script that wires it to a connection stays small.
 */
export const SEED_USAGE = 'usage: npm run seed -- [--students <N>] [--seed <text>] [--year <YYYY>]';

export const DEFAULT_STUDENTS = 2000;
export const DEFAULT_SEED = 'tiered-demo';
const MAX_STUDENTS = 1_000_000;

type Flag = 'students' | 'seed' | 'year';
const FLAGS: readonly Flag[] = ['students', 'seed', 'year'];

/**
 * Accepts `--flag value` and `--flag=value`. Unknown flags, repeated flags, missing values and
 * numbers that are not whole are refused with a message naming the flag, rather than silently
 * seeding something other than what was asked for.
 *
 * @param today the district's date (YYYY-MM-DD, `todayIn` of the configured time zone), which
 *   picks the default school year.
 */
export function parseSeedArgs(argv: string[], today: string): SeedOptions {
  const given: Partial<Record<Flag, string>> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const match = /^--([a-z-]+)(?:=(.*))?$/s.exec(arg);
    const name = match?.[1] as Flag | undefined;
    if (!match || !name || !FLAGS.includes(name)) throw new Error(`unknown argument "${arg}"\n${SEED_USAGE}`);
    if (given[name] !== undefined) throw new Error(`--${name} given more than once`);
    const value = match[2] ?? argv[++i];
    if (value === undefined || value === '' || (match[2] === undefined && value.startsWith('--'))) {
      throw new Error(`--${name} needs a value\n${SEED_USAGE}`);
    }
    given[name] = value;
  }
  return {
    students: given.students === undefined ? DEFAULT_STUDENTS : wholeNumber('students', given.students, MIN_STUDENTS, MAX_STUDENTS),
    seed: given.seed ?? DEFAULT_SEED,
    schoolYearStartYear: given.year === undefined ? currentSchoolYearStart(today) : wholeNumber('year', given.year, 2000, 2100),
  };
}

/** A short human-readable report of what was seeded. */
export function formatSummary(summary: SeedSummary): string {
  const label = (key: string) => key.replace(/([A-Z])/g, ' $1').toLowerCase();
  const lines = Object.entries(summary as unknown as Record<string, unknown>)
    .filter(([key, value]) => typeof value === 'number' && key !== 'ms')
    .map(([key, value]) => `  ${label(key).padEnd(24)}${(value as number).toLocaleString('en-US')}`);
  return [`Seeded school year ${summary.schoolYear} in ${(summary.ms / 1000).toFixed(1)} s:`, ...lines].join('\n');
}

function wholeNumber(flag: Flag, value: string, min: number, max: number): number {
  if (!/^\d+$/.test(value)) throw new Error(`--${flag} must be a whole number (got "${value}")`);
  const n = Number(value);
  if (n < min || n > max) throw new Error(`--${flag} must be between ${min} and ${max} (got ${n})`);
  return n;
}
