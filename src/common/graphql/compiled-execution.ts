import type { GatewayExecutor, GatewayInterface } from '@apollo/server-gateway-interface';
import { execute, GraphQLError, isAbstractType, printSchema, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';

/** Documents kept compiled; past this, the least recently used one is compiled again when next asked. */
const MAX_COMPILED = 500;

/**
 * Executes operations with graphql-jit instead of graphql-js's interpreter: each (document,
 * operation) that comes back is compiled once into a function that resolves fields, coerces arguments and
 * variables and completes values with the schema's own resolvers and scalars. On the nested
 * student page (thousands of fields per request, issue 9) graphql-js's per-field interpretation
 * (argument coercion, promise bookkeeping, value completion) cost more than our resolvers.
 *
 * Apollo Server takes a custom executor only through its gateway interface: the "gateway" here
 * serves our own schema, once, and Apollo still parses, validates (with our rules), runs every
 * plugin, and formats the result and errors as before.
 */
export function compiledExecution(schema: GraphQLSchema): GatewayInterface {
  assertSynchronousTypeResolution(schema);
  const compiled = new Map<string, CompiledQuery>();
  // graphql-js's own execution, whose errors Apollo knows how to report: a document that does not compile or
  // variables that do not coerce (nothing has run in either case, so nothing runs twice).
  const interpreted = (request: Parameters<GatewayExecutor>[0]) =>
    execute({
      schema,
      document: request.document,
      operationName: request.operationName,
      variableValues: request.request.variables,
      contextValue: request.context,
    });
  // Compiling costs milliseconds (code generation): a document is compiled when it comes back, so
  // one-off documents (an explorer's, a test's) never pay for it and the app's own always do.
  const seenOnce = new Set<string>();
  const executor: GatewayExecutor = async (request) => {
    const key = `${request.queryHash}\u0000${request.operationName ?? ''}`;
    let query = compiled.get(key);
    if (query) {
      compiled.delete(key);
    } else {
      if (!seenOnce.has(key)) {
        if (seenOnce.size >= MAX_COMPILED) seenOnce.delete(seenOnce.values().next().value!);
        seenOnce.add(key);
        return interpreted(request);
      }
      seenOnce.delete(key);
      const made = compileQuery(schema, request.document, request.operationName ?? undefined);
      if (!isCompiledQuery(made)) return interpreted(request);
      query = made;
      if (compiled.size >= MAX_COMPILED) compiled.delete(compiled.keys().next().value!);
    }
    compiled.set(key, query);
    const result = await query.query(undefined, request.context, request.request.variables ?? {});
    if (result.data === undefined) return interpreted(request);
    return result.errors ? { ...result, errors: result.errors.map(asGraphQLError) } : result;
  };
  return {
    async load() {
      return { executor };
    },
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: printSchema(schema) });
      return () => undefined;
    },
    async stop() {},
  };
}

/**
 * graphql-jit's errors are its own objects (read-only, with graphql-js's prototype but not its
 * constructor): Apollo, graphql-armor (which rewrites messages) and our formatError expect
 * graphql-js's GraphQLError, with the resolver's error as originalError.
 */
function asGraphQLError(error: NonNullable<ExecutionResult['errors']>[number]): GraphQLError {
  const original = error.originalError ?? undefined;
  const converted = new GraphQLError(error.message, { path: error.path, originalError: original, extensions: error.extensions });
  (converted as { locations?: unknown }).locations = error.locations;
  return converted;
}

/**
 * graphql-jit calls a union's or interface's resolveType synchronously: a promise would be taken
 * for a type name and every such field would fail at run time. type-graphql wraps a custom
 * resolveType in an async function (its default, by class, is synchronous), so a custom one is
 * refused here, when the server starts, rather than on the first request that meets it.
 */
function assertSynchronousTypeResolution(schema: GraphQLSchema): void {
  for (const type of Object.values(schema.getTypeMap())) {
    if (isAbstractType(type) && type.resolveType?.constructor.name === 'AsyncFunction') {
      throw new Error(`${type.name}: resolveType must be synchronous for the compiled executor (leave it to type-graphql's default, by class)`);
    }
  }
}
