import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time spent by a process and by one database's PostgreSQL backends, read from /proc (Linux),
 * so that a load's cost can be told per request: where requests/s only says which side is slower,
 * CPU per request says by how much each part costs (the server's node process, user and kernel
 * time; the backends that served it). Both servers and PostgreSQL share the machine's cores, so a
 * millisecond spent in either is one the other cannot use.
 */
export interface CpuSnapshot {
  serverMs: number | null;
  serverKernelMs: number | null;
  databaseMs: number;
  /** The database's backends by process id (ms each): see cpuPer. */
  backends?: ReadonlyMap<number, number>;
}

export interface CpuPerUnit {
  /** The measured process (a server, or the importing bench), all its threads (JavaScript, GC helpers, libuv), user + kernel. */
  serverMs: number | null;
  /** Of which kernel time (system calls: sockets, memory mapping). */
  serverKernelMs: number | null;
  /** The database's backends (every connection to the bench database). */
  databaseMs: number;
}

let ticksPerSecond: number | undefined;
function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** utime and stime of /proc/<pid>/stat, in ms; null when the process is gone. */
function processCpu(pid: number): { user: number; kernel: number } | null {
  try {
    // The command name (field 2) may hold spaces: the fields after it start past its ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ms = 1000 / clockTicks();
    return { user: Number(fields[11]) * ms, kernel: Number(fields[12]) * ms };
  } catch {
    return null;
  }
}

/**
 * The database a PostgreSQL backend serves, from its process title:
 * `postgres: [<cluster_name>: ]<user> <database> <client> <state>` (Debian names its clusters,
 * `15/main:`); null for any other process or PostgreSQL's own workers. Parallel query workers
 * name no database and are not counted: the loads measured with it (the nested page, the import)
 * run no parallel plans.
 */
export function backendDatabase(title: string): string | null {
  if (!title.startsWith('postgres: ')) return null;
  const words = title.slice('postgres: '.length).split(' ');
  if (words[0]?.endsWith(':')) words.shift();
  return words.length >= 3 ? words[1] : null;
}

function databaseBackends(database: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (backendDatabase(readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0+$/, '')) === database) pids.push(Number(entry));
    } catch {
      // gone between the listing and the read
    }
  }
  return pids;
}

export function cpuSnapshot(serverPid: number, database: string): CpuSnapshot {
  const server = processCpu(serverPid);
  let databaseMs = 0;
  const backends = new Map<number, number>();
  for (const pid of databaseBackends(database)) {
    const backend = processCpu(pid);
    if (!backend) continue;
    databaseMs += backend.user + backend.kernel;
    backends.set(pid, backend.user + backend.kernel);
  }
  return { serverMs: server && server.user + server.kernel, serverKernelMs: server && server.kernel, databaseMs, backends };
}

const perUnit = (after: number | null, before: number | null, units: number) =>
  after === null || before === null || units === 0 ? null : Math.round(((after - before) / units) * 100) / 100;

/**
 * CPU in ms per unit of work between two snapshots: per request (step 3), or per thousand imported
 * rows, which reads as microseconds per row (step 5). The database's CPU is added up backend by
 * backend: one that opened meanwhile counts from zero, one that closed counts nothing (what it
 * spent since the first snapshot is lost, but a backend that closes is an idle one). Subtracting
 * the totals instead took a closing backend's whole life off the figure: another server's pool,
 * idle while this one was measured, closed a connection and left step 3's PostgreSQL CPU at a
 * tenth of the truth.
 */
export function cpuPer(before: CpuSnapshot, after: CpuSnapshot, units: number): CpuPerUnit {
  let databaseMs = perUnit(after.databaseMs, before.databaseMs, units) ?? 0;
  if (before.backends && after.backends) {
    let spent = 0;
    for (const [pid, ms] of after.backends) spent += ms - (before.backends.get(pid) ?? 0);
    databaseMs = perUnit(spent, 0, units) ?? 0;
  }
  return {
    serverMs: perUnit(after.serverMs, before.serverMs, units),
    serverKernelMs: perUnit(after.serverKernelMs, before.serverKernelMs, units),
    databaseMs,
  };
}
