import type { CpuPerUnit } from './cpu';
import type { BenchResults, StepOutcome } from './results';

/** The short table `npm run bench` prints at the end: one line per figure, the goal beside it. */
const n = (value: number | null | undefined, digits = 0) =>
  value == null ? '-' : value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const ms = (value: number | null | undefined) => (value == null ? '-' : `${n(value, value < 100 ? 1 : 0)} ms`);
const x = (value: number | null | undefined) => (value == null ? '-' : `${value.toFixed(2)}x`);
/** Older results files have no CPU figures. */
const cpuCell = (cpu: CpuPerUnit | undefined) =>
  cpu ? `${n(cpu.serverMs, 2)} (${n(cpu.serverKernelMs, 2)}) + ${n(cpu.databaseMs, 2)}` : '-';

type Row = [step: string, figure: string, value: string, goal: string];

function outcomeRows<T>(step: string, outcome: StepOutcome<T> | undefined, rows: (f: T) => Row[]): Row[] {
  if (!outcome) return [];
  if (outcome.status === 'skipped') return [[step, 'left out', outcome.reason, '']];
  if (outcome.status === 'failed') return [[step, 'FAILED', outcome.error.split('\n')[0].slice(0, 160), '']];
  return rows(outcome.figures);
}

const meets = (ok: boolean | null) => (ok == null ? '' : ok ? ' (met)' : ' (NOT met)');

