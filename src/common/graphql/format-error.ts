import type { GraphQLFormattedError } from 'graphql';
import { GraphQLError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { ArgumentValidationError } from 'type-graphql';
import type { ValidationError } from 'class-validator';
import { AppError, ErrorCode } from '../errors';
import type { Logger } from '../../logger';

const KNOWN_CODES = new Set<string>(Object.values(ErrorCode));

/** Apollo's request-level codes: all are faults in what the client sent. */
const CLIENT_REQUEST_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

interface FieldProblem {
  field: string;
  messages: string[];
}

function flattenValidation(errors: ValidationError[], prefix: string): FieldProblem[] {
  return errors.flatMap((e) => {
    const field = /^\d+$/.test(e.property) ? `${prefix}[${e.property}]` : `${prefix}.${e.property}`;
    const own = e.constraints ? [{ field, messages: Object.values(e.constraints) }] : [];
    return [...own, ...flattenValidation(e.children ?? [], field)];
  });
}

/**
 * Every error a client sees carries one code from {@link ErrorCode}; anything unexpected (a SQL
 * error, a bug) is logged with the request and replaced by a generic message, so no SQL, constraint
 * name or stack trace leaves the server.
 */
export function createFormatError(log: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (original instanceof ArgumentValidationError) {
      const errors = original.extensions.validationErrors as ValidationError[];
      // Our validated arguments are named after their class: `filter` for *Filter, else `input`.
      const argName = errors[0]?.target?.constructor.name.endsWith('Filter') ? 'filter' : 'input';
      const problems = flattenValidation(errors, argName);
      const message = problems.map((p) => `${p.field}: ${p.messages.join('; ')}`).join('. ') || 'Invalid input';
      return {
        message,
        path: formatted.path,
        locations: formatted.locations,
        extensions: { code: ErrorCode.BAD_USER_INPUT, fields: problems },
      };
    }
    const code = formatted.extensions?.code;
    // Only our own errors keep their message: their text was written for the client.
    if (original instanceof AppError && typeof code === 'string' && KNOWN_CODES.has(code)) {
      const { http: _http, stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions: { ...extensions, code } };
    }
    if (typeof code === 'string' && CLIENT_REQUEST_CODES.has(code)) {
      return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions: { code: ErrorCode.BAD_USER_INPUT } };
    }
    if (original instanceof GraphQLError && !original.originalError && code === undefined) {
      // graphql-js execution errors such as a non-null field resolving to null are server faults.
      log.error({ err: original, path: formatted.path }, 'graphql execution error');
    } else {
      log.error({ err: original, path: formatted.path }, 'unexpected error');
    }
    return { message: 'Internal server error', path: formatted.path, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
  };
}
