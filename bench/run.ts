// npm run bench -- [--quick] [--students N] [--keep] ...: the speed benchmark (issue 9). Real
// PostgreSQL only (DATABASE_URL); fresh databases per run; figures to stdout and bench/results/.
// What each step measures and why: bench/README.md.
import 'reflect-metadata';
import os from 'node:os';
import { Client } from 'pg';
import { todayIn } from '../src/common/dates';
import { ConfigError, loadConfig } from '../src/config';
import { BenchUsageError, parseBenchArgs } from './args';
import { BenchConfigError, redact, requireServerUrl } from './database';
import { BenchRun } from './bench-run';
import { formatTable } from './report';
import { writeResults, type BenchResults, type StepOutcome } from './results';
import { probeIndicators } from './seams/indicators';
import { loadAttendanceImport } from './seams/import';
import { growthRatios, type GrowthFigures } from './steps/growth';
import { importStep, type ImportFigures } from './steps/import';
import { nestedReadsStep, type NestedReadsFigures } from './steps/nested-reads';
import { rollupStep, type RollupFigures } from './steps/rollup';
import { seedStep } from './steps/seed';
import { writesStep } from './steps/writes';
import { benchTokens } from './tokens';

const say = (line: string) => process.stdout.write(`${line}\n`);

/** Runs a step, timing it and keeping its figures or its error; a failed step does not stop the run. */
async function step<T>(name: string, fn: () => Promise<T>): Promise<StepOutcome<T>> {
  say(`- ${name}...`);
  const loadAverage = os.loadavg().map((l) => Math.round(l * 100) / 100);
  const started = performance.now();
  try {
    const figures = await fn();
    const ms = performance.now() - started;
    say(`  done in ${(ms / 1000).toFixed(1)} s`);
    return { status: 'ok', ms, loadAverage, figures };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    say(`  FAILED: ${message}`);
    return { status: 'failed', ms: performance.now() - started, error: message };
  }
}

const skipped = (reason: string): StepOutcome<never> => {
  say(`- left out: ${reason}`);
  return { status: 'skipped', reason };
};

const figuresOf = <T>(outcome: StepOutcome<T> | undefined): T | undefined => (outcome?.status === 'ok' ? outcome.figures : undefined);

async function postgresVersion(url: string): Promise<string> {
  const client = new Client({ connectionString: url, application_name: 'tiered-bench' });
  await client.connect();
  try {
    return (await client.query<{ v: string }>(`SELECT current_setting('server_version') AS v`)).rows[0].v;
  } finally {
    await client.end();
  }
}

