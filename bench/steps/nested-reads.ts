import { Client } from 'pg';
import { toGlobalId } from '../../src/common/graphql/global-id';
import { assertClean, postGraphql } from '../http';
import { cpuPer, cpuSnapshot, type CpuPerUnit } from '../cpu';
import { loadProblems, runLoad, type LoadFigures } from '../load';
import { sampleRss, type RssFigures } from '../memory';
import type { PeerServer } from '../peer/postgraphile';
import type { ApiServer } from '../server/api-server';
import { mergeCpu, mergeRounds, median } from '../rounds';
import { ratio } from '../stats';
import { OUR_PAGE_QUERY, ourPageContents, PEER_PAGE_QUERY, peerPageContents, type PageContents } from './nested-queries';
import { briefSql, statementGrowth } from './statement-growth';

export interface LoadSettings {
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
}

export interface ServerReadFigures {
  contents: PageContents;
  load: LoadFigures;
  /** Step 7: the serving process's resident memory during the measured load. */
  rss: RssFigures;
  /** CPU per request during the measured load: the serving process, and the database's backends. */
  cpu: CpuPerUnit;
}

export interface NestedReadsFigures {
  school: { code: string; enrolledToday: number };
  pageSize: number;
  /**
   * SQL statements one request of ours runs, at page sizes 10 and 100 (must not grow with the page).
   * `repeatedPerRow`: statement shapes run more often at 100 than at 10 (the N+1 signature);
   * `onlyAt100`: relations the first 10 students did not have (loaded once, not per row).
   */
  statements: {
    page10: number;
    page100: number;
    growsWithPage: boolean;
    repeatedPerRow: string[];
    onlyAt100: string[];
    page100Statements: string[];
  };
  ours: ServerReadFigures;
  peer: (ServerReadFigures & { server: string }) | { skipped: string };
  /** Measured rounds per server, alternating which goes first (bench/rounds.ts). */
  rounds: number;
  /** Our requests/s over PostGraphile's in each round. */
  roundRatios: number[];
  /** The median of roundRatios (goal >= 1.0). */
  throughputRatio: number | null;
  /** Our p50 latency over PostGraphile's. */
  p50Ratio: number | null;
}

export const PAGE_SIZE = 100;

/** The school with the most students enrolled today (ties by code): its first page is full. */
export async function pickSchool(databaseUrl: string, today: string): Promise<{ id: string; code: string; enrolledToday: number }> {
  const client = new Client({ connectionString: databaseUrl, application_name: 'tiered-bench' });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string; code: string; n: number }>(
      `SELECT s.id, s.code, count(*)::int AS n FROM school s JOIN enrollment e ON e.school_id = s.id
        WHERE e.entry_date <= $1 AND (e.exit_date IS NULL OR e.exit_date >= $1)
        GROUP BY s.id, s.code ORDER BY n DESC, s.code LIMIT 1`,
      [today],
    );
    if (!rows[0]) throw new Error('no school has students enrolled today');
    return { id: rows[0].id, code: rows[0].code, enrolledToday: rows[0].n };
  } finally {
    await client.end();
  }
}

/** A server under the step's load: where to send the page and which process to watch. */
interface Side {
  who: string;
  url: string;
  pid: number;
  headers: Record<string, string>;
  body: string;
}

/** Measured rounds of the load (see bench/rounds.ts): each server runs the step's duration split across them. */
export const ROUNDS = 3;

/**
 * Warm-up of each server (discarded), then ROUNDS rounds in which each server runs a third of the
 * measured duration, the first to go alternating, with each server's RSS sampled throughout. Each
 * side's figures are its rounds together; `ratios` compares the first side with the second round
 * by round.
 */
