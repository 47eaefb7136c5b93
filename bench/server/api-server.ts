import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fork, type ChildProcess } from 'node:child_process';
import { buildApp } from '../build';
import type { ServerCommand, ServerFailed, ServerReady, ServerReply } from './protocol';
import type { RecordedStatement } from './sql-recorder';

/**
 * Our API in a child process (bench/server/child.ts, compiled to plain JavaScript by
 * bench/build.ts and run with `node`): its own heap and RSS, its own pool, the
 * production settings (NODE_ENV=production: no introspection, no landing page) and the same
 * log level a deployment has. The bench talks to it over HTTP for the measurements and over IPC
 * to read the SQL statements a request ran; its memory is read from /proc (bench/memory.ts).
 */
export interface ApiServer {
  url: string;
  pid: number;
  indicatorsInstrumented: boolean;
  /** Runs fn (one request, nothing else in flight) and returns the statements the server ran meanwhile. */
  record<T>(fn: () => Promise<T>): Promise<{ result: T; statements: RecordedStatement[] }>;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 120_000;

/** The app is compiled once per bench run (bench/build.ts), before the first server starts. */
let built: ReturnType<typeof buildApp> | undefined;

/** The node flags of package.json's start script (`node <flags> dist/src/main.js`). */
export function startNodeFlags(): string[] {
  const start: string = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')).scripts.start;
  const match = /\bnode((?: --[\w-]+(?:=\S+)?)*) dist\/src\/main\.js/.exec(start);
  if (!match) throw new Error(`package.json's start script does not run "node [flags] dist/src/main.js": ${start}`);
  return match[1].trim().split(' ').filter(Boolean);
}

export async function startApiServer(options: { databaseUrl: string; env?: NodeJS.ProcessEnv }): Promise<ApiServer> {
  const { entry } = await (built ??= buildApp());
  // execArgv is replaced: under ts-node it holds ts-node's own arguments, which fork would pass on.
  // The server runs with the node flags `npm start` gives it (the young generation's size).
  // BENCH_CPU_PROF_DIR profiles the server (--cpu-prof is refused in NODE_OPTIONS): one .cpuprofile per server, written when it stops.
  const profileDir = process.env.BENCH_CPU_PROF_DIR;
  const child = fork(entry, [], {
    execArgv: [...startNodeFlags(), ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [])],
    env: {
      ...process.env,
      NODE_ENV: 'production',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
      ...options.env,
      DATABASE_URL: options.databaseUrl,
    },
    // Request logs go where a deployment's would (a collector); here, nowhere.
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });

  const ready = await new Promise<ServerReady>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the API server did not start within ${START_TIMEOUT_MS / 1000} s\n${stderr}`)), START_TIMEOUT_MS);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the API server exited (${code}) before it was ready\n${stderr}`));
    });
    child.on('message', (message: ServerReady | ServerFailed) => {
      if (message && 'type' in message) {
        clearTimeout(timer);
        if (message.type === 'ready') resolve(message);
        else reject(new Error(`the API server failed to start: ${message.error}`));
      }
    });
  });
  child.removeAllListeners('exit');

  const rpc = createRpc(child);
  return {
    url: `http://127.0.0.1:${ready.port}/graphql`,
    pid: child.pid!,
    indicatorsInstrumented: ready.indicatorsInstrumented,
    async record(fn) {
      await rpc({ cmd: 'record-start' });
      try {
        const result = await fn();
        return { result, statements: (await rpc({ cmd: 'record-stop' })).statements ?? [] };
      } catch (error) {
        await rpc({ cmd: 'record-stop' }).catch(() => undefined);
        throw error;
      }
    },
    stop: () => stopChild(child, () => rpc({ cmd: 'stop' })),
  };
}

function createRpc(child: ChildProcess) {
  let next = 1;
  const pending = new Map<number, { resolve: (r: ServerReply) => void; reject: (e: Error) => void }>();
  child.on('message', (message: ServerReply) => {
    if (!message || typeof message.id !== 'number') return;
    const waiter = pending.get(message.id);
    pending.delete(message.id);
    if (!waiter) return;
    if (message.ok) waiter.resolve(message);
    else waiter.reject(new Error(message.error ?? 'the API server refused a command'));
  });
  child.once('exit', () => {
    for (const waiter of pending.values()) waiter.reject(new Error('the API server exited'));
    pending.clear();
  });
  return (command: Omit<ServerCommand, 'id'>): Promise<ServerReply> =>
    new Promise((resolve, reject) => {
      const id = next++;
      pending.set(id, { resolve, reject });
      child.send({ ...command, id } as ServerCommand);
    });
}

/** Asks the child to stop (drain, close its pool), and kills it if it does not exit in time. */
export async function stopChild(child: ChildProcess, ask: () => Promise<unknown>, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await Promise.race([ask().catch(() => undefined), exited]);
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}
