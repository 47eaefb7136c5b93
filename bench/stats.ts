/**
 * Pure statistics for the benchmark: nothing here touches a clock, a socket or a database, so it
 * is unit-tested (tests/bench/stats.test.ts).
 */

/**
 * The p-th percentile (0-100) of a sample by the nearest-rank method: the smallest value with at
 * least p% of the sample at or below it. Nearest-rank always returns a value that was measured
 * (no interpolation between two requests), which is what a latency report should quote.
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new RangeError('percentile of an empty sample');
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be within 0-100 (got ${p})`);
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

export interface LatencySummary {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  min: number;
  max: number;
  mean: number;
}

/** p50/p95/p99, min, max and mean of a sample of durations (milliseconds), rounded to 0.01 ms. */
export function summarize(values: readonly number[]): LatencySummary {
  const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
  return {
    n: values.length,
    p50: round(percentile(values, 50)),
    p95: round(percentile(values, 95)),
    p99: round(percentile(values, 99)),
    min: round(Math.min(...values)),
    max: round(Math.max(...values)),
    mean: round(mean),
  };
}

/** a / b rounded to 0.01; null when either side is missing or b is zero (no ratio to quote). */
export function ratio(a: number | null | undefined, b: number | null | undefined): number | null {
  if (a == null || b == null || b === 0) return null;
  return round(a / b);
}

export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
