import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { getNamedType, getNullableType, isListType, isObjectType, type DocumentNode, type GraphQLField } from 'graphql';
import { getComplexity, simpleEstimator, type ComplexityEstimator } from 'graphql-query-complexity';
import { AppError, ErrorCode } from '../errors';
import { DEFAULT_PAGE_SIZE } from './connection';

/** The abuse limits, each finite and each tested just below and just above (tests/server/limits.test.ts). */
export const QUERY_LIMITS = {
  maxDepth: 8,
  maxAliases: 15,
  maxDirectives: 50,
  maxTokens: 1000,
  /** Estimated fields resolved, with list sizes multiplied in (see listSizeEstimator). */
  maxComplexity: 25_000,
} as const;

/** A plain list without `first` (a student's enrollments, a meeting's notes) counts as this many. */
export const ASSUMED_LIST_SIZE = 10;

/**
 * graphql-armor's depth, alias and directive limits and its field-suggestion blocking (so a probe
 * cannot enumerate the schema from "Did you mean" hints). Two limits come from elsewhere: the token
 * limit is graphql-js's own parser option ({@link PARSE_OPTIONS}; armor's token plugin re-parses
 * the document and its syntax errors surface as 500s instead of Apollo's 400), and armor's cost
 * limit does not know list sizes, so ours replaces it ({@link complexityLimitPlugin}).
 */
export function armorProtection() {
  return new ApolloArmor({
    maxDepth: { n: QUERY_LIMITS.maxDepth, ignoreIntrospection: true },
    maxAliases: { n: QUERY_LIMITS.maxAliases },
    maxDirectives: { n: QUERY_LIMITS.maxDirectives },
    maxTokens: { enabled: false },
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: true },
  }).protect();
}

export const PARSE_OPTIONS = { maxTokens: QUERY_LIMITS.maxTokens };

/**
 * A connection field costs `first` (default page size) times its selection; `edges` and `nodes`
 * inside it are already counted by that multiplier; any other list counts ASSUMED_LIST_SIZE.
 */
const listSizeEstimator: ComplexityEstimator = ({ field, args, childComplexity }) => {
  const type = getNullableType((field as GraphQLField<unknown, unknown>).type);
  const named = getNamedType(type);
  if (isObjectType(named) && named.name.endsWith('Connection')) {
    const first = typeof args.first === 'number' ? args.first : DEFAULT_PAGE_SIZE;
    return 1 + first * childComplexity;
  }
  if (isListType(type)) {
    const name = (field as GraphQLField<unknown, unknown>).name;
    return 1 + (name === 'edges' || name === 'nodes' ? 1 : ASSUMED_LIST_SIZE) * childComplexity;
  }
  return undefined;
};

/** Estimates kept per parsed document (Apollo's document store hands back the same object for the same text). */
const MAX_ESTIMATES_PER_DOCUMENT = 64;

/**
 * Refuses operations whose estimated size exceeds the limit, before anything executes. The
 * estimate walks the whole document with the schema; it depends only on the document, the
 * operation and the variables, so it is computed once per distinct triple (a client repeating a
 * query pays for it once) and kept with the cached document.
 */
export function complexityLimitPlugin(max: number = QUERY_LIMITS.maxComplexity): ApolloServerPlugin {
  const estimates = new WeakMap<DocumentNode, Map<string, number>>();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema }) {
          let known = estimates.get(document);
          const key = JSON.stringify([request.operationName ?? null, request.variables ?? {}]);
          let complexity = known?.get(key);
          if (complexity === undefined) {
            try {
              complexity = getComplexity({
                schema,
                query: document,
                operationName: request.operationName ?? undefined,
                variables: request.variables ?? {},
                estimators: [listSizeEstimator, simpleEstimator({ defaultComplexity: 1 })],
              });
            } catch (error) {
              // Estimating coerces the variables first: a bad variable is the client's to fix.
              throw new AppError(ErrorCode.BAD_USER_INPUT, (error as Error).message, { http: { status: 400 } });
            }
            if (!known) estimates.set(document, (known = new Map()));
            if (known.size >= MAX_ESTIMATES_PER_DOCUMENT) known.clear();
            known.set(key, complexity);
          }
          if (complexity > max) {
            throw new AppError(ErrorCode.BAD_USER_INPUT, `The query is too large (estimated cost ${complexity}, limit ${max}); ask for fewer items per page or fewer nested lists`, {
              http: { status: 400 },
            });
          }
        },
      };
    },
  };
}
