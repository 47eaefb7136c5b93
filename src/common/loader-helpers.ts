import DataLoader from 'dataloader';

/**
 * A DataLoader that also answers synchronously for the keys a request primed before anything asked
 * for them (a page of students primes its relations' loaders: page-preload.ts). `resolve` hands such
 * a value straight to the resolver's continuation, with no promise: on a page of 100 students, four
 * relation fields per student each awaited an already-known value, and the promises and the
 * executor's handling of them were a measurable share of the page (issue 9). Keys loaded through
 * `load` first keep DataLoader's own answer: a later prime changes nothing, here as there. A value
 * primed here is kept only here (`load` answers it from here), so priming a page's hundreds of keys
 * makes no promise until something loads one.
 */
export class PrimedLoader<K, V> extends DataLoader<K, V> {
  private readonly primed = new Map<K, V>();
  private readonly requested = new Set<K>();

  override load(key: K): Promise<V> {
    if (this.primed.has(key)) return Promise.resolve(this.primed.get(key) as V);
    this.requested.add(key);
    return super.load(key);
  }

  override prime(key: K, value: V | PromiseLike<V> | Error): this {
    if (this.requested.has(key) || this.primed.has(key)) return this;
    if (value instanceof Error || isPromiseLike(value)) return super.prime(key, value);
    this.primed.set(key, value);
    return this;
  }

  override clear(key: K): this {
    this.primed.delete(key);
    this.requested.delete(key);
    return super.clear(key);
  }

  override clearAll(): this {
    this.primed.clear();
    this.requested.clear();
    return super.clearAll();
  }

  /** `use` of the key's value: at once when it was primed, else once it is loaded. */
  resolve<T>(key: K, use: (value: V) => T): T | Promise<T> {
    return this.primed.has(key) ? use(this.primed.get(key) as V) : this.load(key).then(use);
  }
}

const isPromiseLike = (value: unknown): value is PromiseLike<unknown> =>
  typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';

/** One `IN (...)` fetch per batch; results returned in key order, `null` for keys with no row. */
export function rowLoader<Row>(
  fetch: (ids: readonly string[]) => Promise<Row[]>,
  keyOf: (row: Row) => string,
): PrimedLoader<string, Row | null> {
  return new PrimedLoader(async (ids) => {
    const rows = await fetch(ids);
    const byKey = new Map(rows.map((row) => [keyOf(row), row]));
    return ids.map((id) => byKey.get(id) ?? null);
  }, { maxBatchSize: 1000 });
}

/** One fetch per batch for a one-to-many relation; every key gets an array (possibly empty). */
export function groupLoader<Row>(
  fetch: (ids: readonly string[]) => Promise<Row[]>,
  keyOf: (row: Row) => string,
): PrimedLoader<string, Row[]> {
  return new PrimedLoader(async (ids) => {
    const rows = await fetch(ids);
    const groups = new Map<string, Row[]>(ids.map((id) => [id, []]));
    for (const row of rows) groups.get(keyOf(row))?.push(row);
    return ids.map((id) => groups.get(id) ?? []);
  }, { maxBatchSize: 1000 });
}

/** One loader per distinct argument set (a window, a date), made on first use within the request. */
export function perArguments<Args extends (string | null)[], L>(make: (...args: Args) => L): (...args: Args) => L {
  const made = new Map<string, L>();
  return (...args) => {
    const key = JSON.stringify(args);
    let loader = made.get(key);
    if (!loader) made.set(key, (loader = make(...args)));
    return loader;
  };
}
