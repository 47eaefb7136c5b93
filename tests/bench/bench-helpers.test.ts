// The benchmark's pure helpers (npm run bench is a script, not a test: no timing is asserted here).
import { backendDatabase, cpuPer, cpuSnapshot } from '../../bench/cpu';
import { parseBenchArgs } from '../../bench/args';
import { bodyProblem, type LoadFigures } from '../../bench/load';
import { mergeCpu, mergeRounds, median } from '../../bench/rounds';
import { startNodeFlags } from '../../bench/server/api-server';
import { percentile, ratio, summarize } from '../../bench/stats';
import { statementGrowth, statementShape } from '../../bench/steps/statement-growth';
import { sessionGroups } from '../../bench/steps/write-inputs';

describe('percentile (nearest rank)', () => {
  it('returns a measured value: the smallest with at least p% at or below it', () => {
    const sample = [15, 20, 35, 40, 50];
    expect(percentile(sample, 5)).toBe(15);
    expect(percentile(sample, 30)).toBe(20);
    expect(percentile(sample, 40)).toBe(20);
    expect(percentile(sample, 50)).toBe(35);
    expect(percentile(sample, 100)).toBe(50);
    expect(percentile([3, 1, 2], 0)).toBe(1);
  });

  it('does not depend on the order of the sample', () => {
    expect(percentile([50, 15, 40, 35, 20], 95)).toBe(50);
  });

  it('refuses an empty sample and a percentile outside 0-100', () => {
    expect(() => percentile([], 50)).toThrow(RangeError);
    expect(() => percentile([1], 101)).toThrow(RangeError);
    expect(() => percentile([1], Number.NaN)).toThrow(RangeError);
  });
});

describe('summarize and ratio', () => {
  it('gives p50/p95/p99, min, max and mean rounded to 0.01', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(summarize(values)).toEqual({ n: 100, p50: 50, p95: 95, p99: 99, min: 1, max: 100, mean: 50.5 });
  });

  it('has no ratio without both sides or with a zero denominator', () => {
    expect(ratio(3, 2)).toBe(1.5);
    expect(ratio(1, 3)).toBe(0.33);
    expect(ratio(null, 2)).toBeNull();
    expect(ratio(2, 0)).toBeNull();
  });
});

describe('parseBenchArgs', () => {
  it('defaults to Hartford scale and shrinks everything with --quick', () => {
    expect(parseBenchArgs([])).toMatchObject({ quick: false, students: 20_874, keep: false, connections: 10, importDays: 10 });
    expect(parseBenchArgs(['--quick'])).toMatchObject({ quick: true, students: 2_000, importDays: 5 });
  });

  it('runs one step alone with --only import or nested, and refuses any other step', () => {
    expect(parseBenchArgs([]).only).toBeNull();
    expect(parseBenchArgs(['--only', 'import']).only).toBe('import');
    expect(parseBenchArgs(['--only=nested', '--quick']).only).toBe('nested');
    expect(() => parseBenchArgs(['--only', 'rollup'])).toThrow(/--only must be one of import, nested/);
    expect(() => parseBenchArgs(['--only'])).toThrow(/--only needs a value/);
  });

  it('takes values inline or as the next argument, and "all" import days', () => {
    expect(parseBenchArgs(['--students=5000', '--keep', '--duration', '7', '--import-days', 'all'])).toMatchObject({
      students: 5000,
      keep: true,
      durationSeconds: 7,
      importDays: null,
    });
  });

  it('refuses unknown flags, missing values and numbers out of range by name', () => {
    expect(() => parseBenchArgs(['--fast'])).toThrow(/unknown argument "--fast"/);
    expect(() => parseBenchArgs(['--students'])).toThrow(/--students needs a value/);
    expect(() => parseBenchArgs(['--students', '12'])).toThrow(/--students must be from 100/);
    expect(() => parseBenchArgs(['--quick=yes'])).toThrow(/--quick takes no value/);
  });
});

describe('startNodeFlags', () => {
  it("gives the bench's server the node flags npm start runs the API with", () => {
    const flags = startNodeFlags();
    expect(flags).toContain('--max-semi-space-size=32');
    for (const flag of flags) expect(flag).toMatch(/^--[a-z-]+(=\S+)?$/);
  });
});

