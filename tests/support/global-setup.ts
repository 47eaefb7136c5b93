import { Client } from 'pg';
import { startEmbeddedPostgres } from '../../src/db/embedded';

/**
 * Provides the database the suite runs on, in TIERED_TEST_DB_URL: with TEST_DATABASE_URL a new,
 * uniquely named database on that server (dropped in teardown); otherwise an in-memory PGlite
 * behind its socket server, living for the run.
 */
export default async function globalSetup(): Promise<void> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) {
    const name = `tiered_test_${Date.now()}_${process.pid}`;
    const client = new Client({ connectionString: serverUrl });
    await client.connect();
    await client.query(`CREATE DATABASE ${name}`);
    await client.end();
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    await createSharedExtensions(url.toString());
    process.env.TIERED_TEST_DB_URL = url.toString();
    process.env.TIERED_TEST_DB_KIND = 'postgres';
    (globalThis as Record<string, unknown>).__tieredTeardown = async () => {
      const admin = new Client({ connectionString: serverUrl });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    };
  } else {
    const embedded = await startEmbeddedPostgres({ maxConnections: 64 });
    await createSharedExtensions(embedded.url);
    process.env.TIERED_TEST_DB_URL = embedded.url;
    process.env.TIERED_TEST_DB_KIND = 'pglite';
    (globalThis as Record<string, unknown>).__tieredTeardown = () => embedded.stop();
  }
}

/**
 * The extensions the migrations create, made once in `public` before any test file migrates its
 * own schema: test files migrate in parallel (a CREATE EXTENSION race), and an extension created by
 * one file's migration would land in that file's schema and be dropped with it.
 */
async function createSharedExtensions(url: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('CREATE EXTENSION IF NOT EXISTS btree_gist WITH SCHEMA public');
  } finally {
    await client.end();
  }
}