export function formatTable(results: BenchResults): string {
  const s = results.steps;
  const rows: Row[] = [
    ...outcomeRows('1 Seed', s.seed, (f) => [
      ['1 Seed', 'students', n(f.students), ''],
      ['1 Seed', 'seeding time', ms(f.seedMs), ''],
      ['1 Seed', 'rows: enrollment, tier_placement, intervention_plan', [f.rowCounts.enrollment, f.rowCounts.tier_placement, f.rowCounts.intervention_plan].map((c) => n(c)).join(', '), ''],
      ['1 Seed', 'rows: intervention_session, attendance_day, attendance_action', [f.rowCounts.intervention_session, f.rowCounts.attendance_day, f.rowCounts.attendance_action].map((c) => n(c)).join(', '), ''],
    ]),
    ...outcomeRows('2 Rollup', s.rollup, (f) => [
      ['2 Rollup', `API p50 / p95 (${f.indicators} indicators x ${f.schools} schools, n=${f.iterations})`, `${ms(f.api.p50)} / ${ms(f.api.p95)}`, ''],
      ['2 Rollup', `floor p50 / p95 (${f.rollupStatements} statements)`, `${ms(f.floor.p50)} / ${ms(f.floor.p95)}`, ''],
      ['2 Rollup', 'API / floor (p50, p95)', `${x(f.ratioP50)}, ${x(f.ratioP95)}`, `<= 1.20x${meets(f.ratioP50 == null ? null : f.ratioP50 <= 1.2)}`],
    ]),
    ...outcomeRows('3 Nested reads', s.nestedReads, (f) => {
      const peer = 'load' in f.peer ? f.peer : null;
      return [
        ['3 Nested reads', `ours req/s, p50 / p99 (${f.pageSize} students, ${f.ours.load.connections} conn)`, `${n(f.ours.load.requestsPerSecond, 1)}, ${ms(f.ours.load.latencyMs.p50)} / ${ms(f.ours.load.latencyMs.p99)}`, ''],
        peer
          ? ['3 Nested reads', 'PostGraphile req/s, p50 / p99', `${n(peer.load.requestsPerSecond, 1)}, ${ms(peer.load.latencyMs.p50)} / ${ms(peer.load.latencyMs.p99)}`, '']
          : ['3 Nested reads', 'PostGraphile', 'skipped' in f.peer ? f.peer.skipped : '-', ''],
        [
          '3 Nested reads',
          `ours / PostGraphile req/s (median of ${f.rounds} alternating rounds${f.roundRatios.length ? `: ${f.roundRatios.map((r) => x(r)).join(', ')}` : ''})`,
          x(f.throughputRatio),
          `>= 1.00x${meets(f.throughputRatio == null ? null : f.throughputRatio >= 1)}`,
        ],
        ['3 Nested reads', 'CPU ms per request: ours server (kernel) + PostgreSQL', cpuCell(f.ours.cpu), ''],
        ...(peer ? [['3 Nested reads', 'CPU ms per request: PostGraphile (kernel) + PostgreSQL', cpuCell(peer.cpu), ''] as Row] : []),
        [
          '3 Nested reads',
          'SQL statements per request (10 / 100 students)',
          `${f.statements.page10} / ${f.statements.page100}${f.statements.onlyAt100.length ? ` (${f.statements.onlyAt100.length} at 100 only: relations the first 10 lack)` : ''}`,
          `none per row${meets(!f.statements.growsWithPage)}`,
        ],
      ];
    }),
    ...outcomeRows('4 Writes', s.writes, (f) =>
      (['interventionSessionLog', 'attendanceActionLog'] as const).map((name): Row => {
        const w = f[name];
        return 'skipped' in w
          ? ['4 Writes', name, w.skipped, '']
          : ['4 Writes', `${name} mutations/s, p99`, `${n(w.load.requestsPerSecond, 1)}, ${ms(w.load.latencyMs.p99)} (${n(w.auditRowsPerMutation, 1)} audit rows each)`, ''];
      }),
    ),
    ...outcomeRows('5 Import', s.import, (f) => [
      ['5 Import', `attendance rows/s (${n(f.rows)} rows, ${f.days} of ${f.yearDays} days)`, n(f.rowsPerSecond), ''],
      ['5 Import', `the year (${n(f.yearRows)} rows)${f.yearSecondsProjected ? ', projected' : ''}`, `${n(f.yearSeconds, 1)} s`, `< 60 s${meets(f.yearSeconds < 60)}`],
      ['5 Import', 'CPU us per row: the import (node) + PostgreSQL', f.cpuPerRowUs ? `${n(f.cpuPerRowUs.import, 1)} + ${n(f.cpuPerRowUs.database, 1)}` : '-', ''],
    ]),
    ...outcomeRows('6 Growth', s.growth, (f) => [
      ['6 Growth', `${f.factor}x district (${n(f.students)} students): seeding`, ms(f.seed.seedMs), ''],
      ...(f.rollup ? [['6 Growth', 'rollup API p50, floor p50 (grown / base)', `${x(f.ratios.rollupApiP50)}, ${x(f.ratios.rollupFloorP50)}`, `<= ${f.factor}x`] as Row] : []),
      ...(f.nestedReads
        ? [['6 Growth', 'nested reads p50, time per request (grown / base)', `${x(f.ratios.nestedReadsP50)}, ${x(f.ratios.nestedReadsTimePerRequest)}`, `<= ${f.factor}x`] as Row]
        : []),
      ...(f.ratios.peerNestedReadsP50 != null ? [['6 Growth', 'PostGraphile nested reads p50 (grown / base)', x(f.ratios.peerNestedReadsP50), ''] as Row] : []),
    ]),
    ...outcomeRows('7 Memory', s.memory, (f) => [
      ['7 Memory', 'our server RSS peak under step 3 (when the load began)', f.ours ? `${n(f.ours.peakMiB, 0)} MiB (${n(f.ours.startMiB, 0)})` : '-', ''],
      ...(f.peer ? [['7 Memory', 'PostGraphile RSS peak under step 3', `${n(f.peer.peakMiB, 0)} MiB`, ''] as Row] : []),
      ...(f.oursGrowth ? [['7 Memory', 'our server RSS peak under step 6', `${n(f.oursGrowth.peakMiB, 0)} MiB`, ''] as Row] : []),
    ]),
  ];
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i].length)));
  return rows
    .map((r, i) => {
      const line = `${r[0].padEnd(widths[0])}  ${r[1].padEnd(widths[1])}  ${r[2].padEnd(widths[2])}  ${r[3]}`.trimEnd();
      return i > 0 && rows[i - 1][0] !== r[0] ? `\n${line}` : line;
    })
    .join('\n');
}
