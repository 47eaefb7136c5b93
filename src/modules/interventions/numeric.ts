import type { ValueTransformer } from 'typeorm';

/** node-postgres reads `numeric` as a string (it can exceed a double); our scores fit a number. */
export const numericTransformer: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};

/** Scores are stored as numeric(10,2): at most 8 digits before the point, 2 after. */
export const MAX_SCORE = 99_999_999.99;

/** The score as it will be stored (rounded to 2 decimals), or null when it cannot be stored. */
export function storableScore(value: number): number | null {
  if (!Number.isFinite(value) || Math.abs(value) > MAX_SCORE) return null;
  return Math.round(value * 100) / 100;
}