async function measureAlternating(sides: readonly Side[], database: string, settings: LoadSettings) {
  const load = (side: Side, durationSeconds: number) =>
    runLoad({ url: side.url, headers: side.headers, body: side.body, connections: settings.connections, durationSeconds });
  for (const side of sides) await load(side, settings.warmupSeconds);
  const samplers = sides.map((side) => sampleRss(side.pid));
  const perRound = Math.max(1, Math.round(settings.durationSeconds / ROUNDS));
  const rounds = sides.map(() => [] as { load: LoadFigures; cpu: CpuPerUnit }[]);
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? sides.map((_, i) => i) : sides.map((_, i) => sides.length - 1 - i);
    for (const i of order) {
      const before = cpuSnapshot(sides[i].pid, database);
      const figures = await load(sides[i], perRound);
      const cpu = cpuPer(before, cpuSnapshot(sides[i].pid, database), figures.requests);
      const problems = loadProblems(figures);
      if (problems) throw new Error(`${sides[i].who}: ${problems}`);
      rounds[i].push({ load: figures, cpu });
    }
  }
  const measured = sides.map((_, i) => ({
    load: mergeRounds(rounds[i].map((r) => r.load)),
    cpu: mergeCpu(rounds[i].map((r) => ({ cpu: r.cpu, requests: r.load.requests }))),
    rss: samplers[i].stop(),
  }));
  const ratios = sides.length < 2 ? [] : rounds[0].map((r, k) => ratio(r.load.requestsPerSecond, rounds[1][k].load.requestsPerSecond)).filter((x): x is number => x !== null);
  return { measured, ratios };
}

/**
 * Step 3 (and 7): a page of students with their current tiers, active plans and latest
 * attendance action, through our API and through PostGraphile 5 on the same database, under
 * the same load; plus how many SQL statements our request runs at two page sizes.
 */
export async function nestedReadsStep(params: {
  api: ApiServer;
  peer: PeerServer | null;
  peerSkipped?: string;
  token: string;
  databaseUrl: string;
  today: string;
  settings: LoadSettings;
}): Promise<NestedReadsFigures> {
  const { api, peer, token, settings } = params;
  const school = await pickSchool(params.databaseUrl, params.today);
  const headers = { authorization: `Bearer ${token}` };
  const database = new URL(params.databaseUrl).pathname.slice(1);
  const ourRequest = (first: number) => ({ query: OUR_PAGE_QUERY, variables: { school: toGlobalId('School', school.id), first }, operationName: 'BenchStudentsPage' });

  // One clean answer first: what the page holds, and that the query is right before loading it.
  const sample = await postGraphql(api.url, ourRequest(PAGE_SIZE), headers);
  const ourContents = ourPageContents(assertClean(sample, 'our page') as never, sample.bytes);

  const count = async (first: number) => {
    assertClean(await postGraphql(api.url, ourRequest(first), headers), 'our page');
    const { result, statements } = await api.record(() => postGraphql(api.url, ourRequest(first), headers));
    assertClean(result, 'our page');
    return statements;
  };
  const page10 = await count(10);
  const page100 = await count(PAGE_SIZE);

  const sides: Side[] = [{ who: 'our API', url: api.url, pid: api.pid, headers, body: JSON.stringify(ourRequest(PAGE_SIZE)) }];
  let peerContents: PageContents | undefined;
  if (peer) {
    const peerRequest = { query: PEER_PAGE_QUERY, variables: { school: school.id, first: PAGE_SIZE }, operationName: 'BenchStudentsPage' };
    const peerSample = await postGraphql(peer.url, peerRequest);
    peerContents = peerPageContents(assertClean(peerSample, 'PostGraphile page') as never, peerSample.bytes);
    sides.push({ who: 'PostGraphile', url: peer.url, pid: peer.pid, headers: {}, body: JSON.stringify(peerRequest) });
  }
  const { measured, ratios } = await measureAlternating(sides, database, settings);
  const ours = measured[0];
  const peerFigures: NestedReadsFigures['peer'] =
    peer && peerContents ? { server: 'PostGraphile 5 (amber preset)', contents: peerContents, ...measured[1] } : { skipped: params.peerSkipped ?? 'PostGraphile was not started' };

  const peerLoad = 'load' in peerFigures ? peerFigures.load : null;
  const growth = statementGrowth(page10.map((r) => r.text), page100.map((r) => r.text));
  return {
    school: { code: school.code, enrolledToday: school.enrolledToday },
    pageSize: PAGE_SIZE,
    statements: {
      page10: page10.length,
      page100: page100.length,
      growsWithPage: growth.repeatedPerRow.length > 0,
      ...growth,
      page100Statements: page100.map((s) => briefSql(s.text)),
    },
    ours: { contents: ourContents, ...ours },
    peer: peerFigures,
    rounds: ROUNDS,
    roundRatios: ratios,
    throughputRatio: ratios.length ? Math.round(median(ratios) * 100) / 100 : null,
    p50Ratio: ratio(ours.load.latencyMs.p50, peerLoad?.latencyMs.p50),
  };
}
