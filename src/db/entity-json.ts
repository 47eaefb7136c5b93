import { types } from 'pg';
import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import { quoteIdent as quote } from '../common/sql-text';
import { columnOf, hydrator, type EntityOrder } from './entity-rows';
import { appPool } from './pool';

/**
 * An entity's rows carried as JSON inside another statement (a page's relations built by the page's
 * own statement, page-preload.ts), decoded into exactly the entities a loader's own statement would
 * have given: each column travels as its text form, which is what the pg driver receives for it,
 * and is parsed by the driver's parser for the column's type, then hydrated as entityRowsByKeys does.
 * JSON's own numbers and timestamps would not round-trip (numeric(10,2) "1.50" would come back 1.5).
 */
export interface EntityJson<E> {
  /** The entity's table, quoted for SQL. */
  table: string;
  /** A property's column, quoted for SQL. */
  column(property: keyof E & string): string;
  /** SQL condition: `alias`'s row is not soft-deleted (TRUE for entities without a delete date), as find and entityRowsByKeys filter. */
  live(alias: string): string;
  /**
   * SQL: the row of `alias` as a text[] of its columns' text, NULL as null, in the entity's column
   * order. json_agg, json_build_array and to_json render it as a JSON array; a text[] rather than
   * json_build_array of the columns because PostgreSQL looks up the output of each argument of
   * json_build_array on every call, and of an array's element type once (a tenth less time).
   */
  row(alias: string): string;
  /** SQL: `alias`'s columns in `order`, for an ORDER BY (the order a loader's entityRowsByKeys uses). */
  orderBy(alias: string, order: EntityOrder<E>): string;
  /** The entity from such an array. */
  decode(values: readonly (string | null)[]): E;
}

const codecs = new WeakMap<DataSource, Map<string, Promise<EntityJson<unknown>>>>();

/** The codec of an entity: its column types are asked of the server once per data source. */
export function entityJson<E extends ObjectLiteral>(db: DataSource, entity: EntityTarget<E>): Promise<EntityJson<E>> {
  const metadata = db.getMetadata(entity);
  let byEntity = codecs.get(db);
  if (!byEntity) codecs.set(db, (byEntity = new Map()));
  let codec = byEntity.get(metadata.name) as Promise<EntityJson<E>> | undefined;
  if (!codec) {
    codec = buildCodec<E>(db, entity);
    // A failed describe (the database unreachable) is tried again next time, not remembered.
    codec.catch(() => byEntity.delete(metadata.name));
    byEntity.set(metadata.name, codec as Promise<EntityJson<unknown>>);
  }
  return codec;
}

async function buildCodec<E extends ObjectLiteral>(db: DataSource, entity: EntityTarget<E>): Promise<EntityJson<E>> {
  const metadata = db.getMetadata(entity);
  const { columns, hydrate } = hydrator<E>(db, metadata, (_column, index) => index);
  const pool = appPool(db);
  if (!pool) throw new Error('entityJson: the data source is not initialized');
  // The type of each column as the server reports it: the parser the driver would pick for it.
  const described = await pool.query({ text: `SELECT ${columns.map((c) => `t.${quote(c.databaseName)}`).join(', ')} FROM ${quote(metadata.tableName)} t LIMIT 0` });
  const parsers = described.fields.map((field) => types.getTypeParser(field.dataTypeID, 'text') as (text: string) => unknown);
  const column = (property: string) => quote(columnOf(metadata, property).databaseName);
  const deleted = metadata.deleteDateColumn;
  return {
    table: quote(metadata.tableName),
    column,
    orderBy: (alias, order) => order.map(([property, direction]) => `${alias}.${column(property)} ${direction}`).join(', '),
    live: (alias) => (deleted ? `${alias}.${quote(deleted.databaseName)} IS NULL` : 'TRUE'),
    row: (alias) => `ARRAY[${columns.map((c) => `${alias}.${quote(c.databaseName)}::text`).join(', ')}]`,
    decode: (values) => {
      const parsed: unknown[] = new Array(values.length);
      for (let i = 0; i < values.length; i++) parsed[i] = values[i] === null ? null : parsers[i](values[i] as string);
      return hydrate(parsed as unknown as Record<number, unknown>);
    },
  };
}
