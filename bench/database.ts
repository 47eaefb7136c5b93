import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { quoteIdent } from '../src/common/sql-text';
import { createDataSource } from '../src/db/data-source';

/**
 * The bench's databases. Every run works in fresh, uniquely named databases on the server that
 * DATABASE_URL points at (never in the database the URL names, and never in the embedded PGlite:
 * a single-process, in-memory PostgreSQL 18 says nothing about a PostgreSQL 15 deployment), so a
 * run cannot touch anyone's data and two runs cannot collide.
 */
export class BenchConfigError extends Error {}

/** The server to create bench databases on, from DATABASE_URL; refuses to run without one. */
export function requireServerUrl(env: NodeJS.ProcessEnv = process.env): URL {
  const raw = env.DATABASE_URL;
  if (!raw) {
    throw new BenchConfigError(
      'npm run bench needs a real PostgreSQL: set DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/postgres).\n' +
        'It refuses to run on the embedded database (PGlite): figures from an in-process PostgreSQL 18 say nothing about production.\n' +
        'The bench creates its own uniquely named databases on that server and drops them at the end (--keep keeps them).',
    );
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new BenchConfigError('DATABASE_URL is not a URL');
  }
  if (!['postgres:', 'postgresql:'].includes(url.protocol)) throw new BenchConfigError('DATABASE_URL must be a postgres:// URL');
  return url;
}

/** A unique, lower-case, identifier-safe name: tiered_bench_<date>_<time>_<random>. */
export function benchDatabaseName(now: Date = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '_').slice(0, 15).toLowerCase();
  return `tiered_bench_${stamp}_${randomBytes(3).toString('hex')}`;
}

/** The URL of another database on the same server (same credentials and options). */
export function urlFor(server: URL, database: string): string {
  const url = new URL(server.toString());
  url.pathname = `/${database}`;
  return url.toString();
}

/** Credentials hidden, for what the bench prints and records. */
export function redact(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}


async function onServer<T>(server: URL, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: server.toString(), application_name: 'tiered-bench' });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Creates the database and applies the app's migrations to it (the same ones production runs). */
export async function createMigratedDatabase(server: URL, name: string): Promise<string> {
  await onServer(server, (c) => c.query(`CREATE DATABASE ${quoteIdent(name)}`));
  const url = urlFor(server, name);
  const ds = createDataSource({ url, poolMax: 2, applicationName: 'tiered-bench-migrate' });
  await ds.initialize();
  try {
    await ds.runMigrations({ transaction: 'each' });
  } finally {
    await ds.destroy();
  }
  return url;
}

/** Drops a bench database, cutting any connection still open to it (PostgreSQL 13+). */
export async function dropDatabase(server: URL, name: string): Promise<void> {
  if (!name.startsWith('tiered_bench_')) throw new Error(`refusing to drop ${name}: not a bench database`);
  await onServer(server, (c) => c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`));
}

/** Exact row counts of every table of the app's schema, largest first. */
export async function rowCounts(url: string): Promise<Record<string, number>> {
  const client = new Client({ connectionString: url, application_name: 'tiered-bench' });
  await client.connect();
  try {
    const { rows: tables } = await client.query<{ name: string }>(
      `SELECT table_name AS name FROM information_schema.tables
        WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'migrations' ORDER BY 1`,
    );
    const counts: [string, number][] = [];
    for (const { name } of tables) {
      const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${quoteIdent(name)}`);
      counts.push([name, Number(rows[0].n)]);
    }
    return Object.fromEntries(counts.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])));
  } finally {
    await client.end();
  }
}

/** Refreshes the planner's statistics after a bulk load, as an operator would after an import. */
export async function analyze(url: string): Promise<void> {
  const client = new Client({ connectionString: url, application_name: 'tiered-bench' });
  await client.connect();
  try {
    await client.query('VACUUM ANALYZE');
  } finally {
    await client.end();
  }
}