describe('bodyProblem', () => {
  it('counts a GraphQL 200 with errors as a failure, unlike autocannon', () => {
    expect(bodyProblem(200, '{"data":{"x":1}}', false)).toBeNull();
    expect(bodyProblem(200, '{"errors":[{"message":"no"}],"data":null}', false)).toBe('graphqlErrors');
    expect(bodyProblem(400, '{"errors":[]}', false)).toBe('non200');
  });

  it('requires an empty userErrors list from a mutation payload', () => {
    expect(bodyProblem(200, '{"data":{"m":{"userErrors":[]}}}', true)).toBeNull();
    expect(bodyProblem(200, '{"data":{"m":{"userErrors":[{"code":"INVALID"}]}}}', true)).toBe('userErrors');
  });
});

describe('sessionGroups', () => {
  const plan = (id: string, interventionistId: string, startDate: string, plannedEndDate: string, schoolId = 's1') => ({
    id,
    interventionistId,
    schoolId,
    startDate,
    plannedEndDate,
  });

  it('groups at most four plans of one interventionist and school, dated inside every plan and not after today', () => {
    const groups = sessionGroups(
      [
        plan('a', 'i1', '2026-09-01', '2026-12-01'),
        plan('b', 'i1', '2026-09-10', '2026-11-20'),
        plan('c', 'i1', '2026-09-05', '2026-12-15'),
        plan('d', 'i1', '2026-09-02', '2026-12-15'),
        plan('e', 'i1', '2026-09-02', '2026-12-15'),
        plan('f', 'i2', '2026-10-01', '2026-12-15'),
        plan('g', 'i2', '2026-10-01', '2026-12-15', 's2'),
      ],
      '2026-11-27',
    );
    expect(groups).toEqual([
      { planIds: ['a', 'b', 'c', 'd'], from: '2026-09-10', to: '2026-11-20' },
      { planIds: ['e'], from: '2026-09-02', to: '2026-11-27' },
      { planIds: ['f'], from: '2026-10-01', to: '2026-11-27' },
      { planIds: ['g'], from: '2026-10-01', to: '2026-11-27' },
    ]);
  });

  it('leaves out a group whose plans share no day up to today', () => {
    expect(sessionGroups([plan('a', 'i1', '2026-12-01', '2027-01-01')], '2026-11-27')).toEqual([]);
  });
});

describe('statementGrowth', () => {
  it('folds parameter lists, so a batch of 10 keys and one of 100 are the same statement', () => {
    expect(statementShape('SELECT * FROM t WHERE id IN ($1, $2,  $3) AND x = $4')).toBe('SELECT * FROM t WHERE id IN ($*) AND x = $*');
    expect(statementShape('SELECT * FROM s ORDER BY name LIMIT 101 OFFSET 20')).toBe('SELECT * FROM s ORDER BY name LIMIT * OFFSET *');
  });

  it('flags a statement run per row, not one that only the bigger page needed', () => {
    const load = (ids: number) => `SELECT * FROM plan WHERE student_id IN (${Array.from({ length: ids }, (_, i) => `$${i + 1}`).join(', ')})`;
    expect(statementGrowth(['SELECT viewer', load(10)], ['SELECT viewer', load(100), 'SELECT staff WHERE id IN ($1, $2)'])).toEqual({
      repeatedPerRow: [],
      onlyAt100: ['SELECT staff WHERE id IN ($*)'],
    });
    const perRow = Array.from({ length: 3 }, () => 'SELECT staff WHERE id = $1');
    expect(statementGrowth(['SELECT staff WHERE id = $1'], perRow).repeatedPerRow).toEqual(['3x SELECT staff WHERE id = $*']);
  });
});

