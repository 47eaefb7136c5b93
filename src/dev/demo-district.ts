import type { DataSource } from 'typeorm';
import { todayIn } from '../common/dates';
import { seedDemoDistrict, type DemoDistrictSummary } from '../../seeds/district';
import { currentSchoolYearStart } from '../../seeds/generate';

export const DEMO_SEED = 'tiered-demo';
export const DEMO_STUDENTS = 2000;

/**
 * Seeds the demo district into an empty embedded database, once: a database that already has
 * schools (the user's own data, or an earlier seed) is left alone.
 */
export async function ensureDemoDistrict(ds: DataSource, timeZone: string): Promise<DemoDistrictSummary | null> {
  const [{ count }] = await ds.query('SELECT count(*)::int AS count FROM school');
  if (count > 0) return null;
  const today = todayIn(timeZone);
  const year = currentSchoolYearStart(today);
  const summary = await ds.transaction((em) => seedDemoDistrict(em, { students: DEMO_STUDENTS, seed: DEMO_SEED, schoolYearStartYear: year, asOf: today }));
  // Statistics for the district just loaded, so the first dashboards are planned on real counts.
  await ds.query('ANALYZE');
  return summary;
}
