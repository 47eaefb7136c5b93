import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { applyAppRoleGrants } from '../../src/db/app-role';
import { createDataSource } from '../../src/db/data-source';

/** The least-privilege role the test servers run as (on PostgreSQL), like DB_APP_ROLE's default. */
export const TEST_APP_ROLE = 'tiered_app';

export interface TestDatabase {
  /** The schema owner's pool: migrations, fixtures, and tests that inject DDL. */
  ds: DataSource;
  /**
   * The pool the server under test uses: on PostgreSQL every connection runs as TEST_APP_ROLE (no
   * UPDATE/DELETE on the audit trails); on PGlite, whose connections share one session, it is `ds`.
   */
  appDs: DataSource;
  schema: string;
  onPglite: boolean;
  drop(): Promise<void>;
}

export function testDbUrl(): string {
  const url = process.env.TIERED_TEST_DB_URL;
  if (!url) throw new Error('TIERED_TEST_DB_URL is unset: run the tests through jest (globalSetup provides it)');
  return url;
}

/**
 * A schema of this test file's own, migrated (unless `migrate: false`), dropped by `drop()`.
 * On PostgreSQL each connection selects it through its startup options; PGlite runs every
 * connection in one session, so a plain SET does the same there (files run one at a time).
 */
export async function createTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const url = testDbUrl();
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const onPglite = process.env.TIERED_TEST_DB_KIND === 'pglite';
  const admin = new Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const ds = createDataSource({ url, schema, poolMax: 8, applicationName: schema });
  await ds.initialize();
  if (onPglite) await ds.query(`SET search_path TO ${schema}`);
  if (options.migrate !== false) await ds.runMigrations({ transaction: 'each' });
  await applyAppRoleGrants(ds, TEST_APP_ROLE, { memberIsMigrator: true });
  let appDs = ds;
  if (!onPglite) {
    // One logger for both pools: tests that count the statements behind a request spy on `ds.logger`.
    appDs = createDataSource({ url, schema, poolMax: 8, applicationName: schema, role: TEST_APP_ROLE, logger: ds.logger });
    await appDs.initialize();
  }
  return {
    ds,
    appDs,
    schema,
    onPglite,
    async drop() {
      if (appDs !== ds && appDs.isInitialized) await appDs.destroy();
      await ds.query(`DROP SCHEMA ${schema} CASCADE`);
      if (onPglite) await ds.query('SET search_path TO public');
      await ds.destroy();
    },
  };
}
