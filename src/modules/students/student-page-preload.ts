import type { DataSource } from 'typeorm';
import type { RequestContext } from '../../context';
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
  prepare(db: DataSource): Promise<PreparedRelation>;
}

export interface PreparedRelation {
  /**
   * SQL: rows (student_id, value) for the students in the uuid[] expression `studentIds`, one per
   * student that has anything (a student without a row gets null): one set-based pass over the
   * relation's table, as its loader's own statement makes, not a subquery per student.
   */
  rows(studentIds: string): string;
  /**
   * Fills the request's loaders with the student's value (null when the student had no row),
   * exactly what their own statements would have returned, so the field resolvers run unchanged
   * and find it there. A loader keeps a value it already holds (DataLoader's prime), so nothing
   * loaded earlier in the request is replaced.
   */
  prime(ctx: RequestContext, studentId: string, value: unknown): void;
}

const preloads: StudentRelationPreload[] = [];

export function registerStudentRelationPreload(preload: StudentRelationPreload): void {
  const existing = preloads.findIndex((p) => p.name === preload.name);
  if (existing >= 0) preloads[existing] = preload;
  else preloads.push(preload);
}

interface PreloadStatement {
  sql: string;
  relations: PreparedRelation[];
}

/** Per data source, the statement of each set of relations: its text is built once, not per page. */
const statements = new WeakMap<DataSource, Map<string, Promise<PreloadStatement>>>();

function statementFor(db: DataSource, wanted: readonly StudentRelationPreload[]): Promise<PreloadStatement> {
  let byKey = statements.get(db);
  if (!byKey) statements.set(db, (byKey = new Map()));
  const key = wanted.map((p) => p.name).join('|');
  let statement = byKey.get(key);
  if (!statement) {
    statement = Promise.all(wanted.map((p) => p.prepare(db))).then((relations) => ({
      relations,
      sql: `SELECT k.id, ${relations.map((_, i) => `r${i}.value AS r${i}`).join(', ')}
       FROM unnest($1::uuid[]) AS k(id)
       ${relations.map((r, i) => `LEFT JOIN (${r.rows('$1::uuid[]')}) AS r${i} ON r${i}.student_id = k.id`).join('\n       ')}`,
    }));
    // A failed prepare (the database unreachable) is tried again next time, not remembered.
    statement.catch(() => byKey.delete(key));
    byKey.set(key, statement);
  }
  return statement;
}

/**
 * Loads, in one statement, every registered relation that `fields` (the fields asked of the page's
 * nodes) needs, for the students of a page the viewer may see, and primes the request's loaders with
 * them. Does nothing when no such field is asked or the page is empty.
 */
export async function preloadStudentRelations(ctx: RequestContext, studentIds: readonly string[], fields: ReadonlySet<string>): Promise<void> {
  if (studentIds.length === 0) return;
  const wanted = preloads.filter((p) => p.fields.some((f) => fields.has(f)));
  if (wanted.length === 0) return;
  const { sql, relations } = await statementFor(ctx.db, wanted);
  // A named prepared statement, planned once per connection.
  const rows = await preparedQuery<Record<string, unknown>>(ctx.db, sql, [studentIds]);
  for (const row of rows) {
    const studentId = row.id as string;
    relations.forEach((relation, i) => relation.prime(ctx, studentId, row[`r${i}`]));
  }
}
