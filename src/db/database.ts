import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../config';
import { createDataSource } from './data-source';
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
  options: { migrate?: boolean; publishEmbedded?: boolean } = {},
): Promise<OpenDatabase> {
  let embedded: EmbeddedPostgres | undefined;
  let unlock: (() => void) | undefined;
  let url = config.databaseUrl ?? (await runningEmbeddedUrl(config.dataDir));
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
    kind: config.databaseUrl ? 'postgres' : 'embedded',
    description: config.databaseUrl ? redactUrl(url) : `embedded PostgreSQL (PGlite) in ${path.join(config.dataDir, 'pglite')}`,
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
