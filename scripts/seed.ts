// npm run seed -- --students <N> --seed <S> [--year <Y>]: a synthetic district, its records up to today,
// into an empty database.
import 'reflect-metadata';
import { todayIn } from '../src/common/dates';
import { loadConfig } from '../src/config';
import { openDatabase } from '../src/db/database';
import { formatSummary, parseSeedArgs } from '../seeds/cli';
import { seedDemoDistrict } from '../seeds/district';

async function main() {
  const config = loadConfig({ ...process.env, JWT_SECRET: process.env.JWT_SECRET ?? 'x'.repeat(32) });
  const today = todayIn(config.timeZone);
  const options = { ...parseSeedArgs(process.argv.slice(2), today), asOf: today };
  // As the schema owner: loading a district is an administrator's job, and ANALYZE needs the owner.
  const db = await openDatabase(config, { owner: true });
  try {
    const [{ count }] = await db.ds.query('SELECT count(*)::int AS count FROM school');
    if (count > 0) throw new Error(`the database already has ${count} schools; seed into an empty database`);
    const summary = await db.ds.transaction((em) => seedDemoDistrict(em, options));
    // Fresh statistics: the planner would otherwise cost the rollups on an empty district's.
    await db.ds.query('ANALYZE');
    process.stdout.write(`${formatSummary(summary)}\n`);
  } finally {
    await db.close();
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
