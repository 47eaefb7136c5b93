import { AsyncLocalStorage } from 'node:async_hooks';
import pg from 'pg';

/**
 * Counts and records the SQL statements a process sends, at the `pg` driver: every statement the
 * app runs (TypeORM's queries, transactions' BEGIN/COMMIT, raw `ds.query` calls) goes through
 * `Client.prototype.query`, so wrapping it sees them all without touching the app.
 *
 * Recording is a window the bench opens around one request while nothing else is in flight, so
 * what it holds is exactly that request's statements. A tag (an AsyncLocalStorage value set by a
 * seam around a service call, e.g. the indicators rollup) marks the statements a service issued,
 * which the rollup step replays at the floor.
 */
export interface RecordedStatement {
  text: string;
  values?: unknown[];
  tag?: string;
}

const tags = new AsyncLocalStorage<string>();
let window: RecordedStatement[] | null = null;
let total = 0;
let installed = false;

export function installSqlRecorder(): void {
  if (installed) return;
  installed = true;
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function recordedQuery(this: unknown, ...args: unknown[]) {
    total++;
    if (window) {
      const [config, values] = args as [string | { text?: string; values?: unknown[] }, unknown];
      const text = typeof config === 'string' ? config : (config?.text ?? '');
      const vals = Array.isArray(values) ? values : typeof config === 'object' ? config?.values : undefined;
      window.push({ text, values: vals, tag: tags.getStore() });
    }
    return original.apply(this, args);
  };
}

/** Runs fn with its statements (and those of everything it awaits) tagged. */
export function withSqlTag<T>(tag: string, fn: () => T): T {
  return tags.run(tag, fn);
}

export function startRecording(): void {
  window = [];
}

export function stopRecording(): RecordedStatement[] {
  const recorded = window ?? [];
  window = null;
  return recorded;
}

export function statementsSoFar(): number {
  return total;
}
