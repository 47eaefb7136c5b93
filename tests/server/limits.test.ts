import { StaffRole } from '../../src/common/auth/roles';
import { QUERY_LIMITS } from '../../src/common/graphql/limits';
import { factories } from '../support/factories';
import { startTestApp, type TestApp } from '../support/test-app';

/** A selection `depth` fields deep: students > nodes > enrollments > school > students > ... > id. */
function nested(depth: number): string {
  const chain = ['students(first: 1)', 'nodes', 'enrollments', 'school'];
  let query = 'id';
  for (let level = depth - 1; level >= 1; level--) query = `${chain[(level - 1) % chain.length]} { ${query} }`;
  return `{ ${query} }`;
}

describe('abuse limits', () => {
  let app: TestApp;
  let token: string;

  beforeAll(async () => {
    app = await startTestApp();
    token = app.token((await factories(app.ds).staff(StaffRole.DISTRICT_LEAD)).id);
  });
  afterAll(() => app.close());

  const accepted = async (query: string) => {
    const response = await app.gql(query, {}, token);
    expect(response.errors).toBeUndefined();
  };
  const refused = async (query: string, pattern: RegExp) => {
    const response = await app.gql(query, {}, token);
    expect(response.status).toBe(400);
    expect(response.data ?? null).toBeNull();
    expect(response.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0].message).toMatch(pattern);
  };

  it(`limits depth to ${QUERY_LIMITS.maxDepth}`, async () => {
    await accepted(nested(QUERY_LIMITS.maxDepth));
    await refused(nested(QUERY_LIMITS.maxDepth + 1), /depth/i);
  });

  it(`limits aliases to ${QUERY_LIMITS.maxAliases}`, async () => {
    const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: viewer { id }`).join(' ')} }`;
    await accepted(aliases(QUERY_LIMITS.maxAliases));
    await refused(aliases(QUERY_LIMITS.maxAliases + 1), /alias/i);
  });

  it(`limits directives to ${QUERY_LIMITS.maxDirectives}`, async () => {
    const directives = (n: number) => `{ viewer { ${'id @include(if: true) '.repeat(n)}} }`;
    await accepted(directives(QUERY_LIMITS.maxDirectives));
    await refused(directives(QUERY_LIMITS.maxDirectives + 1), /directive/i);
  });

  it(`limits tokens to ${QUERY_LIMITS.maxTokens}`, async () => {
    // `{ viewer { } }` and `fragment F on StaffUser { id }` are 12 tokens; each `...F` adds two and
    // `__typename` one. (Spreads, because graphql-js itself gives up on hundreds of repeated fields.)
    const tokens = (n: number) => `{ viewer { ${'...F '.repeat(Math.floor((n - 12) / 2))}${(n - 12) % 2 ? '__typename ' : ''}} } fragment F on StaffUser { id }`;
    await accepted(tokens(QUERY_LIMITS.maxTokens));
    await refused(tokens(QUERY_LIMITS.maxTokens + 1), /token/i);
  });

  it(`limits the estimated size, counting list sizes (first), to ${QUERY_LIMITS.maxComplexity}`, async () => {
    const sized = (first: number) => `{ schools { students(first: ${first}) { nodes { id localId enrollments { entryDate school { name } } } } } }`;
    // nodes = 1 + id + localId + enrollments (1 + 10 x (entryDate + school (1 + name))) = 34;
    // students = 1 + first x 34; schools = 1 + 10 x students: 11 + 340 x first, so 73 fits and 74 does not.
    await accepted(sized(73));
    await refused(sized(74), /estimated cost 25171, limit 25000/);
  });

  it('hides field suggestions', async () => {
    const response = await app.gql('{ viewr { id } }', {}, token);
    expect(response.errors?.[0].message).not.toMatch(/did you mean/i);
  });
});
