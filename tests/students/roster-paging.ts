import type { StaffUserEntity } from '../../src/modules/staff/staff.entity';
import { gid } from '../support/factories';
import type { GraphQLResponse, TestApp } from '../support/test-app';

/** The page fields the roster tests ask for, and what they read back. */
export const ROSTER_PAGE = `totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id familyName givenName } }`;

export interface RosterPage {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { cursor: string; node: { id: string; familyName: string; givenName: string } }[];
}

/**
 * Every page of at most 2 rows, following endCursor, as `user`: the students' ids in order and the
 * distinct totalCounts seen. Each cursor must carry its node's sort key, [family, given, id].
 */
export async function pageThroughRoster(
  app: TestApp,
  user: StaffUserEntity,
  request: (after: string | null) => [string, Record<string, unknown>],
  pick: (data: any) => RosterPage,
): Promise<{ ids: string[]; totals: number[] }> {
  const ids: string[] = [];
  const totals = new Set<number>();
  let after: string | null = null;
  for (let pages = 0; ; pages++) {
    expect(pages).toBeLessThan(50);
    const [query, variables] = request(after);
    const response: GraphQLResponse = await app.gql(query, variables, app.token(user.id));
    expect(response.errors).toBeUndefined();
    const page = pick(response.data);
    expect(page.edges.length).toBeLessThanOrEqual(2);
    for (const edge of page.edges) {
      const [family, given, id] = JSON.parse(Buffer.from(edge.cursor, 'base64url').toString('utf8'));
      expect([family, given, gid('Student', id)]).toEqual([edge.node.familyName, edge.node.givenName, edge.node.id]);
      ids.push(edge.node.id);
    }
    totals.add(page.totalCount);
    if (!page.pageInfo.hasNextPage) break;
    after = page.pageInfo.endCursor;
  }
  return { ids, totals: [...totals] };
}
