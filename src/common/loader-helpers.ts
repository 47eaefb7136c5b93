import DataLoader from 'dataloader';

/** One `IN (...)` fetch per batch; results returned in key order, `null` for keys with no row. */
export function rowLoader<Row>(
  fetch: (ids: readonly string[]) => Promise<Row[]>,
  keyOf: (row: Row) => string,
): DataLoader<string, Row | null> {
  return new DataLoader(async (ids) => {
    const rows = await fetch(ids);
    const byKey = new Map(rows.map((row) => [keyOf(row), row]));
    return ids.map((id) => byKey.get(id) ?? null);
  }, { maxBatchSize: 1000 });
}

/** One fetch per batch for a one-to-many relation; every key gets an array (possibly empty). */
export function groupLoader<Row>(
  fetch: (ids: readonly string[]) => Promise<Row[]>,
  keyOf: (row: Row) => string,
): DataLoader<string, Row[]> {
  return new DataLoader(async (ids) => {
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
