import { createHash } from 'node:crypto';
import type { QueryResultRow } from 'pg';
import type { DataSource } from 'typeorm';
import { appPool, sharesOneSession } from './pool';

/*
 * Named prepared statements for the fixed statements of hot read paths (DataLoader batches, the
 * viewer lookup). A named statement is parsed once per connection, and after a few executions
 * PostgreSQL may keep a generic plan: no parse and no planning per request. For the loaders'
 * `key = ANY($1)` batches the generic plan is also the better one: planned for the array's
 * actual contents, a batch of 100 keys was a scan comparing every row of the table with the
 * array (issue 9: 1.9 ms against 0.4 ms for tier placements at Hartford scale).
 *
 * They run on TypeORM's pool directly (TypeORM's `query` cannot name a statement), logged through
 * the data source's logger like every other statement. Only for statements outside a transaction,
 * with a fixed text and parameter types.
 */
const names = new Map<string, string>();
const unnamed = new WeakSet<DataSource>();

/**
 * Keeps a data source's statements unnamed: behind a pooler in transaction mode that does not
 * track named statements (DB_PREPARED_STATEMENTS=off). A pool whose connections share one server
 * session (PGlite) keeps them unnamed by itself: a name one client prepared would already exist
 * for the next.
 */
export function withoutNamedStatements(db: DataSource): void {
  unnamed.add(db);
}

function statementName(text: string): string {
  let name = names.get(text);
  if (!name) names.set(text, (name = `tiered_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`));
  return name;
}

export async function preparedQuery<Row extends QueryResultRow>(db: DataSource, text: string, values: unknown[]): Promise<Row[]> {
  const pool = appPool(db);
  if (!pool || unnamed.has(db) || (await sharesOneSession(db))) return db.query(text, values);
  db.logger.logQuery(text, values);
  const result = await pool.query<Row>({ name: statementName(text), text, values });
  return result.rows;
}
