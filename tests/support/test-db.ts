import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../src/db/data-source';

export interface TestDatabase {
  ds: DataSource;
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
  return {
    ds,
    schema,
    onPglite,
    async drop() {
      await ds.query(`DROP SCHEMA ${schema} CASCADE`);
      if (onPglite) await ds.query('SET search_path TO public');
      await ds.destroy();
    },
  };
}
