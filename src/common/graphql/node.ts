import { Field, ID, InterfaceType } from 'type-graphql';

/** Anything with a global id that `node(id)` can fetch again. */
@InterfaceType('Node', { description: 'An object with a global id, refetchable with node(id)' })
export abstract class Node {
  @Field(() => ID, { description: 'Global, opaque id' })
  id: string;
}
