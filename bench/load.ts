import autocannon from 'autocannon';
import { round } from './stats';

/**
 * Sustained load on loopback with autocannon. autocannon counts any HTTP response as a success,
 * including a GraphQL 200 that carries `errors` or a payload with `userErrors`, so every body is
 * classified here and the figures say how many were not clean; a step fails if any were not.
 */
export interface LoadSpec {
  url: string;
  connections: number;
  durationSeconds: number;
  headers: Record<string, string>;
  /** The same body for every request... */
  body?: string;
  /** ...or a fresh one per request (varying inputs). */
  nextBody?: () => string;
  /** A mutation payload must come back with `"userErrors":[]`. */
  expectEmptyUserErrors?: boolean;
}

export interface LoadFigures {
  connections: number;
  durationSeconds: number;
  requests: number;
  requestsPerSecond: number;
  latencyMs: { p50: number; p90: number; p99: number; mean: number; max: number };
  clean: number;
  graphqlErrors: number;
  userErrors: number;
  non200: number;
  connectionErrors: number;
  timeouts: number;
  /** The first unclean body, shortened, to say what went wrong. */
  firstProblem?: string;
}

export function bodyProblem(status: number, body: string, expectEmptyUserErrors: boolean): 'non200' | 'graphqlErrors' | 'userErrors' | null {
  if (status !== 200) return 'non200';
  if (body.includes('"errors"')) return 'graphqlErrors';
  if (expectEmptyUserErrors && !body.includes('"userErrors":[]')) return 'userErrors';
  return null;
}

export async function runLoad(spec: LoadSpec): Promise<LoadFigures> {
  const counts = { clean: 0, graphqlErrors: 0, userErrors: 0, non200: 0 };
  let firstProblem: string | undefined;
  const onResponse = (status: number, body: string) => {
    const problem = bodyProblem(status, body, spec.expectEmptyUserErrors ?? false);
    if (!problem) {
      counts.clean++;
      return;
    }
    counts[problem]++;
    firstProblem ??= `HTTP ${status}: ${body.slice(0, 300)}`;
  };
  const request: autocannon.Request = {
    method: 'POST',
    path: new URL(spec.url).pathname,
    headers: { 'content-type': 'application/json', ...spec.headers },
    onResponse,
  };
  if (spec.nextBody) {
    const nextBody = spec.nextBody;
    request.setupRequest = (req) => ({ ...req, body: nextBody() });
  } else {
    request.body = spec.body;
  }
  const result = await autocannon({
    url: new URL(spec.url).origin,
    connections: spec.connections,
    duration: spec.durationSeconds,
    requests: [request],
    timeout: 30,
  });
  return {
    connections: spec.connections,
    durationSeconds: spec.durationSeconds,
    requests: result.requests.total,
    requestsPerSecond: round(result.requests.average),
    latencyMs: {
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      mean: round(result.latency.average),
      max: result.latency.max,
    },
    ...counts,
    connectionErrors: result.errors,
    timeouts: result.timeouts,
    firstProblem,
  };
}

/** Problems a load run had, as one line; null when every response was clean. */
export function loadProblems(figures: LoadFigures): string | null {
  const bad = figures.graphqlErrors + figures.userErrors + figures.non200 + figures.connectionErrors + figures.timeouts;
  if (bad === 0 && figures.clean > 0) return null;
  if (bad === 0) return 'no response came back';
  return `${figures.graphqlErrors} with errors, ${figures.userErrors} with userErrors, ${figures.non200} not 200, `
    + `${figures.connectionErrors} connection errors, ${figures.timeouts} timeouts; first: ${figures.firstProblem ?? '-'}`;
}
