// npm run migrate [-- --revert]: applies pending migrations (or reverts the last one).
import 'reflect-metadata';
import { loadConfig } from '../src/config';
import { applyAppRoleGrants } from '../src/db/app-role';
import { openDatabase } from '../src/db/database';

async function main() {
  const revert = process.argv.includes('--revert');
  const config = loadConfig({ ...process.env, JWT_SECRET: process.env.JWT_SECRET ?? 'x'.repeat(32) });
  const db = await openDatabase(config, { migrate: false, owner: true });
  try {
    if (revert) {
      await db.ds.undoLastMigration({ transaction: 'each' });
      process.stdout.write('reverted the last migration\n');
    } else {
      const applied = await db.ds.runMigrations({ transaction: 'each' });
      if (db.kind === 'postgres' && config.dbAppRole) await applyAppRoleGrants(db.ds, config.dbAppRole, { memberIsMigrator: !config.migrationDatabaseUrl });
      process.stdout.write(applied.length ? `applied: ${applied.map((m) => m.name).join(', ')}\n` : 'up to date\n');
    }
  } finally {
    await db.close();
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
