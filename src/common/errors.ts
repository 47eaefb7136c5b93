import { GraphQLError } from 'graphql';

/** The only `extensions.code` values a client ever sees on a top-level error. */
export enum ErrorCode {
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  NOT_FOUND = 'NOT_FOUND',
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  CONFLICT = 'CONFLICT',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
}

const httpStatus: Partial<Record<ErrorCode, number>> = {
  [ErrorCode.UNAUTHENTICATED]: 401,
};

/** An error whose message is written for the client; anything else is masked by formatError. */
export class AppError extends GraphQLError {
  constructor(code: ErrorCode, message: string, extra: Record<string, unknown> = {}) {
    const status = httpStatus[code];
    super(message, { extensions: { code, ...extra, ...(status ? { http: { status } } : {}) } });
  }
}

export const unauthenticated = (reason = 'Authentication required') => new AppError(ErrorCode.UNAUTHENTICATED, reason);
export const forbidden = (reason = 'Not allowed for your role') => new AppError(ErrorCode.FORBIDDEN, reason);
export const badUserInput = (field: string, message: string) =>
  new AppError(ErrorCode.BAD_USER_INPUT, `${field}: ${message}`, { field });

/**
 * A business-rule failure returned in a mutation payload's `userErrors`, not thrown: the
 * client shows it next to the field it names.
 */
export interface UserErrorShape {
  code: UserErrorCode;
  /** Path of the input field, e.g. ['input', 'exitDate']. */
  field: string[];
  message: string;
}

export enum UserErrorCode {
  INVALID = 'INVALID',
  NOT_FOUND = 'NOT_FOUND',
  CONFLICT = 'CONFLICT',
  DUPLICATE = 'DUPLICATE',
  FORBIDDEN = 'FORBIDDEN',
}

/** Thrown inside a service to abort its transaction; the resolver turns it into `userErrors`. */
export class UserInputError extends Error {
  constructor(public readonly errors: UserErrorShape[]) {
    super(errors.map((e) => `${e.field.join('.')}: ${e.message}`).join('; '));
  }

  static of(code: UserErrorCode, field: string[], message: string): UserInputError {
    return new UserInputError([{ code, field, message }]);
  }
}
