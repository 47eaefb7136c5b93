import type { EntityManager } from 'typeorm';
import { studentScopeCondition } from '../../common/auth/student-scope';
import type { ViewerContext } from '../../context';

/**
 * Runs raw SQL written with TypeORM-style named parameters (`:name`), so the viewer's student
 * scope (which uses :viewerId, :schoolIds and :today) can be spliced into set-based queries.
 * Never name a parameter after a type (`date`, `int`...): `::date` casts would be taken for one.
 */
export function namedQuery<T = Record<string, unknown>>(em: EntityManager, sql: string, params: Record<string, unknown>): Promise<T[]> {
  const [query, values] = em.connection.driver.escapeQueryWithParameters(sql, params);
  return em.query(query, values);
}

/**
 * The viewer's student scope as a SQL condition on `column` (always true for district roles),
 * with its parameters: every list of students these queries return passes through it.
 */
export function studentScopeSql(ctx: ViewerContext, column: string): { sql: string; params: Record<string, unknown> } {
  const scope = studentScopeCondition(ctx.viewer, ctx.today, column);
  return scope ? { sql: scope.condition, params: scope.params } : { sql: 'true', params: {} };
}

/**
 * "The assignment is in force on day D", as SQL over an assignment alias and its program's alias:
 * from its start date to its end date, or to the program's last day while it has none. The one
 * home of that rule for every query (access, capacity, checks, queues).
 */
export const assignmentActiveOn = (assignment: string, program: string, day: string) =>
  `(${assignment}.start_date <= ${day} AND COALESCE(${assignment}.end_date, ${program}.end_date) >= ${day})`;
