// npm run import -- <kind> <path> [--as <email>] [--rejects <file>] [--batch <rows>] [--categories <file.json>]
// kinds: oneroster (a folder or zip with manifest.csv), screening, attendance, annual-measures.
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { StaffRole } from '../src/common/auth/roles';
import { todayIn } from '../src/common/dates';
import { loadConfig } from '../src/config';
import { buildContext, type ViewerContext } from '../src/context';
import { openDatabase } from '../src/db/database';
import { createLogger } from '../src/logger';
import { KIND_NAMES } from '../src/modules/import/import-kind';
import { importRunService } from '../src/modules/import/import-run.service';
import { terminalProgress } from '../src/modules/import/progress';
import { staffService } from '../src/modules/staff/staff.service';
import { parseFlags } from './flags';

const USAGE = `usage: npm run import -- <${Object.keys(KIND_NAMES).join('|')}> <path> [--as <admin email>] [--rejects <file.csv>] [--batch <rows>] [--categories <file.json>]`;

async function main() {
  const [kindName, target, ...rest] = process.argv.slice(2);
  const kind = KIND_NAMES[kindName ?? ''];
  if (!kind || !target || target.startsWith('--')) throw new Error(USAGE);
  const flags = parseFlags(rest, { as: 'string', rejects: 'string', batch: { int: [1, 400_000] }, categories: 'string' });
  const config = loadConfig({ ...process.env, JWT_SECRET: process.env.JWT_SECRET ?? 'x'.repeat(32) });
  const today = todayIn(config.timeZone);
  const db = await openDatabase(config);
  try {
    // Imports write as a district admin, so every change is scoped and audited under a person.
    const [admin]: { id: string; email: string }[] = flags.as
      ? await db.ds.query(`SELECT id, email FROM staff_user WHERE email = $1 AND role = 'DISTRICT_ADMIN' AND active`, [String(flags.as).toLowerCase()])
      : await db.ds.query(`SELECT id, email FROM staff_user WHERE role = 'DISTRICT_ADMIN' AND active ORDER BY created_at, email LIMIT 1`);
    if (!admin) throw new Error(flags.as ? `no active district admin ${flags.as}` : 'no active district admin to run the import as; create one first');
    const viewer = await staffService.loadViewer({ db: db.ds, today }, admin.id);
    if (!viewer || viewer.role !== StaffRole.DISTRICT_ADMIN) throw new Error(`${admin.email} cannot run imports`);
    const ctx = buildContext({ db: db.ds, viewer, today, log: createLogger(config.logLevel) }) as ViewerContext;
    const absolute = path.resolve(target);
    const rejectsFile = flags.rejects ? path.resolve(String(flags.rejects)) : `${absolute.replace(/(\.csv|\.zip)$/i, '').replace(/[\\/]+$/, '')}.rejected.csv`;
    const categories = flags.categories ? readCategories(String(flags.categories)) : undefined;
    process.stdout.write(`Importing ${kindName} from ${absolute} as ${admin.email}\n`);
    const started = Date.now();
    const result = await importRunService.run(ctx, kind, absolute, {
      batchSize: flags.batch as number | undefined,
      rejectsFile,
      progress: terminalProgress(),
      attendanceCategories: categories,
    });
    if (process.stdout.isTTY) process.stdout.write('\n');
    const s = result.summary;
    const seconds = (Date.now() - started) / 1000;
    process.stdout.write(`${result.status} in ${seconds.toFixed(1)} s (${Math.round(s.rows / Math.max(seconds, 0.001)).toLocaleString('en-US')} rows/s): `
      + `${s.rows} rows, ${s.created} created, ${s.updated} updated, ${s.unchanged} unchanged, ${s.rejected} rejected, ${s.skipped} skipped\n`);
    for (const e of s.entities) {
      process.stdout.write(`  ${e.entity.padEnd(22)} created ${e.created}, updated ${e.updated}, unchanged ${e.unchanged}, rejected ${e.rejected}, skipped ${e.skipped}\n`);
    }
    if (result.rejects.count) process.stdout.write(`Rejected rows (file,row,column,reason): ${rejectsFile}\n`);
    if (result.message) process.stderr.write(`${result.message}\n`);
    if (result.error) process.stderr.write(`${result.error instanceof Error ? result.error.stack : String(result.error)}\n`);
    process.exitCode = result.status === 'SUCCEEDED' ? 0 : 1;
  } finally {
    await db.close();
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

/** The district's extra attendance category names: a JSON object of name -> Ed-Fi category. */
function readCategories(file: string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`--categories ${file}: ${error instanceof SyntaxError ? 'is not valid JSON' : 'cannot be read'} (${error instanceof Error ? error.message : String(error)})`);
  }
  const valid = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) && Object.values(parsed).every((v) => typeof v === 'string');
  if (!valid) throw new Error(`--categories ${file}: must be a JSON object mapping each name to an Ed-Fi category, like {"AB": "UNEXCUSED_ABSENCE"}`);
  return parsed as Record<string, string>;
}