async function main(): Promise<number> {
  const options = parseBenchArgs(process.argv.slice(2));
  const server = requireServerUrl();
  const config = loadConfig();
  const today = todayIn(config.timeZone);
  const run = new BenchRun(server, options, config);
  process.once('exit', () => run.killServers());
  process.once('SIGINT', () => {
    say('\ninterrupted: stopping servers and dropping the bench databases');
    void run.cleanup().finally(() => process.exit(130));
  });

  const results: BenchResults = {
    benchmark: 'tiered',
    date: today,
    startedAt: new Date().toISOString(),
    options,
    environment: {
      node: process.version,
      cpus: os.cpus().length,
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      postgres: await postgresVersion(server.toString()),
      server: redact(server.toString()),
      apiLogLevel: process.env.LOG_LEVEL ?? 'info',
      loadAverageAtStart: os.loadavg(),
    },
    steps: {},
  };
  say(`Tiered bench${options.quick ? ' (quick)' : ''}: ${options.students.toLocaleString('en-US')} students, PostgreSQL ${results.environment.postgres} at ${results.environment.server}`);
  const [load] = os.loadavg();
  if (load > os.cpus().length) say(`  note: the machine is busy (load ${load.toFixed(1)} on ${os.cpus().length} CPUs): the figures will be noisy`);

  /** Step 5 on its own database (a roster seeded by the step itself): --only import runs just this. */
  const importOutcome = async (): Promise<StepOutcome<ImportFigures>> => {
    const attendanceImport = loadAttendanceImport();
    return typeof attendanceImport === 'string'
      ? skipped(`step 5 (import) needs the import module: ${attendanceImport}`)
      : step('5 import a year of attendance', async () => {
          if (attendanceImport instanceof Error) throw attendanceImport;
          const url = await run.database('import');
          try {
            return await importStep({ databaseUrl: url, students: options.students, seed: options.seed, today, dbPoolMax: config.dbPoolMax, days: options.importDays ?? undefined });
          } finally {
            await run.release('import');
          }
        });
  };

  try {
    if (options.only === 'import') results.steps.import = await importOutcome();
    else {
      const peerInstall = options.skipPeer ? null : run.installPeer();
      const indicators = probeIndicators();
      const mainUrl = await run.database('main');
      results.steps.seed = await step('1 seed', () => seedStep(mainUrl, { students: options.students, seed: options.seed, today }));
      if (results.steps.seed.status !== 'ok') throw new Error('seeding failed: nothing to measure');

      const peer = await run.peerStatus(peerInstall);
      if (peer.install) results.environment.peer = { postgraphile: peer.install.versions.postgraphile, node: peer.install.nodeVersion };
      const base: { rollup?: RollupFigures; nestedReads?: NestedReadsFigures } = {};
      await run.withServers(mainUrl, peer.ready, async (api, postgraphile) => {
        const tokens = await benchTokens(mainUrl, config);
        results.steps.nestedReads = await step('3 nested reads vs PostGraphile (and 7 memory)', () =>
          nestedReadsStep({ api, peer: postgraphile, peerSkipped: peer.reason, token: tokens.districtLead, databaseUrl: mainUrl, today, settings: run.loadSettings }),
        );
        base.nestedReads = figuresOf(results.steps.nestedReads);
        if (options.only === 'nested') return;
        results.steps.rollup =
          'reason' in indicators
            ? skipped(`step 2 (rollup vs floor) needs the indicators module: ${indicators.reason}`)
            : await step('2 rollup vs floor', async () => {
                if ('error' in indicators) throw new Error(indicators.error);
                return rollupStep({ api, token: tokens.districtLead, databaseUrl: mainUrl, ...run.rollupSettings });
              });
        base.rollup = figuresOf(results.steps.rollup);
        results.steps.writes = await step('4 writes', () => writesStep({ api, adminToken: tokens.districtAdmin, databaseUrl: mainUrl, today, settings: run.loadSettings }));
      });

      if (options.only !== 'nested') results.steps.import = await importOutcome();

      if (options.only === 'nested') results.steps.growth = skipped('step 6 (growth): --only nested');
      else if (options.skipGrowth) results.steps.growth = skipped('step 6 (growth): --skip-growth');
      else if (!base.rollup && !base.nestedReads) results.steps.growth = skipped('step 6 (growth): neither step 2 nor step 3 ran');
      else {
        results.steps.growth = await step(`6 growth (${options.growthFactor}x)`, async () => {
          const students = options.students * options.growthFactor;
          const url = await run.database('growth');
          const seeded = await seedStep(url, { students, seed: options.seed, today });
          const grown: { rollup?: RollupFigures; nestedReads?: NestedReadsFigures } = {};
          // --quick leaves PostGraphile out of the repeat: the step is about our growth, and time is short.
          const withPeer = peer.ready && !options.quick;
          await run.withServers(url, withPeer, async (api, postgraphile) => {
            const tokens = await benchTokens(url, config);
            if (base.nestedReads) grown.nestedReads = await nestedReadsStep({ api, peer: postgraphile, peerSkipped: withPeer ? peer.reason : 'left out of the repeat with --quick', token: tokens.districtLead, databaseUrl: url, today, settings: run.loadSettings });
            if (base.rollup) grown.rollup = await rollupStep({ api, token: tokens.districtLead, databaseUrl: url, ...run.rollupSettings });
          });
          await run.release('growth');
          return {
            factor: options.growthFactor,
            students,
            seed: { seedMs: seeded.seedMs, analyzeMs: seeded.analyzeMs, rowCounts: seeded.rowCounts },
            ...grown,
            ratios: growthRatios(base, grown),
          } satisfies GrowthFigures;
        });
      }

      const grownReads = figuresOf(results.steps.growth)?.nestedReads;
      results.steps.memory = base.nestedReads
        ? {
            status: 'ok',
            ms: 0,
            loadAverage: [],
            figures: {
              ours: base.nestedReads.ours.rss,
              peer: 'rss' in base.nestedReads.peer ? base.nestedReads.peer.rss : null,
              oursGrowth: grownReads?.ours.rss ?? null,
            },
          }
        : skipped('step 7 (memory) is sampled during step 3, which did not run');
    }
  } catch (error) {
    // Whatever stopped the run (seeding failed, a server would not start) is recorded with the figures so far.
    results.error = error instanceof Error ? error.message : String(error);
    say(`\nthe run stopped: ${results.error}`);
  } finally {
    await run.cleanup();
  }

  results.finishedAt = new Date().toISOString();
  const file = writeResults(results);
  say(`\n${formatTable(results)}\n\nFigures: ${file}`);
  return results.error || Object.values(results.steps).some((s) => s?.status === 'failed') ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    const known = error instanceof BenchConfigError || error instanceof ConfigError || error instanceof BenchUsageError;
    const hint = error instanceof ConfigError ? '\n(the bench signs real tokens and runs the server with the same settings)' : '';
    process.stderr.write(`${known ? '' : 'bench failed: '}${error instanceof Error ? (known ? error.message : error.stack) : String(error)}${hint}\n`);
    process.exit(known ? 2 : 1);
  },
);
