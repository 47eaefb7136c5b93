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
  const db = await openDatabase(config);
  try {
    const [{ count }] = await db.ds.query('SELECT count(*)::int AS count FROM school');
    if (count > 0) throw new Error(`the database already has ${count} schools; seed into an empty database`);
    const summary = await db.ds.transaction((em) => seedDemoDistrict(em, options));
    process.stdout.write(`${formatSummary(summary)}\n`);
  } finally {
    await db.close();
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