describe('cpuSnapshot and cpuPer', () => {
  it("reads a process's CPU from /proc and divides the difference by the requests", () => {
    const before = cpuSnapshot(process.pid, 'no_such_bench_database');
    // Spins until node itself counts 50 ms of CPU (not wall time: the machine may be busy).
    const start = process.cpuUsage();
    const spent = () => { const d = process.cpuUsage(start); return (d.user + d.system) / 1000; };
    while (spent() < 50);
    const after = cpuSnapshot(process.pid, 'no_such_bench_database');
    // /proc counts in clock ticks (10 ms here): at least 50 ms less one tick.
    expect(after.serverMs! - before.serverMs!).toBeGreaterThanOrEqual(40);
    expect(after.databaseMs).toBe(0);
    const per = cpuPer(before, after, 2);
    expect(per.serverMs).toBeCloseTo((after.serverMs! - before.serverMs!) / 2, 1);
    expect(per.serverKernelMs).toBeGreaterThanOrEqual(0);
  });

  it("finds a backend's database in its process title, with or without a cluster name", () => {
    expect(backendDatabase('postgres: 15/main: postgres tiered_bench_x_main 127.0.0.1(51298) SELECT')).toBe('tiered_bench_x_main');
    expect(backendDatabase('postgres: app tiered 10.0.0.7(40112) idle')).toBe('tiered');
    expect(backendDatabase('postgres: 15/main: checkpointer ')).toBeNull();
    expect(backendDatabase('postgres: 15/main: autovacuum launcher')).toBe(null);
    expect(backendDatabase('node dist/src/main.js')).toBeNull();
  });

  it('has no server figure when the process is gone or nothing was served', () => {
    const gone = cpuSnapshot(2 ** 22 + 7, 'no_such_bench_database');
    expect(gone.serverMs).toBeNull();
    const snapshot = { serverMs: 10, serverKernelMs: 1, databaseMs: 5 };
    expect(cpuPer(snapshot, { serverMs: 20, serverKernelMs: 2, databaseMs: 9 }, 0)).toEqual({ serverMs: null, serverKernelMs: null, databaseMs: 0 });
    expect(cpuPer(snapshot, { serverMs: 20, serverKernelMs: 2, databaseMs: 9 }, 4)).toEqual({ serverMs: 2.5, serverKernelMs: 0.25, databaseMs: 1 });
  });

  it('adds the database up backend by backend: a backend that closed takes nothing off', () => {
    const before = { serverMs: 10, serverKernelMs: 1, databaseMs: 1_000, backends: new Map([[11, 400], [12, 600]]) };
    // Backend 12 (another pool's, idle) closed; 11 worked 30 ms; 13 opened and worked 10 ms.
    const after = { serverMs: 20, serverKernelMs: 2, databaseMs: 440, backends: new Map([[11, 430], [13, 10]]) };
    expect(cpuPer(before, after, 4).databaseMs).toBe(10);
  });
});

describe('alternating rounds', () => {
  const load = (requests: number, durationSeconds: number, p50: number, mean: number, max: number, extra: Partial<LoadFigures> = {}): LoadFigures => ({
    connections: 10, durationSeconds, requests, requestsPerSecond: requests / durationSeconds,
    latencyMs: { p50, p90: p50 * 2, p99: p50 * 3, mean, max },
    clean: requests, graphqlErrors: 0, userErrors: 0, non200: 0, connectionErrors: 0, timeouts: 0, ...extra,
  });

  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow(RangeError);
  });

  it('adds rounds up: requests over the whole time, median percentiles, weighted mean, largest maximum, every error', () => {
    const merged = mergeRounds([load(500, 5, 60, 62, 140), load(1000, 5, 40, 45, 90, { timeouts: 1, firstProblem: 'late' }), load(600, 5, 50, 52, 300)]);
    expect(merged.requests).toBe(2100);
    expect(merged.durationSeconds).toBe(15);
    expect(merged.requestsPerSecond).toBe(140);
    expect(merged.latencyMs).toEqual({ p50: 50, p90: 100, p99: 150, mean: Math.round(((500 * 62 + 1000 * 45 + 600 * 52) / 2100) * 100) / 100, max: 300 });
    expect(merged.timeouts).toBe(1);
    expect(merged.firstProblem).toBe('late');
  });

  it('weights CPU per request by each round\'s requests, and has none when a round has none', () => {
    expect(mergeCpu([{ cpu: { serverMs: 6, serverKernelMs: 0.4, databaseMs: 3 }, requests: 100 }, { cpu: { serverMs: 4, serverKernelMs: 0.2, databaseMs: 2 }, requests: 300 }]))
      .toEqual({ serverMs: 4.5, serverKernelMs: 0.25, databaseMs: 2.25 });
    expect(mergeCpu([{ cpu: { serverMs: null, serverKernelMs: null, databaseMs: 1 }, requests: 10 }]).serverMs).toBeNull();
  });
});
