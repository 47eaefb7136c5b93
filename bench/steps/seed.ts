import { currentSchoolYearStart } from '../../seeds/generate';
import { seedDemoDistrict, type DemoDistrictSummary } from '../../seeds/district';
import { createDataSource } from '../../src/db/data-source';
import { analyze, rowCounts } from '../database';

export interface SeedFigures {
  students: number;
  /** Generating and inserting the whole district (one transaction), as `npm run seed` does. */
  seedMs: number;
  /** VACUUM ANALYZE afterwards, so both servers plan with statistics (not part of seedMs). */
  analyzeMs: number;
  summary: Omit<DemoDistrictSummary, 'ms'>;
  rowCounts: Record<string, number>;
}

/**
 * Step 1: the synthetic district, year to date, into a freshly migrated database: the same
 * generator as `npm run seed` (same seed, same district), timed, then counted table by table.
 */
export async function seedStep(url: string, options: { students: number; seed: string; today: string }): Promise<SeedFigures> {
  const ds = createDataSource({ url, poolMax: 2, applicationName: 'tiered-bench-seed' });
  await ds.initialize();
  let summary: DemoDistrictSummary;
  const started = performance.now();
  try {
    summary = await ds.transaction((em) =>
      seedDemoDistrict(em, {
        students: options.students,
        seed: options.seed,
        schoolYearStartYear: currentSchoolYearStart(options.today),
        asOf: options.today,
      }),
    );
  } finally {
    await ds.destroy();
  }
  const seedMs = performance.now() - started;
  const analyzeStarted = performance.now();
  await analyze(url);
  const analyzeMs = performance.now() - analyzeStarted;
  const { ms: _ms, ...rest } = summary;
  return { students: options.students, seedMs, analyzeMs, summary: rest, rowCounts: await rowCounts(url) };
}
