import type { DataSource, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { quoteIdent as quote } from '../common/sql-text';
import { preparedQuery } from './prepared';

/** An ORDER BY over an entity's properties, in order. */
export type EntityOrder<E> = readonly (readonly [keyof E & string, 'ASC' | 'DESC'])[];

/**
 * Rows of an entity whose `keyProperty` (a uuid column) is one of `keys`, in the order given,
 * for DataLoader batches on hot read paths. It runs the statement TypeORM's `find` would (every
 * column, soft-deleted rows left out) but builds its text once per entity and order, runs it as
 * a named prepared statement (prepared.ts: no parse or planning per batch), and
 * hydrates with the driver's per-column conversion only: on the nested student page (issue 9)
 * TypeORM's query building and its alias-based result transformer cost more than the
 * statements themselves. Entities with embedded columns are refused (use `find`).
 */
export function entityRowsByKeys<E extends ObjectLiteral>(
  db: DataSource,
  entity: EntityTarget<E>,
  keyProperty: keyof E & string,
  keys: readonly string[],
  orderBy: EntityOrder<E>,
): Promise<E[]> {
  const plan = planFor(db, entity, keyProperty, orderBy);
  return preparedQuery(db, plan.sql, [keys]).then((rows) => rows.map(plan.hydrate));
}

interface RowPlan<E> {
  sql: string;
  hydrate: (row: Record<string, unknown>) => E;
}

const plans = new WeakMap<DataSource, Map<string, RowPlan<unknown>>>();

function planFor<E extends ObjectLiteral>(
  db: DataSource,
  entity: EntityTarget<E>,
  keyProperty: string,
  orderBy: EntityOrder<E>,
): RowPlan<E> {
  const metadata = db.getMetadata(entity);
  const cacheKey = `${metadata.name}|${keyProperty}|${orderBy.map((o) => o.join(' ')).join(',')}`;
  let byKey = plans.get(db);
  if (!byKey) plans.set(db, (byKey = new Map()));
  let plan = byKey.get(cacheKey) as RowPlan<E> | undefined;
  if (!plan) byKey.set(cacheKey, (plan = buildPlan<E>(db, metadata, keyProperty, orderBy)));
  return plan;
}

/** The column of an entity's property; a misspelt property is a programming error, refused at once. */
export function columnOf(metadata: EntityMetadata, property: string): ColumnMetadata {
  const found = metadata.findColumnWithPropertyName(property);
  if (!found) throw new Error(`${metadata.name} has no column ${property}`);
  return found;
}

function buildPlan<E>(db: DataSource, metadata: EntityMetadata, keyProperty: string, orderBy: EntityOrder<E>): RowPlan<E> {
  const column = (property: string) => columnOf(metadata, property);
  const { columns, hydrate } = hydrator<E>(db, metadata, (c) => c.databaseName);
  const where = [`t.${quote(column(keyProperty).databaseName)} = ANY($1::uuid[])`];
  if (metadata.deleteDateColumn) where.push(`t.${quote(metadata.deleteDateColumn.databaseName)} IS NULL`);
  const sql =
    `SELECT ${columns.map((c) => `t.${quote(c.databaseName)}`).join(', ')} FROM ${quote(metadata.tableName)} t WHERE ${where.join(' AND ')}` +
    (orderBy.length ? ` ORDER BY ${orderBy.map(([p, dir]) => `t.${quote(column(p).databaseName)} ${dir}`).join(', ')}` : '');
  return { sql, hydrate };
}

/**
 * Column types TypeORM's postgres driver hydrates unchanged (PostgresDriver.prepareHydratedValue)
 * from what the pg driver parsed: dates because data-source.ts keeps a `date` as its text (the
 * driver would turn a Date back into that text), timestamps because they arrive as Dates.
 */
const PARSED_AS_IS = new Set([
  'uuid', 'varchar', 'character varying', 'text', 'int', 'integer', 'smallint', 'jsonb', 'json',
  'boolean', 'bool', 'date', 'timestamptz', 'timestamp with time zone',
]);

/** Whether the driver would hand the column's parsed value back unchanged. */
function hydratedAsParsed(column: ColumnMetadata): boolean {
  if (column.transformer || column.isArray || typeof column.type !== 'string') return false;
  if (PARSED_AS_IS.has(column.type)) return true;
  // An enum's value is turned into a number only when the enum has numbers; ours are strings.
  return column.type === 'enum' && (column.enum ?? []).every((value) => typeof value === 'string');
}

/**
 * The entity's stored columns and a row-to-entity mapping with the driver's per-column conversion
 * only, reading each column from the row key `nameOf` gives it. Entities with embedded columns are
 * refused: their properties nest, which this flat mapping does not.
 */
export function hydrator<E>(db: DataSource, metadata: EntityMetadata, nameOf: (column: ColumnMetadata, index: number) => string | number) {
  // The columns find selects: not virtual ones, nor those mapped `select: false` (copies kept for the
  // database's own use, like an enrollment's copies of the student's names).
  const columns = metadata.columns.filter((c) => !c.isVirtual && c.isSelect);
  if (columns.some((c) => c.embeddedMetadata)) throw new Error(`${metadata.name} has embedded columns: use TypeORM's find or getMany`);
  const names = columns.map(nameOf);
  const properties = columns.map((c) => c.propertyName);
  const driver = db.driver;
  // Columns the driver returns as the pg driver parsed them (its prepareHydratedValue walks a
  // chain of type tests per value to arrive at the same value): read straight from the row.
  const asParsed = columns.map(hydratedAsParsed);
  // Compiled once per entity and row shape: each property and row key written out, so every store
  // and load is a named, monomorphic access, where a loop over the column list made each one a
  // megamorphic keyed access (a twentieth of the nested student page's server time, issue 9).
  const key = (name: string | number) => (typeof name === 'number' ? String(name) : JSON.stringify(name));
  const body = columns
    .map((_, i) => {
      const value = `row[${key(names[i])}]`;
      return `entity[${JSON.stringify(properties[i])}] = ${asParsed[i] ? value : `driver.prepareHydratedValue(${value}, columns[${i}])`};`;
    })
    .join('\n');
  const compile = new Function('Target', 'driver', 'columns', `return function hydrate(row) {\nconst entity = new Target();\n${body}\nreturn entity;\n};`);
  const hydrate = compile(metadata.target, driver, columns) as (row: Record<string | number, unknown>) => E;
  return { columns, hydrate };
}

/** Per data source, the mapper of each entity and alias: compiled once, not per page. */
const mappers = new WeakMap<DataSource, Map<string, (row: Record<string, unknown>) => unknown>>();

/**
 * Maps the raw rows of a QueryBuilder over `alias` (TypeORM names its columns `<alias>_<column>`)
 * to entities, with the driver's per-column conversion only: for hot list queries whose
 * conditions need the QueryBuilder but whose rows need no relations (see entityRowsByKeys).
 */
export function aliasedRowMapper<E extends ObjectLiteral>(db: DataSource, entity: EntityTarget<E>, alias: string): (row: Record<string, unknown>) => E {
  const metadata = db.getMetadata(entity);
  let byKey = mappers.get(db);
  if (!byKey) mappers.set(db, (byKey = new Map()));
  const key = `${metadata.name}|${alias}`;
  let mapper = byKey.get(key) as ((row: Record<string, unknown>) => E) | undefined;
  if (!mapper) byKey.set(key, (mapper = hydrator<E>(db, metadata, (c) => `${alias}_${c.databaseName}`).hydrate));
  return mapper;
}
