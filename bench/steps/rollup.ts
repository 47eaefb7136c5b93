import { Pool } from 'pg';
import { DEFAULT_DB_WORK_MEM } from '../../src/config';
import { postgresSessionSettings, settingsOptions } from '../../src/db/data-source';
import { assertClean, postGraphql } from '../http';
import { ROLLUP_QUERY, ROLLUP_SQL_TAG } from '../seams/indicators';
import type { ApiServer } from '../server/api-server';
import type { RecordedStatement } from '../server/sql-recorder';
import { ratio, summarize, type LatencySummary } from '../stats';

export interface RollupFigures {
  iterations: number;
  /** Indicators in the answer, and schools in each breakdown. */
  indicators: number;
  schools: number;
  /** Statements the rollup service ran (replayed at the floor), and all the request ran. */
  rollupStatements: number;
  requestStatements: number;
  responseBytes: number;
  /** One request at a time through our API (HTTP, auth, GraphQL, the service, serialization). */
  api: LatencySummary;
  /** The same statements with the same parameters, straight to PostgreSQL with `pg`, concurrently as the service runs them. */
  floor: LatencySummary;
  /** API over floor, at p50 and p95 (goal <= 1.2). */
  ratioP50: number | null;
  ratioP95: number | null;
}

interface RollupAnswer {
  indicators: { breakdown: unknown[] | null }[];
}

const WARMUP = 2;

/**
 * Step 2: every Priority 1 and 2 indicator for the district and every school, through the API,
 * against the floor: the SQL the indicators service ran for that request, captured at the driver
 * in the server (the statements it tagged) and replayed directly with `pg` on a pool of the same
 * size, all at once (the service runs its statements concurrently). Requests run one at a time:
 * this is the latency a dashboard sees, not a throughput test.
 */
export async function rollupStep(params: {
  api: ApiServer;
  token: string;
  databaseUrl: string;
  /** At most this many timed requests (and floor runs)... */
  iterations: number;
  /** ...but each side stops once it has spent this long and has MIN_ITERATIONS: a big district's rollup is slow. */
  budgetMs: number;
  poolMax: number;
  /** The server's statement timeout, applied at the floor too, so neither side waits longer than the other. */
  statementTimeoutMs: number;
}): Promise<RollupFigures> {
  const { api } = params;
  const enough = bounded(params.iterations, params.budgetMs);
  const headers = { authorization: `Bearer ${params.token}` };
  const request = { query: ROLLUP_QUERY, operationName: 'BenchRollup' };

  for (let i = 0; i < WARMUP; i++) assertClean(await postGraphql(api.url, request, headers), 'rollup');
  const { result, statements } = await api.record(() => postGraphql<RollupAnswer>(api.url, request, headers));
  const answer = assertClean(result, 'rollup');
  const rollup = statements.filter((s) => s.tag === ROLLUP_SQL_TAG);
  if (rollup.length === 0) throw new Error('the rollup ran no SQL that the seam could see (is indicatorService.rollup still the path of the indicators query?)');

  const apiMs: number[] = [];
  for (const started = performance.now(); !enough(apiMs.length, started); ) {
    const response = await postGraphql(api.url, request, headers);
    assertClean(response, 'rollup');
    apiMs.push(response.ms);
  }

  const floorMs = await floorTimes(params.databaseUrl, rollup, enough, params.poolMax, params.statementTimeoutMs);
  const apiSummary = summarize(apiMs);
  const floorSummary = summarize(floorMs);
  return {
    iterations: Math.min(apiMs.length, floorMs.length),
    indicators: answer.indicators.length,
    schools: Math.max(0, ...answer.indicators.map((i) => i.breakdown?.length ?? 0)),
    rollupStatements: rollup.length,
    requestStatements: statements.length,
    responseBytes: result.bytes,
    api: apiSummary,
    floor: floorSummary,
    ratioP50: ratio(apiSummary.p50, floorSummary.p50),
    ratioP95: ratio(apiSummary.p95, floorSummary.p95),
  };
}

const MIN_ITERATIONS = 5;

/** Whether a timed loop has done enough: the maximum count, or the budget spent with the minimum count. */
function bounded(max: number, budgetMs: number) {
  return (done: number, started: number) => done >= max || (done >= MIN_ITERATIONS && performance.now() - started >= budgetMs);
}

async function floorTimes(
  databaseUrl: string,
  statements: RecordedStatement[],
  enough: (done: number, started: number) => boolean,
  poolMax: number,
  statementTimeoutMs: number,
): Promise<number[]> {
  // The server's session settings (work_mem, jit), so the floor runs the statements as the server does.
  const options = settingsOptions(postgresSessionSettings(process.env.DB_WORK_MEM || DEFAULT_DB_WORK_MEM));
  const pool = new Pool({ connectionString: databaseUrl, max: poolMax, statement_timeout: statementTimeoutMs, application_name: 'tiered-bench-floor', options });
  const once = () => Promise.all(statements.map((s) => pool.query(s.text, s.values as unknown[] | undefined)));
  try {
    // Open the pool's connections first, as the server's are after its warm-up.
    for (let i = 0; i < WARMUP; i++) await once();
    const ms: number[] = [];
    for (const began = performance.now(); !enough(ms.length, began); ) {
      const started = performance.now();
      await once();
      ms.push(performance.now() - started);
    }
    return ms;
  } finally {
    await pool.end();
  }
}
