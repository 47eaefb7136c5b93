import type { AppConfig } from '../src/config';
import type { BenchOptions } from './args';
import { removeAppBuild } from './build';
import { benchDatabaseName, createMigratedDatabase, dropDatabase } from './database';
import { ensurePeer, startPostGraphile, type PeerInstall, type PeerServer } from './peer/postgraphile';
import { startApiServer, type ApiServer } from './server/api-server';
import type { LoadSettings } from './steps/nested-reads';

/**
 * What one bench run owns and must give back: its databases (dropped at the end unless --keep)
 * and the servers it started (stopped at the end, whatever happened).
 */
export class BenchRun {
  readonly baseName = benchDatabaseName();
  private readonly databases = new Map<string, string>();
  private readonly running = new Set<{ pid: number; stop(): Promise<void> }>();

  constructor(
    private readonly server: URL,
    private readonly options: BenchOptions,
    private readonly config: AppConfig,
  ) {}

  get loadSettings(): LoadSettings {
    return { connections: this.options.connections, durationSeconds: this.options.durationSeconds, warmupSeconds: this.options.warmupSeconds };
  }

  get rollupSettings() {
    return {
      iterations: this.options.rollupIterations,
      budgetMs: this.options.rollupBudgetMs,
      poolMax: this.config.dbPoolMax,
      statementTimeoutMs: this.config.statementTimeoutMs,
    };
  }

  /** A fresh, migrated database for one purpose of the run (main, growth, import). */
  async database(role: string): Promise<string> {
    const name = `${this.baseName}_${role}`;
    this.databases.set(role, name);
    return createMigratedDatabase(this.server, name);
  }

  /** Drops a database as soon as the run is done with it (big districts take disk), unless --keep. */
  async release(role: string): Promise<void> {
    const name = this.databases.get(role);
    if (!name || this.options.keep) return;
    await dropDatabase(this.server, name);
    this.databases.delete(role);
  }

  /** Starts installing PostGraphile (in parallel with seeding); never rejects. */
  installPeer(): Promise<PeerInstall | Error> {
    return ensurePeer().catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
  }

  async peerStatus(install: Promise<PeerInstall | Error> | null): Promise<{ ready: boolean; install?: PeerInstall; reason?: string }> {
    if (!install) return { ready: false, reason: 'left out (--skip-peer)' };
    const outcome = await install;
    if (outcome instanceof Error) return { ready: false, reason: `PostGraphile could not be installed: ${outcome.message.split('\n')[0]}` };
    return { ready: true, install: outcome };
  }

  /** Our API (and PostGraphile) on a database for the length of fn, stopped afterwards whatever happens. */
  async withServers(databaseUrl: string, withPeer: boolean, fn: (api: ApiServer, peer: PeerServer | null) => Promise<void>): Promise<void> {
    const [api, peer] = await Promise.all([
      this.track(startApiServer({ databaseUrl })),
      withPeer ? this.track(startPostGraphile(databaseUrl, this.config.dbPoolMax)) : Promise.resolve(null),
    ]);
    try {
      await fn(api, peer);
    } finally {
      await Promise.all([this.stop(api), peer && this.stop(peer)]);
    }
  }

  private async track<T extends { pid: number; stop(): Promise<void> }>(starting: Promise<T>): Promise<T> {
    const started = await starting;
    this.running.add(started);
    return started;
  }

  private async stop(server: { pid: number; stop(): Promise<void> }): Promise<void> {
    this.running.delete(server);
    await server.stop();
  }

  /** Last resort when the bench exits abruptly: the servers it started must not outlive it. */
  killServers(): void {
    for (const server of this.running) {
      try {
        process.kill(server.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }

  /** Stops what still runs and drops (or, with --keep, lists) the databases. */
  async cleanup(): Promise<void> {
    await Promise.allSettled([...this.running].map((s) => this.stop(s)));
    for (const [role, name] of this.databases) {
      if (this.options.keep) {
        process.stdout.write(`kept database ${name} (${role})\n`);
        continue;
      }
      await dropDatabase(this.server, name).catch((error: Error) => process.stderr.write(`could not drop ${name}: ${error.message}\n`));
    }
    this.databases.clear();
    removeAppBuild();
  }
}
