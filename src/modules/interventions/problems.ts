import { UserErrorCode, UserInputError, type UserErrorShape } from '../../common/errors';

/** Collects a mutation's input problems so the client sees them all at once. */
export class Problems {
  readonly errors: UserErrorShape[] = [];

  add(code: UserErrorCode, field: string[], message: string): this {
    this.errors.push({ code, field, message });
    return this;
  }

  invalid(field: string[], message: string): this {
    return this.add(UserErrorCode.INVALID, field, message);
  }

  throwIfAny(): void {
    if (this.errors.length > 0) throw new UserInputError(this.errors);
  }
}
