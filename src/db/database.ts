import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
  let url = config.databaseUrl ?? (await runningEmbeddedUrl(config.dataDir));
  if (!url) {
    embedded = await startEmbeddedPostgres({ dataDir: path.join(config.dataDir, 'pglite') });
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
      }
    },
  };
}
