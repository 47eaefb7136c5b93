import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { UserErrorCode, UserInputError, type UserErrorShape } from '../errors';

registerEnumType(UserErrorCode, { name: 'UserErrorCode', description: 'Why a mutation refused its input' });

@ObjectType({ description: 'A business-rule failure, named by the input field it concerns' })
export class UserError {
  @Field(() => UserErrorCode)
  code: UserErrorCode;

  @Field(() => [String], { description: 'Path to the input field, e.g. ["input", "exitDate"]' })
  field: string[];

  @Field()
  message: string;
}

/** Every mutation payload extends this: business failures come back here, not as top-level errors. */
@ObjectType('MutationPayloadBase', { description: 'Never emitted: payloads inherit its userErrors' })
export abstract class MutationPayload {
  @Field(() => [UserError], { description: 'Empty when the mutation succeeded' })
  userErrors: UserErrorShape[];
}

/**
 * Runs a service call and shapes its result as a payload: the entity under `key`, mapped to its
 * GraphQL type, and no userErrors; or, when the service refused the input ({@link UserInputError}),
 * `key: null` and the userErrors. Anything else is a server fault and propagates (masked).
 */
export async function payloadOf<K extends string, Entity, Type>(
  key: K,
  toType: (entity: Entity) => Type,
  run: () => Promise<Record<K, Entity>>,
): Promise<Record<K, Type | null> & { userErrors: UserErrorShape[] }> {
  try {
    const result = await run();
    return { [key]: toType(result[key]), userErrors: [] } as Record<K, Type> & { userErrors: UserErrorShape[] };
  } catch (error) {
    if (error instanceof UserInputError) return { [key]: null, userErrors: error.errors } as Record<K, null> & { userErrors: UserErrorShape[] };
    throw error;
  }
}
