import { In } from 'typeorm';
import { studentScopeCondition } from '../../common/auth/student-scope';
import { badUserInput } from '../../common/errors';
import { type ConnectionShape, decodeCursor, pageSize, toConnection } from '../../common/graphql/connection';
import type { ViewerContext } from '../../context';
import { StudentEntity } from '../students/student.entity';
import { namedQuery } from '../tutoring/tutoring-sql';
import { IndicatorPart, type IndicatorKey, type IndicatorPeriod } from './indicator-enums';
import { indicatorDefinition, isPublished } from './registry';
import { type ResolvedScope, drillStatement, familyOf, familySupportsScope } from './rollup-sql';

export interface DrillQuery {
  key: IndicatorKey;
  part: IndicatorPart;
  scope: ResolvedScope;
  asOf: string;
  period: IndicatorPeriod;
  first?: number | null;
  after?: string | null;
}

export class IndicatorDrillService {
  /**
   * The students behind one side of a cell (the scope is the cell: a school, grade, group or any
   * combination), by family and given name: the same units and rule as the figure, then the
   * viewer's student scope (student-scope.ts) on top, so a school admin lists only students they
   * may see today; a student who has since left their school is counted in the cell but not listed.
   * The caller has checked the viewer may see the cell's scope. Each student listed is recorded in
   * the request's access trail.
   */
  async students(ctx: ViewerContext, query: DrillQuery): Promise<ConnectionShape<StudentEntity>> {
    const definition = indicatorDefinition(query.key);
    if (isPublished(definition)) throw badUserInput('key', 'A published figure has no students behind it here');
    const family = familyOf(definition);
    if (!family.studentUnits) throw badUserInput('key', 'This indicator counts schools or sessions, not students');
    if (!familySupportsScope(family, query.scope)) throw badUserInput('scope', 'Not counted by grade or student group');
    const limit = pageSize(query.first);
    const cursor = decodeCursor(query.after, 3);
    const drill = drillStatement(family, definition, query.asOf, query.period, query.scope, query.part === IndicatorPart.NUMERATOR);
    const viewer = studentScopeCondition(ctx.viewer, ctx.today, 's.id');
    const from = `FROM student s
       WHERE s.deleted_at IS NULL AND s.id IN (${drill.sql})
         AND ${viewer ? viewer.condition : 'true'}`;
    const params = { ...drill.params, ...(viewer?.params ?? {}) };
    const em = ctx.db.manager;
    const rows = await namedQuery<{ id: string; family_name: string; given_name: string }>(
      em,
      `SELECT s.id, s.family_name, s.given_name ${from}
         ${cursor ? 'AND (s.family_name, s.given_name, s.id) > (CAST(:afterFamily AS text), CAST(:afterGiven AS text), CAST(:afterId AS uuid))' : ''}
       ORDER BY s.family_name, s.given_name, s.id
       LIMIT ${limit + 1}`,
      { ...params, ...(cursor ? { afterFamily: cursor[0], afterGiven: cursor[1], afterId: cursor[2] } : {}) },
    );
    const page = rows.slice(0, limit);
    const entities = page.length ? await em.findBy(StudentEntity, { id: In(page.map((r) => r.id)) }) : [];
    const byId = new Map(entities.map((e) => [e.id, e]));
    // The row past the page only says a next page exists; toConnection drops it.
    const students = rows.map((r) => byId.get(r.id) ?? ({ id: r.id, familyName: r.family_name, givenName: r.given_name } as StudentEntity));
    for (const student of page) ctx.studentReads.add(student.id);
    return toConnection(
      students,
      limit,
      (s) => [s.familyName, s.givenName, s.id],
      (s) => s,
      async () => {
        const [{ count }] = await namedQuery<{ count: number }>(em, `SELECT count(*)::int AS count ${from}`, params);
        return count;
      },
    );
  }
}

export const indicatorDrillService = new IndicatorDrillService();
