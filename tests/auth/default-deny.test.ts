import { getNamedType, isLeafType, isObjectType } from 'graphql';
import { sampleCall } from '../support/sample-args';
import { getMetadataStorage } from 'type-graphql';
import { buildAppSchema, resolvers } from '../../src/schema';
import { startTestApp } from '../support/test-app';

/**
 * Default deny: every operation and every resolved field must carry an authorization decision
 * (`@Authorized` on its resolver class or on the method). A new resolver without one fails here.
 */
describe('authorization coverage', () => {
  it('every query, mutation and field resolver has an @Authorized decision', async () => {
    const schema = await buildAppSchema();
    const storage = getMetadataStorage() as unknown as {
      queries: { target: Function; methodName: string; schemaName: string }[];
      mutations: { target: Function; methodName: string; schemaName: string }[];
      fieldResolvers: { target: Function; methodName: string; schemaName: string }[];
      authorizedFields: { target: Function; fieldName: string }[];
      authorizedResolver: { target: Function }[];
    };
    const authorizedClasses = new Set(storage.authorizedResolver.map((a) => a.target));
    const authorizedMethods = new Set(storage.authorizedFields.map((a) => `${a.target.name}.${a.fieldName}`));
    const ours = new Set<Function>(resolvers);
    const handlers = [...storage.queries, ...storage.mutations, ...storage.fieldResolvers].filter((h) => ours.has(h.target));
    const undecided = handlers
      .filter((h) => !authorizedClasses.has(h.target) && !authorizedMethods.has(`${h.target.name}.${h.methodName}`))
      .map((h) => `${h.target.name}.${h.methodName}`);
    expect(undecided).toEqual([]);

    // Every root field in the built schema is one of those decided handlers.
    const handlerNames = new Set([...storage.queries, ...storage.mutations].filter((h) => ours.has(h.target)).map((h) => h.schemaName));
    for (const root of [schema.getQueryType(), schema.getMutationType()]) {
      if (!root || !isObjectType(root)) continue;
      for (const field of Object.keys(root.getFields())) expect(handlerNames.has(field) ? field : `undecided ${field}`).toBe(field);
    }
  });

  it('refuses every root query and mutation without a token', async () => {
    const schema = await buildAppSchema();
    const app = await startTestApp();
    try {
      const roots = [['query', schema.getQueryType()!], ['mutation', schema.getMutationType()!]] as const;
      for (const [operation, root] of roots) for (const field of Object.values(root.getFields())) {
        const selection = isLeafType(getNamedType(field.type)) ? '' : '{ __typename }';
        const query = `${operation} { ${sampleCall(field)} ${selection} }`;
        const response = await app.gql(query);
        expect({ field: field.name, code: response.errors?.[0]?.extensions?.code }).toEqual({ field: field.name, code: 'UNAUTHENTICATED' });
      }
    } finally {
      await app.close();
    }
  });
});
