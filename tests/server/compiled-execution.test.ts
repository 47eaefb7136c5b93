import { createHash } from 'node:crypto';
import type { GatewayExecutor, GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import { buildSchema, execute, GraphQLError, parse, type GraphQLSchema } from 'graphql';
import { compileQuery } from 'graphql-jit';
import { StaffRole } from '../../src/common/auth/roles';
import { compiledExecution } from '../../src/common/graphql/compiled-execution';
import { factories } from '../support/factories';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * The executor (graphql-jit behind Apollo's gateway interface) answers as graphql-js would: the same
 * data, errors Apollo and our formatError can read, graphql-js's own words for bad variables; and it
 * refuses at start-up what it cannot run (an asynchronous resolveType).
 */
jest.mock('graphql-jit', () => {
  const actual = jest.requireActual('graphql-jit');
  return { ...actual, compileQuery: jest.fn(actual.compileQuery) };
});

const SDL = `
  type Query { school(id: ID!): School, shapes: [Shape!]! }
  type School { id: ID!, name: String!, students(first: Int!): [Student!]!, totalCount: Int! }
  type Student { id: ID!, givenName: String!, failing: String }
  interface Shape { sides: Int! }
  type Square implements Shape { sides: Int! }
  type Triangle implements Shape { sides: Int! }
`;

class Square { sides = 4; }
class Triangle { sides = 3; }

function testSchema(resolveShape: (value: unknown) => unknown = (value) => (value instanceof Square ? 'Square' : 'Triangle')): GraphQLSchema {
  const schema = buildSchema(SDL);
  const failure = new Error('the resolver failed');
  const fields = (type: string) => (schema.getType(type) as unknown as { getFields(): Record<string, { resolve?: unknown }> }).getFields();
  fields('Query').school.resolve = async (_: unknown, { id }: { id: string }) => ({ id, name: `School ${id}` });
  fields('Query').shapes.resolve = () => [new Square(), new Triangle()];
  fields('School').students.resolve = async (school: { id: string }, { first }: { first: number }) =>
    Array.from({ length: first }, (_, i) => ({ id: `${school.id}-${i}`, givenName: `Given ${i}` }));
  fields('School').totalCount.resolve = async () => 42;
  fields('Student').failing.resolve = async (student: { id: string }) => {
    if (student.id.endsWith('-1')) throw Object.assign(failure, { extensions: { code: 'PROBE' } });
    return 'fine';
  };
  (schema.getType('Shape') as unknown as { resolveType: unknown }).resolveType = resolveShape;
  return schema;
}

async function executorFor(schema: GraphQLSchema): Promise<GatewayExecutor> {
  const { executor } = await compiledExecution(schema).load({ apollo: {} });
  return executor!;
}

function request(source: string, variables: Record<string, unknown>): GatewayGraphQLRequestContext {
  return {
    request: { query: source, variables },
    document: parse(source),
    source,
    queryHash: createHash('sha256').update(source).digest('hex'),
    operationName: null,
    context: {},
  } as unknown as GatewayGraphQLRequestContext;
}

const QUERY = `query Page($id: ID!, $first: Int!) {
  school(id: $id) { name totalCount students(first: $first) { id givenName failing } }
  shapes { __typename sides }
}`;

describe('compiled execution (graphql-jit)', () => {
  it('answers the same data and errors as graphql-js, with graphql-js GraphQLErrors that keep the resolver error', async () => {
    const schema = testSchema();
    const executor = await executorFor(schema);
    const variables = { id: 's1', first: 3 };
    const compiles = jest.mocked(compileQuery);
    compiles.mockClear();
    // The first run is interpreted; the document is compiled when it comes back, once.
    for (let run = 0; run < 3; run++) {
      const compiled = await executor(request(QUERY, variables));
      expect(compiles).toHaveBeenCalledTimes(run === 0 ? 0 : 1);
      const interpreted = await execute({ schema, document: parse(QUERY), variableValues: variables, contextValue: {} });
      expect(JSON.parse(JSON.stringify(compiled))).toEqual(JSON.parse(JSON.stringify(interpreted)));
      const [error] = compiled.errors!;
      expect(error.constructor).toBe(GraphQLError);
      expect(error.path).toEqual(['school', 'students', 1, 'failing']);
      expect(error.locations).toEqual([{ line: 2, column: 76 }]);
      expect(error.originalError?.message).toBe('the resolver failed');
      expect(error.extensions).toEqual({ code: 'PROBE' });
      // graphql-armor rewrites messages in place: they must stay writable.
      error.message = 'rewritten';
      expect(error.message).toBe('rewritten');
    }
  });

  it("reports variables that do not coerce in graphql-js's words, without running anything", async () => {
    const schema = testSchema();
    const executor = await executorFor(schema);
    await executor(request(QUERY, { id: 's1', first: 1 }));
    const compiled = await executor(request(QUERY, { id: 's1', first: 'many' }));
    const interpreted = await execute({ schema, document: parse(QUERY), variableValues: { id: 's1', first: 'many' } });
    expect(compiled.data).toBeUndefined();
    expect(compiled.errors?.map((e) => e.message)).toEqual(interpreted.errors?.map((e) => e.message));
    expect(compiled.errors?.[0].nodes?.[0].kind).toBe('VariableDefinition');
  });

  it('refuses an asynchronous resolveType when the server starts, naming the type', () => {
    expect(() => compiledExecution(testSchema(async () => 'Square'))).toThrow(/Shape: resolveType must be synchronous/);
  });

  describe('behind Apollo', () => {
    let app: TestApp;
    let token: string;
    beforeAll(async () => {
      app = await startTestApp();
      token = app.token((await factories(app.ds).staff(StaffRole.DISTRICT_LEAD)).id);
    });
    afterAll(() => app.close());

    it('answers a bad variable with 400 and BAD_USER_INPUT, and a connection total through its lazy count', async () => {
      const bad = await app.gql('query ($first: Int) { students(first: $first) { totalCount } }', { first: 'ten' }, token);
      expect(bad.status).toBe(400);
      expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(bad.errors?.[0].message).toMatch(/Variable "\$first" got invalid value "ten"/);
      const good = await app.gql('query ($first: Int) { students(first: $first) { totalCount } }', { first: 5 }, token);
      expect(good.errors).toBeUndefined();
      expect(good.data).toEqual({ students: { totalCount: 0 } });
    });
  });
});
