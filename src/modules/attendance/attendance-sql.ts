import type { EntityManager } from 'typeorm';
import { badUserInput } from '../../common/errors';
import { decodeCursor } from '../../common/graphql/connection';
import { isUuid } from '../../common/graphql/global-id';

/**
 * Runs a raw statement written with TypeORM-style named parameters (`:asOf`, `:schoolId`), so the
 * fragments of attendance-rules.ts and student-scope.ts compose without renumbering `$n`.
 * Parameter names must not collide with type names used in casts (`::date`).
 */
export function runSql<Row = Record<string, unknown>>(em: EntityManager, sql: string, params: Record<string, unknown>): Promise<Row[]> {
  const [query, values] = em.connection.driver.escapeQueryWithParameters(sql, params);
  return em.query(query, values);
}

/**
 * A keyset cursor of a list ordered by an exact numeric key, then a student id: decoded and checked,
 * so a forged cursor is an input error rather than a failed statement.
 */
export function decodeRankCursor(after: string | null | undefined): { rank: string; studentId: string } | undefined {
  const cursor = decodeCursor(after, 2);
  if (!cursor) return undefined;
  const [rank, studentId] = cursor.map(String);
  if (!/^\d{1,6}(\.\d{1,40})?$/.test(rank) || !isUuid(studentId)) throw badUserInput('after', 'is not a cursor from this connection');
  return { rank, studentId };
}
