import type { DataSource } from 'typeorm';
import type { RequestContext } from '../../context';
import { quoteIdent } from '../../common/sql-text';
import { preparedQuery } from '../../db/prepared';

/**
 * A relation of Student that a page of students can fetch for all its students in the page's
 * own round trip, instead of one statement per relation when each field's DataLoader fires.
 * Each module registers the relations it owns (as caseload and plan modules register student
 * access sources), next to the loader it fills.
 */
export interface StudentRelationPreload {
  /** Says what it is, in errors and logs. */
  name: string;
  /** The Student fields whose loaders it fills: one of them asked of the page's nodes is enough. */
  fields: readonly string[];
  /** What the statement needs from the server (column types), asked when a set of relations including it is first loaded. */
  prepare(db: DataSource): Promise<PreparedRelation<unknown>>;
}

export interface PreparedRelation<Shared = unknown> {
  /**
   * SQL: rows (student_id, value) for the students in the uuid[] expression `studentIds`, one per
   * student that has anything (a student without a row gets null): one set-based pass over the
   * relation's table, as its loader's own statement makes, not a subquery per student.
   */
  rows(studentIds: string): string;
  /**
   * What the page's students share, read once for the page rather than once per row that refers to
   * it (the catalog interventions and interventionists of their plans: a handful, referred to by
   * dozens of plans): SQL for one value over the students of `studentIds`, and its decoding,
   * handed to every `prime` of the page.
   */
  shared?: { sql(studentIds: string): string; decode(value: unknown): Shared };
  /**
   * Fills the request's loaders with the student's value (null when the student had no row),
   * exactly what their own statements would have returned, so the field resolvers run unchanged
   * and find it there. A loader keeps a value it already holds (DataLoader's prime), so nothing
   * loaded earlier in the request is replaced.
   */
  prime(ctx: RequestContext, studentId: string, value: unknown, shared: Shared): void;
}

const preloads: StudentRelationPreload[] = [];

export function registerStudentRelationPreload(preload: StudentRelationPreload): void {
  const existing = preloads.findIndex((p) => p.name === preload.name);
  if (existing >= 0) preloads[existing] = preload;
  else preloads.push(preload);
}

/** Per data source, the relations of each set of them, prepared once. */
const prepared = new WeakMap<DataSource, Map<string, Promise<PreparedRelation<unknown>[]>>>();

function relationsFor(db: DataSource, wanted: readonly StudentRelationPreload[]): Promise<PreparedRelation<unknown>[]> {
  let byKey = prepared.get(db);
  if (!byKey) prepared.set(db, (byKey = new Map()));
  const key = wanted.map((p) => p.name).join('|');
  let relations = byKey.get(key);
  if (!relations) {
    relations = Promise.all(wanted.map((p) => p.prepare(db)));
    // A failed prepare (the database unreachable) is tried again next time, not remembered.
    relations.catch(() => byKey.delete(key));
    byKey.set(key, relations);
  }
  return relations;
}

/** A page of students as its statement selects it: rows in page order, each with its student's id in `idColumn`. */
export interface StudentPageStatement {
  sql: string;
  values: unknown[];
  idColumn: string;
}

/**
 * Runs a page's statement and, in the same statement, every registered relation that `fields` (the
 * fields asked of the page's nodes) needs for the page's students; primes the request's loaders
 * with them and returns the page's rows in its order. The page is a MATERIALIZED CTE numbered in
 * its own order: each relation reads its students from it (one set-based pass per relation, as
 * before, with no round trip of the ids through the server in between), and the rows come back
 * sorted by that number. A page with no such field asked runs alone.
 */
export async function readPageWithRelations(
  ctx: RequestContext,
  page: StudentPageStatement,
  fields: ReadonlySet<string>,
): Promise<Record<string, unknown>[]> {
  const wanted = preloads.filter((p) => p.fields.some((f) => fields.has(f)));
  // Named prepared statements, planned once per connection (per filter shape and set of relations).
  if (wanted.length === 0) return preparedQuery<Record<string, unknown>>(ctx.db, page.sql, page.values);
  const relations = await relationsFor(ctx.db, wanted);
  const id = `page.${quoteIdent(page.idColumn)}`;
  const studentIds = `ARRAY(SELECT ${id} FROM page)`;
  // A relation's shared value rides on the page's first row only (an uncorrelated subquery: one
  // evaluation for the statement).
  const columns = relations.flatMap((r, i) => [
    `r${i}.value AS page_relation_${i}`,
    ...(r.shared ? [`CASE WHEN page.page_position = 1 THEN (${r.shared.sql(studentIds)}) END AS page_shared_${i}`] : []),
  ]);
  const sql = `WITH page AS MATERIALIZED (SELECT numbered.*, row_number() OVER () AS page_position FROM (${page.sql}) numbered)
    SELECT page.*, ${columns.join(', ')}
      FROM page
      ${relations.map((r, i) => `LEFT JOIN (${r.rows(studentIds)}) AS r${i} ON r${i}.student_id = ${id}`).join('\n      ')}
     ORDER BY page.page_position`;
  const rows = await preparedQuery<Record<string, unknown>>(ctx.db, sql, page.values);
  if (rows.length === 0) return rows;
  const shared = relations.map((r, i) => r.shared?.decode(rows[0][`page_shared_${i}`]));
  const valueColumns = relations.map((_, i) => `page_relation_${i}`);
  for (const row of rows) {
    const studentId = row[page.idColumn] as string;
    for (let i = 0; i < relations.length; i++) relations[i].prime(ctx, studentId, row[valueColumns[i]], shared[i]);
  }
  return rows;
}
