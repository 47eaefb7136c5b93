import type { CpuPerUnit } from './cpu';
import type { LoadFigures } from './load';

/*
 * Comparing two servers on a shared machine: load from the rest of the machine drifts over a
 * minute, so one run of each measures the drift as much as the servers (in session 6 the same code
 * gave 0.72x and 1.22x of PostGraphile's requests/s in two full runs). The step therefore runs short
 * rounds, alternating which server goes first, and compares each round's pair: the median of those
 * ratios is the figure. Pure, so it is unit-tested.
 */

/** The middle value (the mean of the two middle values for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of nothing');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * One server's rounds as one load: requests, errors and time added up, requests/s over the whole
 * time, the latency percentiles as the median of the rounds' (percentiles of separate runs do not
 * add), the mean weighted by requests, the largest maximum.
 */
export function mergeRounds(rounds: readonly LoadFigures[]): LoadFigures {
  if (rounds.length === 0) throw new RangeError('no rounds to merge');
  const sum = (pick: (l: LoadFigures) => number) => rounds.reduce((total, l) => total + pick(l), 0);
  const requests = sum((l) => l.requests);
  const durationSeconds = sum((l) => l.durationSeconds);
  return {
    connections: rounds[0].connections,
    durationSeconds,
    requests,
    requestsPerSecond: round2(requests / durationSeconds),
    latencyMs: {
      p50: median(rounds.map((l) => l.latencyMs.p50)),
      p90: median(rounds.map((l) => l.latencyMs.p90)),
      p99: median(rounds.map((l) => l.latencyMs.p99)),
      mean: requests ? round2(sum((l) => l.latencyMs.mean * l.requests) / requests) : 0,
      max: Math.max(...rounds.map((l) => l.latencyMs.max)),
    },
    clean: sum((l) => l.clean),
    graphqlErrors: sum((l) => l.graphqlErrors),
    userErrors: sum((l) => l.userErrors),
    non200: sum((l) => l.non200),
    connectionErrors: sum((l) => l.connectionErrors),
    timeouts: sum((l) => l.timeouts),
    firstProblem: rounds.find((l) => l.firstProblem)?.firstProblem,
  };
}

/** CPU per request over rounds: each round's figure weighted by its requests (null if any round has none). */
export function mergeCpu(rounds: readonly { cpu: CpuPerUnit; requests: number }[]): CpuPerUnit {
  const requests = rounds.reduce((total, r) => total + r.requests, 0);
  const weighted = (pick: (c: CpuPerUnit) => number | null): number | null => {
    if (requests === 0 || rounds.some((r) => pick(r.cpu) === null)) return null;
    return round2(rounds.reduce((total, r) => total + (pick(r.cpu) as number) * r.requests, 0) / requests);
  };
  return { serverMs: weighted((c) => c.serverMs), serverKernelMs: weighted((c) => c.serverKernelMs), databaseMs: weighted((c) => c.databaseMs) ?? 0 };
}
