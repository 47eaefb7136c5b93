import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../config';
import { applyAppRoleGrants } from './app-role';
import { createDataSource, postgresSessionSettings } from './data-source';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded';

export interface OpenDatabase {
  ds: DataSource;
  /** 'embedded' (PGlite in the data directory) or 'postgres'. */
  kind: 'embedded' | 'postgres';
  /** Where the data lives, for the start-up banner (no credentials). */
  description: string;
  close(): Promise<void>;
}

function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres (unparseable URL)';
  }
}

const urlFile = (dataDir: string) => path.join(dataDir, 'embedded-url');
const lockFile = (dataDir: string) => path.join(dataDir, 'pglite.lock');

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the data directory for this process. Two processes writing one PGlite directory would
 * corrupt it, so a second one is refused while the first is alive; a lock left by a process that
 * died is taken over.
 */
function lockDataDir(dataDir: string): () => void {
  const file = lockFile(dataDir);
  mkdirSync(dataDir, { recursive: true });
  if (existsSync(file)) {
    const holder = Number(readFileSync(file, 'utf8').trim());
    if (Number.isInteger(holder) && holder !== process.pid && isAlive(holder)) {
      throw new Error(`the embedded database in ${dataDir} is in use by process ${holder}; stop it first (or set DATA_DIR)`);
    }
  }
  writeFileSync(file, `${process.pid}\n`);
  return () => rmSync(file, { force: true });
}

function canConnect(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port) });
    socket.setTimeout(1000);
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });
}

/** The URL of an embedded database that a running `npm start` serves, if any. */
async function runningEmbeddedUrl(dataDir: string): Promise<string | undefined> {
  if (!existsSync(urlFile(dataDir))) return undefined;
  const url = readFileSync(urlFile(dataDir), 'utf8').trim();
  return (await canConnect(url)) ? url : undefined;
}

/**
 * Connects to PostgreSQL at DATABASE_URL, or starts the embedded PGlite database persisted in the
 * data directory, and runs pending migrations (never `synchronize`).
 *
 * PGlite is one process's database: only one process may open the data directory. The server
 * (`publishEmbedded`) leaves its loopback URL in the data directory so that command-line tools
 * (`npm run token`, `seed`, `migrate`) talk to the running server's database instead of opening
 * the files a second time.
 */
export async function openDatabase(
  config: AppConfig,
  options: {
    migrate?: boolean;
    publishEmbedded?: boolean;
    /** Connect as the schema owner (no role switch): for the migrator. */
    owner?: boolean;
  } = {},
): Promise<OpenDatabase> {
  if (config.databaseUrl) return openPostgres(config, config.databaseUrl, options);
  let embedded: EmbeddedPostgres | undefined;
  let unlock: (() => void) | undefined;
  let url = await runningEmbeddedUrl(config.dataDir);
  if (!url) {
    unlock = lockDataDir(config.dataDir);
    try {
      embedded = await startEmbeddedPostgres({ dataDir: path.join(config.dataDir, 'pglite') });
    } catch (error) {
      unlock();
      throw error;
    }
    url = embedded.url;
    if (options.publishEmbedded) writeFileSync(urlFile(config.dataDir), `${url}\n`, { mode: 0o600 });
  }
  const ds = createDataSource({ url, poolMax: config.dbPoolMax, statementTimeoutMs: config.statementTimeoutMs });
  try {
    await ds.initialize();
    if (options.migrate !== false) await ds.runMigrations({ transaction: 'each' });
  } catch (error) {
    if (ds.isInitialized) await ds.destroy();
    await embedded?.stop();
    unlock?.();
    throw error;
  }
  return {
    ds,
    kind: 'embedded',
    // The embedded database runs without the least-privilege role: PGlite serves every connection
    // through one session, so a role set for the server's pool would bind the migrator too.
    description: `embedded PostgreSQL (PGlite) in ${path.join(config.dataDir, 'pglite')}`,
    async close() {
      await ds.destroy();
      if (embedded) {
        if (options.publishEmbedded) rmSync(urlFile(config.dataDir), { force: true });
        await embedded.stop();
        unlock?.();
      }
    },
  };
}

/**
 * PostgreSQL: migrations and grants run as the schema owner (MIGRATION_DATABASE_URL, else
 * DATABASE_URL); the pool handed back runs every query as DB_APP_ROLE unless it is turned off or
 * the caller is the migrator. The grants are re-applied on every open, so a server started on a
 * database migrated by other means (the benchmark, a DBA's psql) still finds its role ready.
 */
async function openPostgres(
  config: AppConfig,
  url: string,
  options: { migrate?: boolean; owner?: boolean },
): Promise<OpenDatabase> {
  const role = options.owner ? undefined : config.dbAppRole;
  const poolOptions = {
    poolMax: config.dbPoolMax,
    statementTimeoutMs: config.statementTimeoutMs,
    settings: postgresSessionSettings(config.dbWorkMem),
    namedStatements: config.dbPreparedStatements,
  };
  const owner = createDataSource({ url: config.migrationDatabaseUrl ?? url, ...poolOptions, applicationName: role ? 'tiered-migrate' : undefined });
  let ds: DataSource = owner;
  try {
    await owner.initialize();
    if (options.migrate !== false) await owner.runMigrations({ transaction: 'each' });
    if (role) {
      await applyAppRoleGrants(owner, role, { memberIsMigrator: !config.migrationDatabaseUrl });
      await owner.destroy();
      ds = createDataSource({ url, ...poolOptions, role });
      await ds.initialize();
    }
  } catch (error) {
    if (owner.isInitialized) await owner.destroy();
    if (ds.isInitialized) await ds.destroy();
    throw error;
  }
  return {
    ds,
    kind: 'postgres',
    description: role ? `${redactUrl(url)} as role ${role}` : redactUrl(url),
    close: () => ds.destroy(),
  };
}
